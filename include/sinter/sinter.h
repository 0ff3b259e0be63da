// sinter: lazy array expressions fused into JIT-compiled kernels for CPUs (LLVM) and GPUs (CUDA).
#pragma once
#include "sinter/array.h"
#include "sinter/control.h"
#include "sinter/counters.h"
#include "sinter/device.h"
#include "sinter/dtype.h"
#include "sinter/error.h"
#include "sinter/math.h"
#include "sinter/memory.h"
#include "sinter/reduce.h"
#include "sinter/shape.h"
#include "sinter/slice.h"
#include "sinter/stream.h"
