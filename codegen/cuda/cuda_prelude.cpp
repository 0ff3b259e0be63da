// The device helpers every generated kernel may call. They are written once here, in plain
// CUDA C++, so the per-op spellings in cuda_spelling.cpp stay one short expression each.
#include "codegen/cuda/cuda_prelude.h"

#include <bit>
#include <cstddef>

#include "codegen/cuda/cuda_spelling.h"
#include "codegen/cuda/lower_to_cuda.h"
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

// The same for the 8- and 16-bit types and uint32: a block of its own, so that kernels without them
// keep the prelude they had. Narrowing within a kind keeps the low bits (through unsigned types:
// no implementation-defined conversion).
constexpr const char* kSmallIntegerCasts = R"(// float -> small or unsigned int: as above.
template <class F> __device__ __forceinline__ signed char sinter_saturating_int8(F x) {
  if (x != x) return 0;
  if (x >= F(127.0)) return 127;
  if (x <= F(-128.0)) return -128;
  return (signed char)(int)x;
}
template <class F> __device__ __forceinline__ short sinter_saturating_int16(F x) {
  if (x != x) return 0;
  if (x >= F(32767.0)) return 32767;
  if (x <= F(-32768.0)) return -32768;
  return (short)(int)x;
}
template <class F> __device__ __forceinline__ unsigned char sinter_saturating_uint8(F x) {
  if (x != x || x <= F(0.0)) return 0;
  if (x >= F(255.0)) return 255;
  return (unsigned char)(int)x;
}
template <class F> __device__ __forceinline__ unsigned short sinter_saturating_uint16(F x) {
  if (x != x || x <= F(0.0)) return 0;
  if (x >= F(65535.0)) return 65535;
  return (unsigned short)(int)x;
}
template <class F> __device__ __forceinline__ unsigned int sinter_saturating_uint32(F x) {
  if (x != x || x <= F(0.0)) return 0u;
  if (x >= F(4294967295.0)) return 4294967295u;
  return (unsigned int)x;
}
__device__ __forceinline__ short sinter_int64_to_int16(long long x) { return (short)(unsigned short)(unsigned long long)x; }
__device__ __forceinline__ signed char sinter_int64_to_int8(long long x) { return (signed char)(unsigned char)(unsigned long long)x; }
__device__ __forceinline__ short sinter_int32_to_int16(int x) { return (short)(unsigned short)(unsigned int)x; }
__device__ __forceinline__ signed char sinter_int32_to_int8(int x) { return (signed char)(unsigned char)(unsigned int)x; }
__device__ __forceinline__ signed char sinter_int16_to_int8(short x) { return (signed char)(unsigned char)(unsigned short)x; }
__device__ __forceinline__ unsigned short sinter_uint32_to_uint16(unsigned int x) { return (unsigned short)x; }
__device__ __forceinline__ unsigned char sinter_uint32_to_uint8(unsigned int x) { return (unsigned char)x; }
__device__ __forceinline__ unsigned char sinter_uint16_to_uint8(unsigned short x) { return (unsigned char)x; }
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

// Word 0 of Philox-4x32-10 (sinter::random::philox4x32_10, the CPU's twin in
// codegen/llvm/instruction_spelling.cpp): the same integer operations, so the same bits.
constexpr const char* kPhilox = R"(// Philox-4x32-10, word 0: counter (counter, counter_high), key `key`.
__device__ __forceinline__ unsigned int sinter_philox(long long counter, long long counter_high, long long key) {
  unsigned int c0 = (unsigned int)counter, c1 = (unsigned int)((unsigned long long)counter >> 32);
  unsigned int c2 = (unsigned int)counter_high, c3 = (unsigned int)((unsigned long long)counter_high >> 32);
  unsigned int k0 = (unsigned int)key, k1 = (unsigned int)((unsigned long long)key >> 32);
#pragma unroll
  for (int round = 0; round < 10; ++round) {
    if (round > 0) { k0 += 0x9E3779B9u; k1 += 0xBB67AE85u; }
    const unsigned int hi0 = __umulhi(0xD2511F53u, c0), lo0 = 0xD2511F53u * c0;
    const unsigned int hi1 = __umulhi(0xCD9E8D57u, c2), lo1 = 0xCD9E8D57u * c2;
    c0 = hi1 ^ c1 ^ k0; c1 = lo1; c2 = hi0 ^ c3 ^ k1; c3 = lo0;
  }
  return c0;
}
)";

// The math library's helpers (cuda_spelling.cpp): NumPy's results where C++ leaves them undefined
// (shifts past the width, integer division by 0 or of INT_MIN by -1) or differs (floor division
// and remainder with the divisor's sign, fmax/fmin of signed zeros). Templates over the element
// type, so that an int8 shift is checked against 8 bits, not the 32 of its promotion.
constexpr const char* kMathHelpers =
    R"(// NumPy's shifts: by < 0 or >= the width, 0 (and -1 for a negative x shifted right).
template <class T> __device__ __forceinline__ T sinter_left_shift(T a, T b) {
  return (unsigned long long)(long long)b < sizeof(T) * 8 ? (T)((unsigned long long)a << b) : (T)0;
}
template <class T> __device__ __forceinline__ T sinter_right_shift(T a, T b) {
  return (unsigned long long)(long long)b < sizeof(T) * 8 ? (T)(a >> b) : (T)(a < 0 ? -1 : 0);
}
template <class T> __device__ __forceinline__ T sinter_right_shift_unsigned(T a, T b) {
  return (unsigned long long)b < sizeof(T) * 8 ? (T)(a >> b) : (T)0;
}
// Integer floor division and remainders: by 0 they give 0; x // -1 is -x wrapping.
template <class T> __device__ __forceinline__ T sinter_floor_divide_signed(T a, T b) {
  if (b == 0) return (T)0;
  if (b == -1) return (T)(0ull - (unsigned long long)(long long)a);
  T q = (T)(a / b);
  const T r = (T)(a % b);
  if (r != 0 && ((r < 0) != (b < 0))) q = (T)(q - 1);
  return q;
}
template <class T> __device__ __forceinline__ T sinter_remainder_signed(T a, T b) {
  if (b == 0 || b == -1) return (T)0;
  T r = (T)(a % b);
  if (r != 0 && ((r < 0) != (b < 0))) r = (T)(r + b);
  return r;
}
template <class T> __device__ __forceinline__ T sinter_fmod_signed(T a, T b) {
  return b == 0 || b == -1 ? (T)0 : (T)(a % b);
}
template <class T> __device__ __forceinline__ T sinter_floor_divide_unsigned(T a, T b) {
  return b == 0 ? (T)0 : (T)(a / b);
}
template <class T> __device__ __forceinline__ T sinter_remainder_unsigned(T a, T b) {
  return b == 0 ? (T)0 : (T)(a % b);
}
// Float floor division (NumPy's npy_divmod): the quotient toward -inf, the remainder with the
// divisor's sign.
template <class T> __device__ __forceinline__ T sinter_divmod(T a, T b, T* modulus) {
  T mod = fmod(a, b);
  if (b == (T)0) {
    *modulus = mod;
    return a / b;
  }
  T div = (a - mod) / b;
  if (mod != (T)0) {
    if ((b < (T)0) != (mod < (T)0)) {
      mod += b;
      div -= (T)1;
    }
  } else {
    mod = copysign((T)0, b);
  }
  *modulus = mod;
  if (div == (T)0) return copysign((T)0, a / b);
  T floor_div = floor(div);
  if (div - floor_div > (T)0.5) floor_div += (T)1;
  return floor_div;
}
template <class T> __device__ __forceinline__ T sinter_floor_divide(T a, T b) {
  T mod;
  return sinter_divmod(a, b, &mod);
}
template <class T> __device__ __forceinline__ T sinter_remainder(T a, T b) {
  T mod;
  sinter_divmod(a, b, &mod);
  return mod;
}
template <class T> __device__ __forceinline__ T sinter_fmax(T a, T b) {
  return a != a ? b : b != b ? a : sinter_maximum(a, b);
}
template <class T> __device__ __forceinline__ T sinter_fmin(T a, T b) {
  return a != a ? b : b != b ? a : sinter_minimum(a, b);
}
template <class T> __device__ __forceinline__ T sinter_sign(T x) {
  return x != x ? x : x > (T)0 ? (T)1 : x < (T)0 ? (T)-1 : (T)0;
}
__device__ __forceinline__ float sinter_sigmoid(float x) {
  const float e = expf(-fabsf(x));
  return x >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
}
__device__ __forceinline__ double sinter_sigmoid(double x) {
  const double e = exp(-fabs(x));
  return x >= 0.0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}
__device__ __forceinline__ float sinter_logaddexp(float x, float y) {
  if (x == y) return x + 0.693147180559945309f;
  const float d = x - y;
  return (d > 0.0f ? x : y) + log1pf(expf(-fabsf(d)));
}
__device__ __forceinline__ double sinter_logaddexp(double x, double y) {
  if (x == y) return x + 0.693147180559945309;
  const double d = x - y;
  return (d > 0.0 ? x : y) + log1p(exp(-fabs(d)));
}
__device__ __forceinline__ float sinter_logaddexp2(float x, float y) {
  if (x == y) return x + 1.0f;
  const float d = x - y;
  return (d > 0.0f ? x : y) + log1pf(exp2f(-fabsf(d))) * 1.44269504088896341f;
}
__device__ __forceinline__ double sinter_logaddexp2(double x, double y) {
  if (x == y) return x + 1.0;
  const double d = x - y;
  return (d > 0.0 ? x : y) + log1p(exp2(-fabs(d))) * 1.44269504088896341;
}
)";

/// Whether a kernel calls a helper of kMathHelpers.
template <class Used> bool uses_math_helper(const Used& used) {
  for (const char* name :
       {"sinter_left_shift", "sinter_right_shift", "sinter_floor_divide", "sinter_remainder", "sinter_fmod_signed",
        "sinter_fmax", "sinter_fmin", "sinter_sign", "sinter_sigmoid", "sinter_logaddexp"})
    if (used(name)) return true;
  return false;
}

// argmin/argmax (lib/ir/reduce.h): the first extreme, a NaN counting as beyond every number. Partial
// states of a reduction meet in whatever order the threads combine them, so the position breaks
// ties: the result is the interpreter's, which folds the elements one by one in order.
constexpr const char* kArgCombine =
    R"(// argmin/argmax: (x at position q) replaces (a at position p) when a is still empty (p < 0), when x
// is better (a NaN beats a number, else strictly smaller for Min, strictly larger otherwise), or
// as good and earlier. An empty x (q < 0) never does. Any combining order finds the first extreme.
template <bool Min, class T> __device__ __forceinline__ void sinter_arg_combine(T& a, long long& p, T x, long long q) {
  if (q < 0) return;
  const bool a_nan = a != a, x_nan = x != x;
  const bool better = x_nan ? !a_nan : !a_nan && (Min ? x < a : x > a);
  const bool same = x_nan ? a_nan : x == a;
  if (p < 0 || better || (same && q < p)) {
    a = x;
    p = q;
  }
}
)";

// A reduction block's threads: which output and which of its elements each takes, and how their
// partial states meet (lower_reduction_to_cuda.cpp explains the choice).
std::string reduction_lanes() {
  const std::string threads = std::to_string(kThreadsPerBlock);
  // A member per dtype of the catalogue, named by its short tag (slot_member in
  // lower_reduction_to_cuda.cpp), last dtype first.
  std::string slot = "union sinter_slot {";
  for (auto t = kAllDTypes.rbegin(); t != kAllDTypes.rend(); ++t)
    slot += " " + std::string(cuda_type(*t)) + " " + std::string(cuda_short_name(*t)) + ";";
  slot += " };\n";
  return "// One partial state's value or position: in shared memory between warps, in global memory between "
         "blocks.\n" +
         slot + R"(// How a reduction block's threads share its `lanes` outputs: )" + threads +
         R"( / lanes threads (element lanes) per output, on
// consecutive elements of one output, or (outputs_inner) consecutive threads on consecutive outputs.
struct sinter_lanes {
  unsigned int lanes_log2, out_lane, elem_lane, elem_lanes;
  unsigned int shuffle_first, shuffle_last;  // shuffle offsets joining an output's threads within a warp
  unsigned int groups, group_stride;         // states left per output after that, group_stride threads apart
  bool leader;                               // the output's first thread, which ends with its state
};
__device__ __forceinline__ sinter_lanes sinter_make_lanes(unsigned int lanes, unsigned int outputs_inner) {
  const unsigned int t = threadIdx.x;
  sinter_lanes l;
  l.lanes_log2 = __ffs(lanes) - 1;  // lanes is a power of two: shifts, not divisions
  l.elem_lanes = )" +
         threads + R"(u >> l.lanes_log2;
  const unsigned int elem_log2 = )" +
         std::to_string(std::countr_zero(static_cast<unsigned>(kThreadsPerBlock))) + R"(u - l.lanes_log2;
  if (outputs_inner) {
    l.out_lane = t & (lanes - 1u);
    l.elem_lane = t >> l.lanes_log2;
    l.shuffle_first = 16u;  // an output's threads are `lanes` apart: in one warp when lanes < 32
    l.shuffle_last = lanes;
    l.groups = lanes >= 32u ? l.elem_lanes : )" +
         std::to_string(kThreadsPerBlock / 32) + R"(u;
    l.group_stride = lanes >= 32u ? lanes : 32u;
  } else {
    l.out_lane = t >> elem_log2;
    l.elem_lane = t & (l.elem_lanes - 1u);
    l.shuffle_first = (l.elem_lanes < 32u ? l.elem_lanes : 32u) / 2u;
    l.shuffle_last = 1u;
    l.groups = l.elem_lanes > 32u ? l.elem_lanes / 32u : 1u;
    l.group_stride = 32u;
  }
  l.leader = l.elem_lane == 0u;
  return l;
}
)";
}

std::string vector_struct(DType t, int elements) {
  return "struct alignas(" + std::to_string(vector_alignment(t, elements)) + ") " + vector_struct_name(t, elements) +
         " { " + std::string(cuda_type(t)) + " v[" + std::to_string(elements) + "]; };\n";
}

/// The helpers of kCasts; every other cast helper is in kSmallIntegerCasts.
bool in_first_cast_block(const std::string& helper) {
  return helper == "sinter_saturating_int32" || helper == "sinter_saturating_int64" ||
         helper == "sinter_float64_to_float32" || helper == "sinter_int64_to_int32";
}

/// Whether a kernel calls a cast helper of kCasts (`first`) or of kSmallIntegerCasts: spell_cast
/// names them after the catalogue, so these are every name it can write.
template <class Used> bool uses_cast_helper(const Used& used, bool first) {
  auto wanted = [&](const std::string& helper) { return in_first_cast_block(helper) == first && used(helper); };
  for (DType to : kAllDTypes)
    if (is_integer(to) && wanted("sinter_saturating_" + std::string(name_of(to)))) return true;
  for (DType from : kAllDTypes)
    for (DType to : kAllDTypes)
      if (auto helper = narrowing_cast_helper(from, to); helper && wanted(*helper)) return true;
  return false;
}

}  // namespace

std::string cuda_prelude(int elements_per_thread) { return cuda_prelude(elements_per_thread, std::nullopt); }

std::string cuda_prelude(int elements_per_thread, std::optional<std::string_view> used_by) {
  // A block goes in when `used_by` names one of its helpers (every block without `used_by`).
  auto used = [&](std::string_view name) { return !used_by || used_by->find(name) != std::string_view::npos; };
  std::string s = "// ---- sinter prelude (no headers: NVRTC provides the math functions) ----\n";
  if (used("sinter_wrapping_")) s += kWrappingArithmetic;
  if (uses_cast_helper(used, true)) s += kCasts;
  if (uses_cast_helper(used, false)) s += kSmallIntegerCasts;
  const bool math_helpers = uses_math_helper(used);
  if (used("sinter_minimum") || used("sinter_maximum") || math_helpers) s += kMinMax;
  if (math_helpers) s += kMathHelpers;
  if (used("sinter_arg_combine")) s += kArgCombine;
  if (used("sinter_philox")) s += kPhilox;
  if (used("sinter_lanes")) s += reduction_lanes();
  if (elements_per_thread > 1) {
    std::string vectors;
    for (DType t : kAllDTypes)
      if (used(vector_struct_name(t, elements_per_thread))) vectors += vector_struct(t, elements_per_thread);
    if (!vectors.empty())
      s += "// Vectors of the elements one thread handles per trip, for 16-byte loads and stores.\n" + vectors;
  }
  s += "// ---- end of prelude ----\n";
  return s;
}

}  // namespace sinter::gpu
