// The device helpers every generated kernel may call. They are written once here, in plain
// CUDA C++, so the per-op spellings in cuda_spelling.cpp stay one short expression each.
#include "codegen/cuda/cuda_prelude.h"

#include <algorithm>
#include <cstddef>

#include "codegen/cuda/cuda_spelling.h"
#include "sinter/dtype.h"

namespace sinter::gpu {
namespace {

// Integer Neg/Abs/Add/Sub/Mul wrap modulo 2^bits. Going through the unsigned type keeps the
// generated code free of signed-overflow undefined behaviour.
constexpr const char* kWrappingArithmetic =
    R"(// Integer arithmetic wraps modulo 2^bits (computed unsigned: no signed-overflow UB).
__device__ __forceinline__ int sinter_wrapping_add(int a, int b) { return (int)((unsigned int)a + (unsigned int)b); }
__device__ __forceinline__ int sinter_wrapping_sub(int a, int b) { return (int)((unsigned int)a - (unsigned int)b); }
__device__ __forceinline__ int sinter_wrapping_mul(int a, int b) { return (int)((unsigned int)a * (unsigned int)b); }
__device__ __forceinline__ int sinter_wrapping_neg(int a) { return (int)(0u - (unsigned int)a); }
__device__ __forceinline__ int sinter_wrapping_abs(int a) { return a < 0 ? sinter_wrapping_neg(a) : a; }
__device__ __forceinline__ long long sinter_wrapping_add(long long a, long long b) { return (long long)((unsigned long long)a + (unsigned long long)b); }
__device__ __forceinline__ long long sinter_wrapping_sub(long long a, long long b) { return (long long)((unsigned long long)a - (unsigned long long)b); }
__device__ __forceinline__ long long sinter_wrapping_mul(long long a, long long b) { return (long long)((unsigned long long)a * (unsigned long long)b); }
__device__ __forceinline__ long long sinter_wrapping_neg(long long a) { return (long long)(0ull - (unsigned long long)a); }
__device__ __forceinline__ long long sinter_wrapping_abs(long long a) { return a < 0 ? sinter_wrapping_neg(a) : a; }
)";

// C++ leaves float->int conversion out of range undefined; sinter defines it: truncate toward
// zero, NaN -> 0, saturate. float64->float32 out of range is also UB in C++, so it goes
// through the round-to-nearest intrinsic, which gives +-inf.
constexpr const char* kCasts = R"(// float -> int truncates toward zero, NaN -> 0, out of range saturates.
template <class F> __device__ __forceinline__ int sinter_saturating_int32(F x) {
  if (x != x) return 0;
  if (x >= F(2147483648.0)) return 2147483647;
  if (x <= F(-2147483648.0)) return -2147483647 - 1;
  return (int)x;
}
template <class F> __device__ __forceinline__ long long sinter_saturating_int64(F x) {
  if (x != x) return 0;
  if (x >= F(9223372036854775808.0)) return 9223372036854775807ll;
  if (x <= F(-9223372036854775808.0)) return -9223372036854775807ll - 1;
  return (long long)x;
}
__device__ __forceinline__ float sinter_float64_to_float32(double x) { return __double2float_rn(x); }
__device__ __forceinline__ int sinter_int64_to_int32(long long x) { return (int)(unsigned int)(unsigned long long)x; }
)";

// fminf/fmaxf drop NaNs and leave the sign of equal zeros unspecified; sinter wants NumPy's
// minimum/maximum. For equal operands the bitwise OR (AND) of the two picks -0 (+0).
constexpr const char* kMinMax = R"(// minimum/maximum: NaN if either is NaN; minimum(-0,+0) = -0, maximum(-0,+0) = +0.
__device__ __forceinline__ float sinter_minimum(float a, float b) {
  if (a != a || b != b) return a + b;
  if (a == b) return __int_as_float(__float_as_int(a) | __float_as_int(b));
  return a < b ? a : b;
}
__device__ __forceinline__ float sinter_maximum(float a, float b) {
  if (a != a || b != b) return a + b;
  if (a == b) return __int_as_float(__float_as_int(a) & __float_as_int(b));
  return a > b ? a : b;
}
__device__ __forceinline__ double sinter_minimum(double a, double b) {
  if (a != a || b != b) return a + b;
  if (a == b) return __longlong_as_double(__double_as_longlong(a) | __double_as_longlong(b));
  return a < b ? a : b;
}
__device__ __forceinline__ double sinter_maximum(double a, double b) {
  if (a != a || b != b) return a + b;
  if (a == b) return __longlong_as_double(__double_as_longlong(a) & __double_as_longlong(b));
  return a > b ? a : b;
}
__device__ __forceinline__ int sinter_minimum(int a, int b) { return a < b ? a : b; }
__device__ __forceinline__ int sinter_maximum(int a, int b) { return a > b ? a : b; }
__device__ __forceinline__ long long sinter_minimum(long long a, long long b) { return a < b ? a : b; }
__device__ __forceinline__ long long sinter_maximum(long long a, long long b) { return a > b ? a : b; }
)";

std::string vector_struct(DType t, int elements) {
  // Capped at 16 bytes: the widest global load on sm_90. Wider structs load as several 16-byte parts.
  const std::size_t alignment = std::min<std::size_t>(16, size_of(t) * static_cast<std::size_t>(elements));
  return "struct alignas(" + std::to_string(alignment) + ") " + vector_struct_name(t, elements) + " { " +
         std::string(cuda_type(t)) + " v[" + std::to_string(elements) + "]; };\n";
}

}  // namespace

std::string cuda_prelude(int elements_per_thread) { return cuda_prelude(elements_per_thread, std::nullopt); }

std::string cuda_prelude(int elements_per_thread, std::optional<std::string_view> used_by) {
  // A block goes in when `used_by` names one of its helpers (every block without `used_by`).
  auto used = [&](std::string_view name) { return !used_by || used_by->find(name) != std::string_view::npos; };
  std::string s = "// ---- sinter prelude (no headers: NVRTC provides the math functions) ----\n";
  if (used("sinter_wrapping_")) s += kWrappingArithmetic;
  if (used("sinter_saturating_int") || used("sinter_float64_to_float32") || used("sinter_int64_to_int32")) s += kCasts;
  if (used("sinter_minimum") || used("sinter_maximum")) s += kMinMax;
  if (elements_per_thread > 1) {
    std::string vectors;
    for (DType t : {DType::Bool, DType::Int32, DType::Int64, DType::Float32, DType::Float64})
      if (used(vector_struct_name(t, elements_per_thread))) vectors += vector_struct(t, elements_per_thread);
    if (!vectors.empty())
      s += "// Vectors of the elements one thread handles per trip, for 16-byte loads and stores.\n" + vectors;
  }
  s += "// ---- end of prelude ----\n";
  return s;
}

}  // namespace sinter::gpu
