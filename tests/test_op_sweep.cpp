// The CPU twin of the CUDA op sweep (test_cuda_codegen.cpp): every op of the catalogue (kOpInfo)
// with every dtype its type rule accepts (op.h's accepts over kAllDTypes; casts from and to every
// type), each a kernel of its own, compiled by the CPU backend (LLVM) and run over edge values
// (signed zeros, infinities, NaN, denormals, integer limits, ties for floor and ceil, all pairs of
// them for binary ops), compared with the reference interpreter bit for bit (NaN payloads
// aside; math-library ops within 4 ulp, docs/accuracy.md). Every reduction over every operand
// type it accepts too, with empty, short and long (split over threads) rows. Nothing here is a
// hand list of ops or types: a new row of ops.def or a new type is swept by itself.
#include <array>
#include <bit>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "interpret.h"
#include "ir/verify.h"
#include "kernel_builder.h"
#include "support.h"

using namespace sinter;
using test::KernelBuilder;

#if SINTER_WITH_LLVM
using test::with_type;

namespace {

using Bytes = std::vector<std::uint8_t>;

// sinter's polynomials and libmvec are within 4 ulp of the interpreter's libm (docs/accuracy.md).
constexpr double kMathUlp = 4;

template <class T> Bytes to_bytes(const std::vector<T>& v) {
  Bytes b(v.size() * sizeof(T) + 8);  // 8 spare bytes: an empty buffer still has an address
  for (std::size_t i = 0; i < v.size(); ++i) {
    const T x = v[i];
    std::memcpy(b.data() + i * sizeof(T), &x, sizeof(T));
  }
  return b;
}

template <class T> T element(const Bytes& b, std::size_t i) {
  T x;
  std::memcpy(&x, b.data() + i * sizeof(T), sizeof(T));
  return x;
}

/// Edge values of T: those of test::values_with_edges, ties and near-ties for floor and ceil,
/// the integer limits as floats (where casts saturate), a negative NaN, and a few random ones.
template <class T> std::vector<T> edge_values(unsigned seed) {
  std::vector<T> v = test::values_with_edges<T>(16, -10, 10, seed);
  if constexpr (std::is_floating_point_v<T>) {
    using L = std::numeric_limits<T>;
    const T mantissa = T(1) / L::epsilon();  // 2^23 or 2^52: above it every value is an integer
    for (T x : {T(0.5), T(-0.5), T(1.5), T(-1.5), T(2.5), T(3.5), std::nextafter(T(0.5), T(0)),
                std::nextafter(T(-0.5), T(0)), mantissa - T(0.5), -(mantissa - T(0.5)), mantissa, T(2147483647.0),
                T(-2147483648.0), T(2147483648.0), T(9.2233720368547758e18), T(-9.2233720368547758e18), -L::quiet_NaN(),
                L::lowest(), -L::min(), T(1e-40), T(710), T(-745),
                // The bounds of the small integer types, where float-to-integer casts saturate.
                T(127.5), T(128), T(-128.5), T(-129), T(255.5), T(256), T(-0.75), T(-1), T(32767.5), T(32768),
                T(-32769), T(65535.5), T(65536), T(4294967295.0), T(4294967296.0)})
      v.push_back(x);
  } else if constexpr (!std::is_same_v<T, bool>) {
    // Wrapped to T where they do not fit (the limits of the narrower types among them).
    for (std::int64_t x : std::initializer_list<std::int64_t>{2, -2, 65536, 46341, -46341, 127, -128, 255, 256, 32767,
                                                              -32768, 65535, 4294967295})
      v.push_back(static_cast<T>(x));
  }
  return v;
}

/// One operand column of a kernel: its type and the bytes of its elements.
struct Column {
  DType dtype;
  Bytes bytes;
};

std::vector<Column> edge_columns(DType t, unsigned seed, std::size_t& n) {
  std::vector<Column> c;
  with_type(t, [&](auto tag) {
    const auto v = edge_values<decltype(tag)>(seed);
    n = v.size();
    c.push_back({t, to_bytes(v)});
  });
  return c;
}

/// Every pair of edge values of t (a cross product), as two columns.
std::vector<Column> edge_pairs(DType t, unsigned seed, std::size_t& n) {
  std::vector<Column> c;
  with_type(t, [&](auto tag) {
    using T = decltype(tag);
    const auto v = edge_values<T>(seed);
    std::vector<T> a, b;
    for (T x : v)
      for (T y : v) {
        a.push_back(x);
        b.push_back(y);
      }
    n = a.size();
    c.push_back({t, to_bytes(a)});
    c.push_back({t, to_bytes(b)});
  });
  return c;
}

std::string value_string(DType t, const Bytes& b, std::size_t i) {
  std::string s;
  with_type(t, [&](auto tag) {
    using T = decltype(tag);
    char buf[64];
    if constexpr (std::is_floating_point_v<T>)
      std::snprintf(buf, sizeof buf, "%.17g", static_cast<double>(element<T>(b, i)));
    else if constexpr (std::is_same_v<T, bool>) std::snprintf(buf, sizeof buf, "%s", b[i] != 0 ? "true" : "false");
    else std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(element<T>(b, i)));
    s = buf;
  });
  return s;
}

/// Ops whose formula cancels where the result nears zero (NumPy's logaddexp: hi + log1p(exp(-|x -
/// y|)) with hi in [-ln 2, 0) and the log1p term near -hi): a few ulp of the terms, which are
/// below 1, so they are held to kMathUlp epsilons absolute there (docs/accuracy.md).
bool cancels_near_zero(Op op) { return op == Op::Logaddexp || op == Op::Logaddexp2; }

bool same_value(DType t, const Bytes& got, const Bytes& want, std::size_t i, double max_ulp,
                double absolute_epsilons = 0) {
  bool same = false;
  with_type(t, [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_floating_point_v<T>) {
      const T g = element<T>(got, i), w = element<T>(want, i);
      using Bits = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;  // -0 differs from +0
      same = (std::isnan(g) && std::isnan(w)) || std::bit_cast<Bits>(g) == std::bit_cast<Bits>(w) ||
             (max_ulp > 0 && test::ulp_distance(g, w) <= max_ulp) ||
             (absolute_epsilons > 0 && std::fabs(static_cast<double>(g) - static_cast<double>(w)) <=
                                           absolute_epsilons * static_cast<double>(std::numeric_limits<T>::epsilon()));
    } else {
      same = std::memcmp(got.data() + i * sizeof(T), want.data() + i * sizeof(T), sizeof(T)) == 0;
    }
  });
  return same;
}

/// (op, operand type) pairs where the CPU backend is known to differ from the interpreter. Each
/// is still run, and must still differ: a fix makes the sweep fail until its entry is removed.
/// None at present (the sweep found one: a sum over bool with a bool result, which the LLVM
/// lowering added in i1 so that true + true was false; fixed in reduction_folds.cpp).
constexpr std::array<std::pair<Op, DType>, 0> kKnownDivergent{};

bool known_divergent(Op op, DType t) {
  for (const auto& [o, d] : kKnownDivergent)
    if (o == op && d == t) return true;
  return false;
}

/// Runs `k` on the CPU backend and through the interpreter on the same inputs and scalars, and
/// compares output 0 element by element (a mismatch names the element's operands). Returns the
/// number of elements that differ; with `divergent` (kKnownDivergent) they are not failures.
int run_and_compare(const ir::KernelIR& k, const std::vector<Column>& inputs, const std::vector<std::uint64_t>& scalars,
                    std::int64_t n, std::int64_t reduce_n, double max_ulp, const std::string& what,
                    bool divergent = false, double absolute_epsilons = 0) {
  ir::verify(k);
  const DType out = k.output_dtype(0);
  Bytes got(static_cast<std::size_t>(n) * size_of(out) + 8, 0xAB), want(got.size(), 0xCD);
  auto args_for = [&](Bytes& output) {
    ir::KernelArgs args;
    for (const Column& c : inputs) args.buffers.push_back(const_cast<std::uint8_t*>(c.bytes.data()));
    args.buffers.push_back(output.data());
    args.scalars = scalars;
    args.n = n;
    args.reduce_n = reduce_n;
    return args;
  };
  Backend& cpu = backend_for(sinter::cpu());
  cpu.launch(*cpu.compile(k), args_for(got));
  interpret(k, args_for(want));
  int reported = 0;
  for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
    if (same_value(out, got, want, i, max_ulp, absolute_epsilons)) continue;
    std::string operands;
    for (const Column& c : inputs)
      if (reduce_n == 1) operands += (operands.empty() ? "" : ", ") + value_string(c.dtype, c.bytes, i);
    if (reported++ < 5 && !divergent)
      FAIL_CHECK(what << " at " << i << (operands.empty() ? "" : " (" + operands + ")") << ": cpu "
                      << value_string(out, got, i) << ", interpreter " << value_string(out, want, i));
  }
  if (!divergent) CHECK_MESSAGE(reported == 0, what << ": " << reported << " of " << n << " elements differ");
  return reported;
}

std::string name(Op op) { return std::string(info(op).name); }
std::string name(DType t) { return std::string(name_of(t)); }

/// Sweeps one elementwise op over the types it accepts; returns how many kernels ran.
int sweep_op(Op op) {
  const OpInfo& oi = info(op);
  const double ulp = calls_math_library(op) ? kMathUlp : 0;
  const unsigned seed = static_cast<unsigned>(op) * 16;
  int kernels = 0;
  for (DType t : kAllDTypes) {
    if (!accepts(op, t)) continue;
    const std::string what = name(op) + " " + name(t);
    std::size_t n = 0;
    if (op == Op::Buffer) {
      KernelBuilder b;
      const int x = b.input(t);
      run_and_compare(b.finish({x}), edge_columns(t, seed, n), {}, static_cast<std::int64_t>(n), 1, 0, what);
    } else if (op == Op::Scalar) {  // one launch per edge value, broadcast over 5 elements
      KernelBuilder b;
      const int s = b.scalar(t);
      const ir::KernelIR k = b.finish({s});
      const std::vector<Column> values = edge_columns(t, seed, n);
      for (std::size_t v = 0; v < n; ++v) {
        std::uint64_t bits = 0;
        std::memcpy(&bits, values[0].bytes.data() + v * size_of(t), size_of(t));
        run_and_compare(k, {}, {bits}, 5, 1, 0, what + " = " + value_string(t, values[0].bytes, v));
      }
    } else if (op == Op::Index) {
      if (t != DType::Int64) continue;  // the index is int64 (its rule, Leaf, says nothing)
      KernelBuilder b;
      run_and_compare(b.finish({b.push(op, t)}), {}, {}, 1000, 1, 0, what);
    } else if (oi.rule == TypeRule::Cast) {
      for (DType to : kAllDTypes) {
        KernelBuilder b;
        const int x = b.input(t);
        run_and_compare(b.finish({b.push(op, to, {x})}), edge_columns(t, seed, n), {}, static_cast<std::int64_t>(n), 1,
                        0, what + " -> " + name(to));
        ++kernels;
      }
      continue;
    } else if (oi.rule == TypeRule::Select) {
      KernelBuilder b;
      const int c = b.input(DType::Bool), x = b.input(t), y = b.input(t);
      std::vector<Column> columns = edge_pairs(t, seed, n);
      std::vector<bool> condition(n);
      std::mt19937 rng(seed);
      for (std::size_t i = 0; i < n; ++i) condition[i] = (rng() & 1U) != 0;
      columns.insert(columns.begin(), Column{DType::Bool, to_bytes(condition)});
      run_and_compare(b.finish({b.push(op, t, {c, x, y})}), columns, {}, static_cast<std::int64_t>(n), 1, 0, what);
    } else {
      KernelBuilder b;
      std::vector<Column> columns = oi.arity == 1 ? edge_columns(t, seed, n) : edge_pairs(t, seed, n);
      if (oi.arity == 3) {  // Philox: edge counters and keys, the third column from other pairs
        std::size_t m = 0;
        columns.push_back(edge_pairs(t, seed + 1, m)[1]);
        REQUIRE(m == n);
      }
      REQUIRE_MESSAGE(static_cast<int>(columns.size()) == oi.arity,
                      what << ": the sweep has no inputs for arity " << oi.arity);
      const int x = b.input(t);
      const DType result = result_dtype(op, t);
      const int r = oi.arity == 1   ? b.push(op, result, {x})
                    : oi.arity == 2 ? b.push(op, result, {x, b.input(t)})
                                    : b.push(op, result, {x, b.input(t), b.input(t)});
      run_and_compare(b.finish({r}), columns, {}, static_cast<std::int64_t>(n), 1, ulp, what, false,
                      cancels_near_zero(op) ? kMathUlp : 0);
    }
    ++kernels;
  }
  return kernels;
}

/// Rows of one reduction's operand: edge values of t, or (float sums and products, whose order
/// the CPU may change) values whose sums and products are exact in any order, with a special
/// value (zeros of both signs, infinities, NaN) in some rows.
template <class T> std::vector<T> reduction_rows(Op op, std::int64_t outputs, std::int64_t reduce_n, unsigned seed) {
  std::mt19937 rng(seed);
  const std::vector<T> edges = edge_values<T>(seed);
  std::vector<T> v;
  for (std::int64_t o = 0; o < outputs; ++o)
    for (std::int64_t r = 0; r < reduce_n; ++r) {
      if constexpr (std::is_floating_point_v<T>) {
        if (op == Op::Sum || op == Op::Prod) {
          static constexpr T kSum[] = {T(0), T(1), T(-3), T(0.5), T(-0.25), T(8), T(-0.0)};
          static constexpr T kProd[] = {T(1), T(-1), T(2), T(0.5), T(-2), T(-0.5), T(1)};
          static const T kSpecial[] = {T(-0.0), T(0), std::numeric_limits<T>::infinity(),
                                       -std::numeric_limits<T>::infinity(), std::numeric_limits<T>::quiet_NaN()};
          T x = op == Op::Sum ? kSum[rng() % 7] : kProd[rng() % 7];
          if (o % 4 == 1 && r == reduce_n / 2) x = kSpecial[static_cast<std::size_t>(o / 4) % 5];
          if (o % 4 == 3) x = T(-0.0);  // a row of negative zeros
          v.push_back(x);
          continue;
        }
      }
      v.push_back(edges[rng() % edges.size()]);
    }
  return v;
}

}  // namespace

TEST_CASE(
    "op sweep: every op of the catalogue with every dtype it accepts runs on the CPU as the interpreter computes it") {
  int kernels = 0, ops = 0;
  for (std::size_t o = 0; o < kOpInfo.size(); ++o) {
    const Op op = static_cast<Op>(o);
    if (is_reduction(op)) continue;  // the next case
    if (is_control(op)) continue;    // loops and ifs: tests/test_control_flow.cpp
    if (info(op).rule == TypeRule::Indexed) continue;  // gathers and index checks: tests/test_indexing.cpp
    const int swept = sweep_op(op);
    CHECK_MESSAGE(swept > 0, name(op) << ": no dtype swept");
    kernels += swept;
    ++ops;
  }
  MESSAGE(ops << " ops, " << kernels << " kernels");
}

TEST_CASE(
    "op sweep: every reduction with every operand dtype it accepts, empty, short and long rows, as the interpreter") {
  // (outputs, elements each): empty rows give the identity; (2, 20000) is split over the threads.
  static constexpr std::int64_t kShapes[][2] = {{3, 0}, {1, 1}, {9, 37}, {200, 3}, {2, 20000}};
  int kernels = 0;
  for (std::size_t o = 0; o < kOpInfo.size(); ++o) {
    const Op op = static_cast<Op>(o);
    if (!is_reduction(op)) continue;
    for (DType t : kAllDTypes) {
      if (!accepts(op, t)) continue;
      KernelBuilder b;
      const int x = b.input(t);
      const int r = b.push(op, result_dtype(op, t), {x});
      b.per_output(r);
      const ir::KernelIR k = b.finish({r});
      const bool divergent = known_divergent(op, t);
      int differing = 0;
      for (const auto& shape : kShapes) {
        const unsigned seed =
            static_cast<unsigned>(o * 64 + static_cast<std::size_t>(t) * 8) + static_cast<unsigned>(shape[1]);
        std::vector<Column> columns;
        with_type(t, [&](auto tag) {
          columns.push_back({t, to_bytes(reduction_rows<decltype(tag)>(op, shape[0], shape[1], seed))});
        });
        differing += run_and_compare(
            k, columns, {}, shape[0], shape[1], 0,
            name(op) + " " + name(t) + " over (" + std::to_string(shape[0]) + ", " + std::to_string(shape[1]) + ")",
            divergent);
      }
      if (divergent) {
        MESSAGE("known divergence, " << name(op) << " over " << name(t) << ": " << differing << " outputs differ");
        CHECK_MESSAGE(differing > 0, name(op) << " over " << name(t)
                                              << " now agrees with the interpreter: remove it from kKnownDivergent");
      }
      ++kernels;
    }
  }
  MESSAGE(kernels << " reduction kernels");
}

#else
TEST_CASE("op sweep: needs the LLVM backend (the CPU runs the interpreter itself without it)") {
  SINTER_SKIP("built without LLVM");
}
#endif
