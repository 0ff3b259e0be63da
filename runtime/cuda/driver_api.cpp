// Loading of libcuda.so.1 and cuInit, once per process; the outcome (table or reason for
// failure) is kept, so every later cuda(i) request gets the same answer without retrying.
#include "runtime/cuda/driver_api.h"

#include <array>

#include "runtime/cuda/dynamic_library.h"
#include "sinter/error.h"

namespace sinter::gpu {
namespace {

std::string error_text(const DriverApi& api, CUresult result) {
  const char* name = nullptr;
  const char* text = nullptr;
  if (api.cuGetErrorName) api.cuGetErrorName(result, &name);
  if (api.cuGetErrorString) api.cuGetErrorString(result, &text);
  std::string out = name ? name : "CUDA error " + std::to_string(result);
  if (text) out += std::string(" (") + text + ")";
  return out;
}

struct DriverLoad {
  DriverApi api;
  std::string failure;  // empty when the driver is usable
};

DriverLoad load_driver() {
  DriverLoad load;
  const std::array<std::string, 2> candidates = {"libcuda.so.1", "libcuda.so"};
  std::string failures;
  const auto library = load_first_library(candidates, failures);
  if (!library) {
    load.failure =
        "no NVIDIA driver: libcuda.so.1 could not be loaded (is the NVIDIA driver installed, "
        "and is this a machine with a GPU?)" +
        failures;
    return load;
  }
  DriverApi& api = load.api;
  api.library_path = library->path;
  std::string missing;
#define SINTER_BIND_DRIVER_FUNCTION(field, symbol, parameters)                      \
  api.field = reinterpret_cast<decltype(api.field)>(find_symbol(*library, symbol)); \
  if (api.field == nullptr) missing += std::string(missing.empty() ? "" : ", ") + symbol;
  SINTER_CUDA_DRIVER_FUNCTIONS(SINTER_BIND_DRIVER_FUNCTION)
#undef SINTER_BIND_DRIVER_FUNCTION
  if (!missing.empty()) {
    load.failure = "the NVIDIA driver is too old: " + library->path + " lacks " + missing;
    return load;
  }
  for (const char* symbol : {"cuEventElapsedTime_v2", "cuEventElapsedTime"}) {
    if (api.cuEventElapsedTime) break;
    api.cuEventElapsedTime = reinterpret_cast<decltype(api.cuEventElapsedTime)>(find_symbol(*library, symbol));
  }
  if (CUresult r = api.cuInit(0); r != kCudaSuccess) {
    load.failure = "cuInit failed: " + error_text(api, r) + " (driver library " + library->path + ")";
    return load;
  }
  if (CUresult r = api.cuDriverGetVersion(&api.driver_version); r != kCudaSuccess) {
    load.failure = "cuDriverGetVersion failed: " + error_text(api, r);
  }
  return load;
}

const DriverLoad& loaded_driver() {
  static const DriverLoad load = load_driver();  // thread-safe, once per process
  return load;
}

}  // namespace

const DriverApi& driver_api() {
  const DriverLoad& load = loaded_driver();
  if (!load.failure.empty()) throw DeviceUnavailable(load.failure);
  return load.api;
}

std::string cuda_error_text(CUresult result) { return error_text(loaded_driver().api, result); }

void throw_cuda_error(CUresult result, const char* call, std::string_view context) {
  throw DeviceError(std::string(context) + ": " + call + " failed: " + cuda_error_text(result));
}

std::string cuda_version_text(int version) {
  return std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10);
}

}  // namespace sinter::gpu
