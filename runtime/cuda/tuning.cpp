#include "runtime/cuda/tuning.h"

#include <bit>
#include <cstdlib>
#include <optional>
#include <string>

#include "config.h"

namespace sinter::gpu {
namespace {

/// The integer in environment variable `name`, if set (config::parse_integer checks it).
std::optional<long> integer_setting(const char* name, long low, long high, bool power_of_two) {
  const char* text = std::getenv(name);
  if (!text) return std::nullopt;
  return config::parse_integer(name, text, low, high, power_of_two);
}

}  // namespace

const CudaCodegenOptions& codegen_options() {
  static const CudaCodegenOptions options = [] {
    CudaCodegenOptions o;
    if (auto v = integer_setting("SINTER_CUDA_ELEMENTS_PER_THREAD", 1, 8, true))
      o.elements_per_thread = static_cast<int>(*v);
    if (auto v = integer_setting("SINTER_CUDA_INLINE_ELEMENT", 0, 1, false)) o.inline_element = *v == 1;
    if (auto v = integer_setting("SINTER_CUDA_REDUCTION_BATCH", 1, 16, false)) o.reduction_batch = static_cast<int>(*v);
    if (auto v = integer_setting("SINTER_CUDA_MIN_BLOCKS", 0, 32, false))
      o.min_blocks_per_multiprocessor = static_cast<int>(*v);
    return o;
  }();
  return options;
}

int grid_waves() {
  static const int waves = static_cast<int>(integer_setting("SINTER_CUDA_GRID_WAVES", 0, 1024, false).value_or(0));
  return waves;
}

const ReductionTuning& reduction_tuning() {
  static const ReductionTuning tuning = [] {
    ReductionTuning t;
    if (auto v = integer_setting("SINTER_CUDA_REDUCTION_THREADS", 1, kThreadsPerBlock, true))
      t.max_threads_per_output = static_cast<int>(*v);
    if (auto v = integer_setting("SINTER_CUDA_REDUCTION_MIN_ELEMENTS", 16, 4096, true)) t.min_elements_per_thread = *v;
    return t;
  }();
  return tuning;
}

}  // namespace sinter::gpu
