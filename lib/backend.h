// The interface between the core and a device backend. The core plans kernels and owns the
// in-memory kernel cache; a backend allocates memory, compiles kernel IR and launches it.
// Backends live in runtime/ and codegen/; the core includes none of their headers.
#pragma once
#include <cstddef>
#include <functional>
#include <memory>
#include <span>

#include "ir/buffer.h"
#include "ir/kernel.h"
#include "sinter/device.h"
#include "sinter/memory.h"

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
  /// Device memory of at least `bytes` (aligned to 64 bytes) for work on the default stream.
  /// Throws OutOfMemory.
  std::shared_ptr<ir::Buffer> allocate(std::size_t bytes) { return allocate_on(bytes, ir::kDefaultStream); }
  /// The same for work on `stream`: its memory may be reused only in that stream's order.
  virtual std::shared_ptr<ir::Buffer> allocate_on(std::size_t bytes, ir::StreamId stream) = 0;
  /// A buffer over memory the application owns (Array::wrap, from_dlpack): sinter reads and
  /// writes it in place and never frees it; `release` runs when no array or kernel uses it any
  /// more. Throws DeviceError when `data` is known not to be memory of this device (the CUDA
  /// backend asks the driver; the CPU cannot tell host memory from any other address).
  virtual std::shared_ptr<ir::Buffer> wrap_memory(void* data, std::size_t bytes, std::function<void()> release) = 0;
  /// Copies host memory into `dst` (ordered after earlier work on the device).
  virtual void copy_from_host(ir::Buffer& dst, const void* src, std::size_t bytes) = 0;
  /// Copies `src` to host memory; returns once the data is there.
  virtual void copy_to_host(void* dst, const ir::Buffer& src, std::size_t bytes) = 0;
  /// Compiles a kernel. Throws CompileError with the compiler's log.
  virtual std::shared_ptr<const CompiledKernel> compile(const ir::KernelIR& kernel) = 0;
  /// Whether compile() takes row kernels (ir/kernel.h); the planner makes them only then.
  virtual bool runs_row_kernels() const { return false; }
  /// Runs a compiled kernel over args.n elements on args.stream (asynchronously where the
  /// device allows).
  virtual void launch(const CompiledKernel& kernel, const ir::KernelArgs& args) = 0;
  /// Orders work queued next on `stream` after the work that writes `inputs` (queued on their
  /// own streams), and keeps their memory from reuse until `stream` has read them.
  virtual void order_reads(std::span<const std::shared_ptr<ir::Buffer>> inputs, ir::StreamId stream) = 0;
  /// Waits for all work queued on the device, on every stream.
  virtual void synchronize() = 0;

  /// A new stream (Throws DeviceError); destroying it waits for its work first.
  virtual ir::StreamId create_stream() = 0;
  /// The application's stream `handle` (a CUstream) as a stream of this device (Stream::wrap).
  /// Throws DeviceError when the device has no such streams or the stream is another context's.
  virtual ir::StreamId adopt_stream(void* handle) = 0;
  /// Waits for the stream's work and forgets it; `owned`: also destroys it (not an adopted one).
  virtual void destroy_stream(ir::StreamId stream, bool owned) = 0;
  /// Waits for all work queued on `stream`.
  virtual void synchronize_stream(ir::StreamId stream) = 0;

  /// The device's allocator statistics, and giving its cached memory back to the system.
  virtual MemoryStats memory_stats() = 0;
  virtual void release_cached_memory() = 0;
};

/// The backend of a device, started on first use. Throws DeviceUnavailable (saying why) when the
/// device cannot be used. Defined in runtime/backend_registry.cpp.
Backend& backend_for(Device device);

namespace detail {
/// A test hook for the failure paths of a kernel's compile (tests/test_errors.cpp): called with
/// the name of each step between a kernel-cache miss and the kernel's arrival ("log", "dump",
/// "compile", and the backend's "load"); a hook that throws makes that step fail. Null by default.
using FaultHook = void (*)(const char* step);
void set_fault_hook(FaultHook hook);
void fault_point(const char* step);
}  // namespace detail

}  // namespace sinter
