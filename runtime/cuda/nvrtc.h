// NVRTC, loaded with dlopen at first use: compiles generated CUDA C++ to CUBIN for the device's
// exact architecture (PTX when NVRTC does not know it). Works without a GPU or driver, which
// is how the tests compile every generated kernel on machines with no device.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sinter::gpu {

/// A compiled program: CUBIN for an "sm_XY" target, NUL-terminated PTX for "compute_XY".
struct CudaImage {
  std::vector<char> data;
  bool is_cubin = true;
  std::string log;          // NVRTC's log, trailing NULs and blank lines removed (empty when clean)
  double compile_ms = 0.0;  // wall time of nvrtcCompileProgram
};

/// "13.0". Throws DeviceUnavailable when NVRTC cannot be loaded (the message lists what was tried).
std::string nvrtc_version();

/// The options sinter passes to NVRTC for `target`, e.g. --gpu-architecture=sm_90 --fmad=false.
/// No fast math: IEEE division and square root, no contraction of a*b+c into fma (so results
/// match the reference interpreter), denormals kept.
std::vector<std::string> nvrtc_options(std::string_view target);

/// What a kernel compiled for `target` is built for, as the disk cache records it in each entry:
/// NVRTC's version, the target and every option ("cuda: NVRTC 13.0; sm_90; --gpu-architecture=...").
/// Throws DeviceUnavailable when NVRTC cannot be loaded.
std::string cuda_cache_target(std::string_view target);

/// The target for a device of compute capability major.minor: "sm_XY" when NVRTC can emit
/// CUBIN for it; otherwise "compute_ZW" for the newest architecture NVRTC knows below it (the
/// driver JIT-compiles that PTX); nullopt when the device is older than any NVRTC supports.
std::optional<std::string> nvrtc_target_for(int major, int minor);

/// Compiles `source` (program name `program_name`, used in NVRTC's messages) for `target`.
/// Throws CompileError with NVRTC's log and the source with line numbers when it fails.
CudaImage compile_cuda(std::string_view source, std::string_view program_name, std::string_view target);

/// The same with the complete option list given (it must name the architecture `target` is for):
/// for tools that compare NVRTC options, e.g. bench/nvrtc_compile_time.cpp.
CudaImage compile_cuda_with_options(std::string_view source, std::string_view program_name, std::string_view target,
                                    const std::vector<std::string>& options);

/// CUBIN for `target` ("sm_90" by default). For tests and tools: needs no GPU.
std::vector<char> compile_cuda_to_cubin(std::string_view source, std::string_view target = "sm_90");

}  // namespace sinter::gpu
