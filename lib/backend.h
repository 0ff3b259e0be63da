// The interface between the core and a device backend. The core plans kernels and owns the
// in-memory kernel cache; a backend allocates memory, compiles kernel IR and launches it.
// Backends live in runtime/ and codegen/; the core includes none of their headers.
#pragma once
#include <cstddef>
#include <memory>

#include "ir/buffer.h"
#include "ir/kernel.h"
#include "sinter/device.h"

namespace sinter {

/// A kernel ready to launch on one backend.
class CompiledKernel {
 public:
  virtual ~CompiledKernel() = default;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual Device device() const = 0;
  /// Device memory of at least `bytes` (aligned to 64 bytes). Throws OutOfMemory.
  virtual std::shared_ptr<ir::Buffer> allocate(std::size_t bytes) = 0;
  /// Copies host memory into `dst` (ordered after earlier work on the device).
  virtual void copy_from_host(ir::Buffer& dst, const void* src, std::size_t bytes) = 0;
  /// Copies `src` to host memory; returns once the data is there.
  virtual void copy_to_host(void* dst, const ir::Buffer& src, std::size_t bytes) = 0;
  /// Compiles a kernel. Throws CompileError with the compiler's log.
  virtual std::shared_ptr<const CompiledKernel> compile(const ir::KernelIR& kernel) = 0;
  /// Runs a compiled kernel over args.n elements (asynchronously where the device allows).
  virtual void launch(const CompiledKernel& kernel, const ir::KernelArgs& args) = 0;
  /// Waits for all work queued on the device.
  virtual void synchronize() = 0;
};

/// The backend of a device, started on first use. Throws DeviceUnavailable (saying why) when the
/// device cannot be used. Defined in runtime/backend_registry.cpp.
Backend& backend_for(Device device);

}  // namespace sinter
