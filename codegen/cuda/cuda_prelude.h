// The block of device helpers that starts every generated CUDA translation unit (only those the
// kernel uses: lower_to_cuda passes its definitions): vector
// structs for 16-byte loads and the helpers whose semantics plain C++ operators do not give
// (wrapping integer arithmetic, saturating float->int casts, NaN- and signed-zero-aware min/max).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace sinter::gpu {

/// CUDA source of the helpers, with vector structs of `elements_per_thread` elements.
/// Needs no header: NVRTC provides the math functions and intrinsics it uses.
std::string cuda_prelude(int elements_per_thread);

/// Only the helpers and vector structs that `used_by` (the kernel definitions that follow) names:
/// less source for NVRTC's front end. nullopt: all of them, as above.
std::string cuda_prelude(int elements_per_thread, std::optional<std::string_view> used_by);

}  // namespace sinter::gpu
