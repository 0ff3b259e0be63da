// The fixed block of device helpers that starts every generated CUDA translation unit: vector
// structs for 16-byte loads and the helpers whose semantics plain C++ operators do not give
// (wrapping integer arithmetic, saturating float->int casts, NaN- and signed-zero-aware min/max).
#pragma once
#include <string>

namespace sinter::gpu {

/// CUDA source of the helpers, with vector structs of `elements_per_thread` elements.
/// Needs no header: NVRTC provides the math functions and intrinsics it uses.
std::string cuda_prelude(int elements_per_thread);

}  // namespace sinter::gpu
