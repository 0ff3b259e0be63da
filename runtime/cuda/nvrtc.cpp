// The NVRTC function table, the compile call and its error message. NVRTC is looked for as
// libnvrtc.so.13, .so.12, .so, then in $CUDA_HOME/lib64 and /usr/local/cuda/lib64.
#include "runtime/cuda/nvrtc.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "config.h"
#include "runtime/cuda/dynamic_library.h"
#include "runtime/cuda/logger.h"
#include "sinter/error.h"

namespace sinter::gpu {
namespace {

using nvrtcResult = int;
using nvrtcProgram = struct _nvrtcProgram*;
constexpr nvrtcResult kNvrtcSuccess = 0;

// X(field, parameter list): the NVRTC entry points sinter uses (all return nvrtcResult, except
// nvrtcGetErrorString, which is bound separately).
#define SINTER_NVRTC_FUNCTIONS(X)                                                                       \
  X(nvrtcVersion, (int* major, int* minor))                                                             \
  X(nvrtcGetNumSupportedArchs, (int* count))                                                            \
  X(nvrtcGetSupportedArchs, (int* architectures))                                                       \
  X(nvrtcCreateProgram, (nvrtcProgram * program, const char* source, const char* name, int num_headers, \
                         const char* const* headers, const char* const* include_names))                 \
  X(nvrtcDestroyProgram, (nvrtcProgram * program))                                                      \
  X(nvrtcCompileProgram, (nvrtcProgram program, int num_options, const char* const* options))           \
  X(nvrtcGetProgramLogSize, (nvrtcProgram program, std::size_t * bytes))                                \
  X(nvrtcGetProgramLog, (nvrtcProgram program, char* log))                                              \
  X(nvrtcGetCUBINSize, (nvrtcProgram program, std::size_t * bytes))                                     \
  X(nvrtcGetCUBIN, (nvrtcProgram program, char* cubin))                                                 \
  X(nvrtcGetPTXSize, (nvrtcProgram program, std::size_t * bytes))                                       \
  X(nvrtcGetPTX, (nvrtcProgram program, char* ptx))

struct NvrtcApi {
#define SINTER_DECLARE_NVRTC_FUNCTION(field, parameters) nvrtcResult(*field) parameters = nullptr;
  SINTER_NVRTC_FUNCTIONS(SINTER_DECLARE_NVRTC_FUNCTION)
#undef SINTER_DECLARE_NVRTC_FUNCTION
  const char* (*nvrtcGetErrorString)(nvrtcResult result) = nullptr;
  int major = 0, minor = 0;
  std::vector<int> architectures;  // e.g. 75 80 ... 90 100 120
  std::string library_path;
};

struct NvrtcLoad {
  NvrtcApi api;
  std::string failure;
};

std::vector<std::string> nvrtc_candidates() {
  std::vector<std::string> candidates = {"libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so"};
  if (const char* home = std::getenv("CUDA_HOME"); home && *home)
    candidates.push_back(std::string(home) + "/lib64/libnvrtc.so");
  candidates.push_back("/usr/local/cuda/lib64/libnvrtc.so");
  return candidates;
}

NvrtcLoad load_nvrtc() {
  NvrtcLoad load;
  std::string failures;
  const auto candidates = nvrtc_candidates();
  const auto library = load_first_library(candidates, failures);
  if (!library) {
    load.failure =
        "no NVRTC: the CUDA runtime compiler library could not be loaded (install the CUDA toolkit's "
        "NVRTC, or put it on LD_LIBRARY_PATH)" +
        failures;
    return load;
  }
  NvrtcApi& api = load.api;
  api.library_path = library->path;
  std::string missing;
#define SINTER_BIND_NVRTC_FUNCTION(field, parameters)                               \
  api.field = reinterpret_cast<decltype(api.field)>(find_symbol(*library, #field)); \
  if (api.field == nullptr) missing += std::string(missing.empty() ? "" : ", ") + #field;
  SINTER_NVRTC_FUNCTIONS(SINTER_BIND_NVRTC_FUNCTION)
  SINTER_BIND_NVRTC_FUNCTION(nvrtcGetErrorString, ())
#undef SINTER_BIND_NVRTC_FUNCTION
  if (!missing.empty()) {
    load.failure = "NVRTC at " + library->path + " is too old: it lacks " + missing;
    return load;
  }
  api.nvrtcVersion(&api.major, &api.minor);
  int count = 0;
  api.nvrtcGetNumSupportedArchs(&count);
  api.architectures.resize(static_cast<std::size_t>(count));
  if (count > 0) api.nvrtcGetSupportedArchs(api.architectures.data());
  return load;
}

const NvrtcApi& nvrtc_api() {
  static const NvrtcLoad load = load_nvrtc();
  if (!load.failure.empty()) throw DeviceUnavailable(load.failure);
  return load.api;
}

std::string with_line_numbers(std::string_view source) {
  std::string out;
  int line = 1;
  std::size_t start = 0;
  while (start < source.size()) {
    std::size_t end = source.find('\n', start);
    if (end == std::string_view::npos) end = source.size();
    char number[16];
    std::snprintf(number, sizeof number, "%5d | ", line++);
    out += number;
    out += source.substr(start, end - start);
    out += '\n';
    start = end + 1;
  }
  return out;
}

std::string trimmed_log(std::string log) {
  while (!log.empty() && (log.back() == '\0' || log.back() == '\n' || log.back() == ' ')) log.pop_back();
  return log;
}

/// Owns an nvrtcProgram so that every exit path destroys it.
struct ProgramDeleter {
  const NvrtcApi* api;
  void operator()(nvrtcProgram program) const { api->nvrtcDestroyProgram(&program); }
};
using ProgramHandle = std::unique_ptr<_nvrtcProgram, ProgramDeleter>;

}  // namespace

std::string nvrtc_version() {
  const NvrtcApi& api = nvrtc_api();
  return std::to_string(api.major) + "." + std::to_string(api.minor);
}

std::string cuda_cache_target(std::string_view target) {
  std::string text = "cuda: NVRTC " + nvrtc_version() + "; " + std::string(target) + ";";
  for (const std::string& option : nvrtc_options(target)) text += " " + option;
  return text;
}

/// SINTER_CUDA_FAST_COMPILE, read once: "0" (default) or NVRTC's --Ofast-compile level "min",
/// "mid" or "max" (a tuning knob: less optimization for a shorter compile; docs/cuda.md, "Compile time").
const std::string& fast_compile_level() {
  static const std::string level = [] {
    const char* text = std::getenv("SINTER_CUDA_FAST_COMPILE");
    std::string value = text ? text : "0";
    config::parse_choice("SINTER_CUDA_FAST_COMPILE", value, {"0", "min", "mid", "max"});
    return value;
  }();
  return level;
}

std::vector<std::string> nvrtc_options(std::string_view target) {
  std::vector<std::string> options = {"--gpu-architecture=" + std::string(target),
                                      "--std=c++17",
                                      "--fmad=false",
                                      "--prec-div=true",
                                      "--prec-sqrt=true",
                                      "--ftz=false"};
  const NvrtcApi& api = nvrtc_api();
  const int version = api.major * 100 + api.minor;
  // Leaves out the declarations of textures, surfaces, the device runtime and the runtime API's
  // types, which generated code never uses: the same CUBIN, a shorter front end (NVRTC 12.4+).
  if (version >= 1204) options.push_back("--minimal");
  if (const std::string& level = fast_compile_level(); level != "0" && version >= 1208)
    options.push_back("--Ofast-compile=" + level);
  return options;
}

std::optional<std::string> nvrtc_target_for(int major, int minor) {
  const NvrtcApi& api = nvrtc_api();
  const int wanted = major * 10 + minor;
  int best_below = 0;
  for (int arch : api.architectures) {
    if (arch == wanted) return "sm_" + std::to_string(arch);
    if (arch < wanted && arch > best_below) best_below = arch;
  }
  if (best_below == 0) return std::nullopt;
  return "compute_" + std::to_string(best_below);
}

CudaImage compile_cuda(std::string_view source, std::string_view program_name, std::string_view target) {
  return compile_cuda_with_options(source, program_name, target, nvrtc_options(target));
}

CudaImage compile_cuda_with_options(std::string_view source, std::string_view program_name, std::string_view target,
                                    const std::vector<std::string>& options) {
  const NvrtcApi& api = nvrtc_api();
  const std::string source_text(source), name(program_name);
  nvrtcProgram raw = nullptr;
  if (nvrtcResult r = api.nvrtcCreateProgram(&raw, source_text.c_str(), name.c_str(), 0, nullptr, nullptr);
      r != kNvrtcSuccess)
    throw CompileError("NVRTC could not create program " + name + ": " + api.nvrtcGetErrorString(r));
  ProgramHandle program(raw, ProgramDeleter{&api});

  std::vector<const char*> option_pointers;
  for (const std::string& o : options) option_pointers.push_back(o.c_str());
  const auto start = std::chrono::steady_clock::now();
  const nvrtcResult result =
      api.nvrtcCompileProgram(raw, static_cast<int>(option_pointers.size()), option_pointers.data());
  CudaImage image;
  image.compile_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  std::size_t log_bytes = 0;
  api.nvrtcGetProgramLogSize(raw, &log_bytes);
  std::string log(log_bytes, '\0');
  if (log_bytes > 0) api.nvrtcGetProgramLog(raw, log.data());
  image.log = trimmed_log(std::move(log));
  if (result != kNvrtcSuccess) {
    throw CompileError("NVRTC " + std::to_string(api.major) + "." + std::to_string(api.minor) + " could not compile " +
                       name + " for " + std::string(target) + ": " + api.nvrtcGetErrorString(result) +
                       "\n--- NVRTC log ---\n" + image.log + "\n--- source ---\n" + with_line_numbers(source));
  }

  image.is_cubin = target.starts_with("sm_");
  std::size_t bytes = 0;
  if (image.is_cubin) {
    api.nvrtcGetCUBINSize(raw, &bytes);
    image.data.resize(bytes);
    api.nvrtcGetCUBIN(raw, image.data.data());
  } else {
    api.nvrtcGetPTXSize(raw, &bytes);  // includes the terminating NUL cuModuleLoadData needs
    image.data.resize(bytes);
    api.nvrtcGetPTX(raw, image.data.data());
  }
  logger()->debug("NVRTC compiled {} for {} in {:.1f} ms ({} bytes of {})", name, target, image.compile_ms, bytes,
                  image.is_cubin ? "CUBIN" : "PTX");
  if (!image.log.empty()) logger()->debug("NVRTC log for {}:\n{}", name, image.log);
  return image;
}

std::vector<char> compile_cuda_to_cubin(std::string_view source, std::string_view target) {
  if (!target.starts_with("sm_"))
    throw CompileError("compile_cuda_to_cubin needs an sm_XY target, not '" + std::string(target) + "'");
  return compile_cuda(source, "sinter_program.cu", target).data;
}

}  // namespace sinter::gpu
