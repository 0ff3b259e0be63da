// sinter: lazy array expressions fused into JIT-compiled kernels for CPUs (LLVM) and GPUs (CUDA).
#pragma once
#include "sinter/array.h"
#include "sinter/control.h"
#include "sinter/counters.h"
#include "sinter/custom_reduce.h"
#include "sinter/device.h"
#include "sinter/dlpack.h"
#include "sinter/dtype.h"
#include "sinter/error.h"
#include "sinter/formula.h"
#include "sinter/function.h"
#include "sinter/histogram.h"
#include "sinter/indexing.h"
#include "sinter/joining.h"
#include "sinter/kernel_bundle.h"
#include "sinter/masks.h"
#include "sinter/math.h"
#include "sinter/matmul.h"
#include "sinter/memory.h"
#include "sinter/precompile.h"
#include "sinter/random.h"
#include "sinter/reduce.h"
#include "sinter/scan.h"
#include "sinter/shape.h"
#include "sinter/slice.h"
#include "sinter/stream.h"

/// sinter's public API: Array<T>, the operations on it, devices, streams and errors. The
/// reference (docs/reference.md) lists each symbol; docs/ has the guides and their examples.
namespace sinter {
/// Counter-based random numbers (Philox-4x32-10): pure functions of a Key and the element
/// index, fused into the kernels that use them (docs/random.md).
namespace random {}
}  // namespace sinter
