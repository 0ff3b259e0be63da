// while_loop and if_then_else (docs/custom-kernels.md): per-element loops and branches as
// regions of the IR, against a plain C++ loop and against the reference interpreter, on every
// device; their structure in the kernel IR, LLVM IR and CUDA source (compiled by NVRTC); the
// errors they raise at trace time.
#include <cmath>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "ir/region.h"
#include "kernel_builder.h"
#include "support.h"
#if SINTER_WITH_CUDA
#include "codegen/cuda/lower_to_cuda.h"
#include "runtime/cuda/nvrtc.h"
#endif
#if SINTER_WITH_LLVM
#include "codegen/llvm/lower_to_llvm.h"
#endif

using namespace sinter;
using test::check_close;
using test::reference;

using test::spread;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Halves x until it is at most 1, counting the trips: a trip count that differs per element.
auto halvings(const Array<float>& x) {
  return while_loop(
      x, zeros<std::int32_t>(x.shape(), x.device()), [](const auto& v, const auto&) { return v > 1.0f; },
      [](const auto& v, const auto& n) {
        return std::tuple{Array<float>(v * 0.5f), Array<std::int32_t>(n + 1)};
      });
}

}  // namespace

SINTER_DEVICE_TEST(halving_loop, "while_loop: trip counts differ per element, zero-trip elements keep their state") {
  const std::vector<float> xs = {0.5f, 1.0f, 1.5f, 3.0f, 1000.0f, -4.0f, 7.0f, 65536.0f, 2.0f};
  const Array<float> x(xs, device);
  const auto [v, n] = halvings(x);
  std::vector<float> want_v;
  std::vector<std::int32_t> want_n;
  for (float a : xs) {  // the plain C++ loop
    std::int32_t k = 0;
    while (a > 1.0f) {
      a *= 0.5f;
      ++k;
    }
    want_v.push_back(a);
    want_n.push_back(k);
  }
  check_close(reference(v), want_v, 0, "interpreter v");
  check_close(reference(n), want_n, 0, "interpreter n");
  eval(v, n);
  check_close(v.to_vector(), want_v, 0, "v");
  check_close(n.to_vector(), want_n, 0, "n");
  CHECK(n.at(0) == 0);  // zero trips: the initial state
  CHECK(v.at(5) == -4.0f);
}

SINTER_DEVICE_TEST(zero_trip, "while_loop: a condition false everywhere runs no trip, even a loop with no exit") {
  const Array<double> x(std::vector<double>{1, 2, 3}, device);
  Array<double> y = while_loop(
      x, [](const auto& v) { return v < 0.0; }, [](const auto& v) { return Array<double>(v + 1.0); });
  CHECK(y.to_vector() == std::vector<double>{1, 2, 3});
}

SINTER_DEVICE_TEST(nested_loops, "while_loop: nested loops, the inner one reading the outer state") {
  // sum_{i<a} sum_{j<i} 1 = a(a-1)/2, counted one by one.
  const std::vector<std::int64_t> as = {0, 1, 2, 5, 9, 13};
  const Array<std::int64_t> a(as, device);
  const auto zero = zeros<std::int64_t>(a.size(), device);
  const auto [count, total] = while_loop(
      zero, zero, [&](const auto& i, const auto&) { return i < a; },
      [](const auto& i, const auto& t) {
        const auto [inner, t2] = while_loop(
            zeros<std::int64_t>(i.size(), i.device()), t, [&](const auto& j, const auto&) { return j < i; },
            [](const auto& j, const auto& u) {
              return std::tuple{Array<std::int64_t>(j + 1), Array<std::int64_t>(u + 1)};
            });
        return std::tuple{Array<std::int64_t>(i + 1), t2};
      });
  std::vector<std::int64_t> want;
  for (std::int64_t v : as) want.push_back(v * (v - 1) / 2);
  check_close(reference(total), want, 0, "interpreter");
  check_close(total.to_vector(), want, 0, "total");
  CHECK(count.to_vector() == as);
}

SINTER_DEVICE_TEST(collatz, "while_loop: an if_then_else inside the body (Collatz steps), with a cap") {
  std::vector<double> starts;
  for (int s = 1; s <= 64; ++s) starts.push_back(s);
  starts.push_back(27);
  const Array<double> x(starts, device);
  const auto [n, steps] = while_loop(
      x, zeros<std::int64_t>(x.size(), device), [](const auto& v, const auto&) { return v != 1.0; },
      [](const auto& v, const auto& k) {
        Array<double> next = if_then_else(
            floor(v * 0.5) * 2.0 == v, [&] { return Array<double>(v * 0.5); },
            [&] { return Array<double>(3.0 * v + 1.0); });
        return std::tuple{next, Array<std::int64_t>(k + 1)};
      },
      max_iterations(1000));
  std::vector<std::int64_t> want;
  for (double s : starts) {
    std::int64_t k = 0;
    while (s != 1.0 && k < 1000) {
      s = std::floor(s * 0.5) * 2.0 == s ? s * 0.5 : 3.0 * s + 1.0;
      ++k;
    }
    want.push_back(k);
  }
  check_close(reference(steps), want, 0, "interpreter");
  check_close(steps.to_vector(), want, 0, "steps");
  CHECK(steps.at(26) == 111);  // 27 takes 111 steps
  CHECK(n.to_vector() == std::vector<double>(starts.size(), 1.0));
}

SINTER_DEVICE_TEST(branch,
                   "if_then_else: each element takes one branch, tuples of values, a real branch, not a where") {
  const std::vector<float> xs = {-4.0f, -0.0f, 0.0f, 2.25f, 9.0f, -1.5f, NAN};
  const Array<float> x(xs, device);
  Array<float> y = if_then_else(
      x > 0.0f, [&] { return sqrt(x); }, [&] { return Array<float>(-x); });
  std::vector<float> want;
  for (float a : xs) want.push_back(a > 0.0f ? std::sqrt(a) : -a);
  check_close(reference(y), want, 0, "interpreter");
  check_close(y.to_vector(), want, 0, "y");
  const std::string ir = Array<float>(if_then_else(
                                          x > 0.0f, [&] { return sqrt(x); }, [&] { return Array<float>(-x); }))
                             .kernel_ir();
  CHECK(contains(ir, "if_begin"));
  CHECK_FALSE(contains(ir, "where"));
  const auto [a, b] = if_then_else(
      x < 1.0f,
      [&] {
        return std::tuple{Array<float>(x + 1.0f), Array<std::int32_t>(cast<std::int32_t>(x))};
      },
      [&] {
        return std::tuple{Array<float>(x * 2.0f), full<std::int32_t>(x.shape(), 7, device)};
      });
  const std::vector<float> got_a = a.to_vector();
  const std::vector<std::int32_t> got_b = b.to_vector();
  for (std::size_t i = 0; i + 1 < xs.size(); ++i) {
    CHECK(got_a[i] == (xs[i] < 1.0f ? xs[i] + 1.0f : xs[i] * 2.0f));
    CHECK(got_b[i] == (xs[i] < 1.0f ? static_cast<std::int32_t>(xs[i]) : 7));
  }
}

SINTER_DEVICE_TEST(fusion, "while_loop: fused with its producer and consumer into one kernel, a 2-D broadcast state") {
  const Array<float> x(spread(60, 0.0f, 40.0f), Shape{6, 10}, device);
  const Array<float> scale(std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, device);
  reset_counters();
  Array<float> v = while_loop(
      x * scale + 1.0f, [](const auto& a) { return a > 2.0f; }, [](const auto& a) { return Array<float>(sqrt(a)); });
  Array<float> out = v * 10.0f - x;
  const std::vector<float> got = out.to_vector();
  CHECK(counters().kernel_launches == 1);
  check_close(got, reference(out), 0, "against the interpreter");
  const std::vector<float> xs = x.to_vector();
  for (std::size_t i = 0; i < xs.size(); ++i) {
    float a = xs[i] * static_cast<float>(i % 10 + 1) + 1.0f;
    while (a > 2.0f) a = std::sqrt(a);
    CHECK(got[i] == a * 10.0f - xs[i]);
  }
}

SINTER_DEVICE_TEST(reduction_producer, "while_loop: inside a reduction's producer, over every axis subset") {
  const Array<float> x(spread(48, 0.5f, 300.0f), Shape{4, 12}, device);
  auto trips = [](const Array<float>& a) {
    const auto [v, n] = halvings(a);
    return Array<float>(cast<float>(n) + v);
  };
  const std::vector<float> xs = x.to_vector();
  std::vector<float> per(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    float a = xs[i];
    int k = 0;
    while (a > 1.0f) {
      a *= 0.5f;
      ++k;
    }
    per[i] = static_cast<float>(k) + a;
  }
  Array<float> rows = sum(trips(x), {1});
  Array<float> cols = sum(trips(x), {0});
  Array<float> all_of = sum(trips(x));
  check_close(rows.to_vector(), reference(rows), 2, "rows against the interpreter");
  check_close(cols.to_vector(), reference(cols), 2, "columns against the interpreter");
  double total = 0;
  for (float p : per) total += p;
  CHECK(std::abs(all_of.item() - static_cast<float>(total)) <= 1e-3f * static_cast<float>(total));
  for (std::size_t r = 0; r < 4; ++r) {
    double s = 0;
    for (std::size_t c = 0; c < 12; ++c) s += per[r * 12 + c];
    CHECK(std::abs(rows.at(static_cast<std::int64_t>(r)) - static_cast<float>(s)) <= 1e-4f * static_cast<float>(s));
  }
}

SINTER_DEVICE_TEST(cap, "while_loop: max_iterations stops each element there, cond(results) counts those it stopped") {
  const Array<std::int64_t> x(std::vector<std::int64_t>{0, 3, 10, 50, 7}, device);
  auto below = [](const auto& v, const auto& limit) { return v < limit; };
  const auto limit = full<std::int64_t>(x.shape(), 8, device);
  auto step = [](const auto& v, const auto& bound) {
    return std::tuple{Array<std::int64_t>(v + 1), Array<std::int64_t>(bound)};
  };
  const auto [v, l] = while_loop(x, limit, below, step, max_iterations(3));
  CHECK(v.to_vector() == std::vector<std::int64_t>{3, 6, 10, 50, 8});
  // An element stopped by the cap is one whose condition still holds on its final state.
  Array<bool> capped = below(v, l);
  CHECK(capped.to_vector() == std::vector<bool>{true, true, false, false, false});
  CHECK(sum(cast<std::int64_t>(capped)).item() == 2);
  check_close(reference(v), v.to_vector(), 0, "interpreter");
  // max_iterations(0): no trip. A new cap is a kernel parameter: no new compile.
  const std::uint64_t compiled = counters().kernels_compiled;
  const auto [v0, l0] = while_loop(x, limit, below, step, max_iterations(0));
  const auto [v9, l9] = while_loop(x, limit, below, step, max_iterations(9));
  CHECK(v0.to_vector() == x.to_vector());
  CHECK(v9.to_vector() == std::vector<std::int64_t>{8, 8, 10, 50, 8});
  CHECK(counters().kernels_compiled - compiled <= 1);
  CHECK_THROWS_AS(while_loop(x, limit, below, step, max_iterations(-1)), ValueError);
}

SINTER_DEVICE_TEST(mandelbrot, "while_loop: Mandelbrot escape counts on a small grid, as a C++ loop") {
  constexpr int kW = 48, kH = 32, kMax = 100;
  constexpr std::size_t kPixels = std::size_t{kW} * kH;
  std::vector<float> re(kPixels), im(kPixels);
  for (std::size_t p = 0; p < kPixels; ++p) {
    const std::size_t row = p / kW;
    re[p] = -2.2f + 3.0f * static_cast<float>(p % kW) / kW;
    im[p] = -1.2f + 2.4f * static_cast<float>(row) / kH;
  }
  const Array<float> cr(re, Shape{kH, kW}, device), ci(im, Shape{kH, kW}, device);
  const auto zero = zeros<float>(Shape{kH, kW}, device);
  const auto [zr, zi, count] = while_loop(
      zero, zero, zeros<std::int32_t>(Shape{kH, kW}, device),
      [](const auto& x, const auto& y, const auto&) { return x * x + y * y <= 4.0f; },
      [&](const auto& x, const auto& y, const auto& n) {
        return std::tuple{Array<float>(x * x - y * y + cr), Array<float>(2.0f * x * y + ci),
                          Array<std::int32_t>(n + 1)};
      },
      max_iterations(kMax));
  std::vector<std::int32_t> want;
  for (std::size_t i = 0; i < re.size(); ++i) {
    float x = 0, y = 0;
    std::int32_t n = 0;
    while (x * x + y * y <= 4.0f && n < kMax) {
      const float nx = x * x - y * y + re[i];
      y = 2.0f * x * y + im[i];
      x = nx;
      ++n;
    }
    want.push_back(n);
  }
  check_close(reference(count), want, 0, "interpreter");
  // Exact on every device: IEEE float32 + - *, no contraction into FMAs (NVRTC: --fmad=false).
  check_close(count.to_vector(), want, 0, "escape counts");
}

SINTER_DEVICE_TEST(newton, "while_loop: Newton's method for x^3 = a per element, stopping when the step is small") {
  const std::vector<double> as = {0.001, 0.5, 1, 2, 8, 27, 1000, 12345.678, 1e9};
  const Array<double> a(as, device);
  const auto [root, dx] = while_loop(
      a + 1.0, full<double>(a.shape(), 1.0, device), [](const auto&, const auto& d) { return abs(d) > 1e-14; },
      [&](const auto& x, const auto&) {
        Array<double> d = (x * x * x - a) / (3.0 * x * x);
        return std::tuple{Array<double>(x - d), Array<double>(d / x)};
      },
      max_iterations(200));
  const std::vector<double> got = root.to_vector();
  check_close(got, reference(root), 0, "interpreter");
  for (std::size_t i = 0; i < as.size(); ++i) {
    double xi = as[i] + 1.0, d = 1.0;
    for (int k = 0; k < 200 && std::abs(d) > 1e-14; ++k) {
      const double step = (xi * xi * xi - as[i]) / (3.0 * xi * xi);
      xi -= step;
      d = step / (xi + step);
    }
    CHECK(std::abs(got[i] - std::cbrt(as[i])) <= 1e-12 * std::cbrt(as[i]));
    CHECK(got[i] == xi);  // the same IEEE operations in the same order
  }
}

TEST_CASE("while_loop: structurally identical loops are one node, their kernels are compiled once") {
  const Array<float> x(spread(100, 0, 50), Shape{100});
  auto a = halvings(x);
  auto b = halvings(x);
  CHECK(std::get<0>(a).node() == std::get<0>(b).node());
  CHECK(std::get<1>(a).node() == std::get<1>(b).node());
  // Another body is another node.
  const Array<float> c = while_loop(
      x, [](const auto& v) { return v > 1.0f; }, [](const auto& v) { return Array<float>(v * 0.25f); });
  CHECK(c.node() != std::get<0>(a).node());
  // A loop over other data, same structure: the same kernel.
  std::get<0>(a).eval();
  const std::uint64_t compiled = counters().kernels_compiled;
  const Array<float> y(spread(100, 3, 7), Shape{100});
  std::get<0>(halvings(y)).eval();
  CHECK(counters().kernels_compiled == compiled);
}

TEST_CASE("while_loop: the kernel IR is a structured loop, LLVM gets a loop with phis, CUDA a while") {
  const Array<float> x(spread(100, 0, 50), Shape{100});
  const Array<float> v = std::get<0>(halvings(x));
  const ir::KernelIR k = test::planned_kernel(v.node());
  const std::string listing = ir::to_string(k);
  CHECK(contains(listing, "= loop %"));
  CHECK(contains(listing, "    %"));  // the body is indented
  CHECK(contains(listing, "= while_true %"));
  CHECK(contains(listing, "= end_loop %"));
#if SINTER_WITH_LLVM
  const std::string ll = llvm_backend::lower_to_llvm_text(
      k, k.name(), "x86_64-unknown-linux-gnu",
      "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128", 256);
  CHECK(contains(ll, "loop_body:"));
  CHECK(contains(ll, "phi float"));
  CHECK(contains(ll, "%trips = phi i64"));
#endif
#if SINTER_WITH_CUDA
  const std::string cu = gpu::lower_to_cuda(k);
  CHECK(contains(cu, "while (true) {"));
  CHECK(contains(cu, "break;"));
#endif
}

#if SINTER_WITH_CUDA
TEST_CASE("cuda codegen: loops, nested loops, branches, a loop in a branch and in a reduction compile to sm_90 CUBIN") {
  const Array<float> x(spread(64, 0, 50), Shape{8, 8});
  std::vector<ir::KernelIR> kernels;
  kernels.push_back(test::planned_kernel(std::get<0>(halvings(x)).node()));
  kernels.push_back(
      test::planned_kernel(Array<float>(if_then_else(
                                            x > 3.0f, [&] { return sqrt(x); }, [&] { return Array<float>(-x); }))
                               .node()));
  const Array<float> nested = while_loop(
      x, [](const auto& v) { return v > 1.0f; },
      [](const auto& v) {
        const Array<float> w = while_loop(
            v, [](const auto& u) { return u > 100.0f; }, [](const auto& u) { return Array<float>(u - 100.0f); });
        return Array<float>(if_then_else(
            w > 4.0f, [&] { return Array<float>(w * 0.5f); }, [&] { return Array<float>(w - 1.0f); }));
      },
      max_iterations(10));
  kernels.push_back(test::planned_kernel(nested.node()));
  kernels.push_back(test::planned_kernel(sum(std::get<1>(halvings(x)), {1}).node()));
  const Array<float> loop_in_branch = if_then_else(
      x > 2.0f,
      [&] {
        return while_loop(
            x, [](const auto& v) { return v > 2.0f; }, [](const auto& v) { return Array<float>(v * 0.5f); });
      },
      [&] { return Array<float>(x - 1.0f); });
  kernels.push_back(test::planned_kernel(loop_in_branch.node()));
  for (const ir::KernelIR& k : kernels) {
    INFO(ir::to_string(k));
    const std::string source = gpu::lower_to_cuda(k);
    INFO(source);
    CHECK((contains(source, "while (true) {") || contains(source, "} else {")));
    const gpu::CudaImage image = gpu::compile_cuda(source, "control_flow.cu", "sm_90");
    CHECK(image.is_cubin);
    CHECK(image.log.empty());
  }
}
#endif

TEST_CASE("while_loop, if_then_else: bad input is a sinter::Error at trace time naming the function") {
  const Array<float> x(spread(10, 0, 9), Shape{10});
  auto cond = [](const auto& v) { return v > 1.0f; };
  SUBCASE("the body returns the wrong number of values") {
    try {
      (void)while_loop(
          x, x, [](const auto& v, const auto&) { return v > 1.0f; },
          [](const auto& v, const auto&) { return Array<float>(v * 0.5f); });
      FAIL("no error");
    } catch (const Error& e) { CHECK(contains(e.what(), "while_loop: the body returns 1 value for a state of 2")); }
  }
  SUBCASE("the body returns a value of another type") {
    CHECK_THROWS_WITH_AS((void)while_loop(x, cond, [](const auto& v) { return cast<double>(v); }),
                         "while_loop: the body's value 0 is float64, the state's value 0 is float32; convert it with "
                         "sinter::cast",
                         DTypeError);
  }
  SUBCASE("the condition is not bool") {
    CHECK_THROWS_WITH_AS((void)while_loop(
                             x, [](const auto& v) { return v * 2.0f; }, [](const auto& v) { return Array<float>(v); }),
                         "while_loop: the condition must be bool, got float32 (compare it: x < 4.0f, or x != 0)",
                         DTypeError);
  }
  SUBCASE("an array of another device is captured") {
    const Array<std::int64_t> elsewhere(ir::make_index(Shape{10}, cuda(0)));  // a node only: nothing runs
    try {
      (void)while_loop(x, cond, [&](const auto& v) { return Array<float>(v + cast<float>(elsewhere)); });
      FAIL("no error");
    } catch (const DeviceError& e) {
      CHECK(contains(e.what(), "while_loop: the body: "));
      CHECK(contains(e.what(), "different devices"));
    }
  }
  SUBCASE("a host read inside the body") {
    try {
      (void)while_loop(x, cond, [](const auto& v) {
        const float first = Array<float>(v * 2.0f).at(0);  // data-dependent host control flow
        return Array<float>(v * first);
      });
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(contains(e.what(), "while_loop: evaluating an array"));
      CHECK(contains(e.what(), "data-dependent host control flow"));
    }
    try {
      (void)if_then_else(
          x > 2.0f, [&] { return Array<float>(x + Array<float>(x * 2.0f).at(0)); }, [&] { return Array<float>(x); });
      FAIL("no error");
    } catch (const Error& e) { CHECK(contains(e.what(), "if_then_else: evaluating an array")); }
  }
  SUBCASE("a write into an array inside the body") {
    const Array<float> target(spread(10, 0, 9), Shape{10});
    CHECK_THROWS_WITH_AS((void)while_loop(x, cond,
                                          [&](const auto& v) {
                                            target += 1.0f;
                                            return Array<float>(v * 0.5f);
                                          }),
                         doctest::Contains("while_loop: writing into an array inside its lambdas"), Error);
    CHECK(target.at(1) == 1.0f);
  }
  SUBCASE("if_then_else: branches of other counts or types, a non-bool condition") {
    CHECK_THROWS_WITH_AS((void)if_then_else(
                             x > 1.0f, [&] { return Array<float>(x); }, [&] { return cast<double>(x); }),
                         "if_then_else: value 0 is float32 in the then branch, float64 in the else branch; convert one "
                         "with sinter::cast",
                         DTypeError);
    CHECK_THROWS_AS((void)if_then_else(
                        x > 1.0f,
                        [&] {
                          return std::tuple{Array<float>(x), Array<float>(x)};
                        },
                        [&] { return Array<float>(x); }),
                    Error);
    CHECK_THROWS_AS((void)if_then_else(
                        x, [&] { return Array<float>(x); }, [&] { return Array<float>(x); }),
                    DTypeError);
  }
  SUBCASE("a value of the body kept and used outside it") {
    Array<float> kept;
    const Array<float> r = while_loop(x, cond, [&](const auto& v) {
      kept = Array<float>(v * 3.0f);
      return Array<float>(v * 0.5f);
    });
    CHECK_THROWS_WITH_AS(kept.to_vector(),
                         doctest::Contains("a per-element value of a loop body is used outside the body"), Error);
  }
  // The process stays usable: the state of tracing was restored after each error.
  const Array<float> v = while_loop(x, cond, [](const auto& a) { return Array<float>(a * 0.5f); });
  CHECK(v.at(9) <= 1.0f);
  CHECK(Array<float>(x * 2.0f).at(3) == 6.0f);
}

TEST_CASE("ir::verify: malformed control flow is refused") {
  using test::KernelBuilder;
  auto loop = [](bool misorder, bool use_after, bool unclosed) {
    KernelBuilder b;
    const int x = b.input(DType::Float32);
    const int cap = b.scalar(DType::Int64);
    const int y = b.input(DType::Float32);
    const int begin = b.push(Op::LoopBegin, DType::Int64, {cap});
    const int s0 = b.push(Op::LoopState, DType::Float32, {x});
    const int s1 = b.push(Op::LoopState, DType::Float32, {y});
    const int c = b.push(Op::Gt, DType::Bool, {s0, s1});
    b.push(Op::LoopCond, DType::Bool, {begin, c});
    const int inside = b.push(Op::Mul, DType::Float32, {s0, s1});
    b.push(Op::LoopNext, DType::Float32, {inside, misorder ? s1 : s0});
    b.push(Op::LoopNext, DType::Float32, {s1, misorder ? s0 : s1});
    if (!unclosed) b.push(Op::LoopEnd, DType::Int64, {begin});
    const int out = use_after ? b.push(Op::Add, DType::Float32, {inside, s0}) : s0;
    return b.finish({out});
  };
  CHECK_NOTHROW(ir::verify(loop(false, false, false)));
  CHECK_THROWS_WITH_AS(ir::verify(loop(true, false, false)), doctest::Contains("next values must follow the states"),
                       InternalError);
  CHECK_THROWS_WITH_AS(ir::verify(loop(false, true, false)), doctest::Contains("not visible here"), InternalError);
  CHECK_THROWS_WITH_AS(ir::verify(loop(false, false, true)), doctest::Contains("not closed"), InternalError);
}

SINTER_DEVICE_TEST(reduction_consumer,
                   "while_loop: results evaluated with reductions of their shape, and reading one") {
  const Array<float> m(spread(12, 1.0f, 40.0f), Shape{4, 3}, device);
  const Array<float> r = sum(m, {1});  // shape (4,), as the loop's
  const auto [v, n] = halvings(Array<float>(r * 2.0f));
  const Array<float> mixed = r + v;  // a reduction's consumer and a loop result in one expression
  Array<float> through = while_loop(
      r, [](const auto& a) { return a > 1.0f; }, [](const auto& a) { return Array<float>(a * 0.5f); });
  eval(r, v, n, mixed, through);
  const std::vector<float> rs = r.to_vector(), vs = v.to_vector(), ms = mixed.to_vector(), ts = through.to_vector();
  for (std::size_t i = 0; i < rs.size(); ++i) {
    float a = rs[i] * 2.0f, t = rs[i];
    while (a > 1.0f) a *= 0.5f;
    while (t > 1.0f) t *= 0.5f;
    CHECK(vs[i] == a);
    CHECK(ms[i] == rs[i] + a);
    CHECK(ts[i] == t);
  }
}

SINTER_DEVICE_TEST(captured_reduction, "while_loop: a body reading a reduction of arrays from outside the loop") {
  const Array<float> m(spread(12, 1.0f, 12.0f), Shape{3, 4}, device);
  const Array<float> x(std::vector<float>{100.0f, 5.0f, 1.0f, 0.5f}, device);
  // Each element is reduced by the mean of m's column until it is below it.
  Array<float> v = while_loop(
      x, [&](const auto& a) { return a > mean(m, {0}); },
      [&](const auto& a) { return Array<float>(a - mean(m, {0})); });
  const std::vector<float> ms = m.to_vector(), xs = x.to_vector(), got = v.to_vector();
  for (std::size_t c = 0; c < 4; ++c) {
    const float mu = (ms[c] + ms[4 + c] + ms[8 + c]) / 3.0f;
    float a = xs[c];
    while (a > mu) a -= mu;
    CHECK(got[c] == doctest::Approx(a).epsilon(1e-5));
  }
  check_close(got, reference(v), 0, "interpreter");
}

SINTER_DEVICE_TEST(loop_in_branch, "if_then_else: a while_loop inside a branch runs only for the elements taking it") {
  const std::vector<float> xs = {0.5f, 20.0f, 3.0f, 1000.0f, -7.0f};
  const Array<float> x(xs, device);
  Array<float> y = if_then_else(
      x > 2.0f,
      [&] {
        return while_loop(
            x, [](const auto& v) { return v > 2.0f; }, [](const auto& v) { return Array<float>(v * 0.5f); });
      },
      [&] { return Array<float>(x - 1.0f); });
  std::vector<float> want;
  for (float a : xs) {
    if (a > 2.0f) {
      while (a > 2.0f) a *= 0.5f;
    } else {
      a -= 1.0f;
    }
    want.push_back(a);
  }
  check_close(reference(y), want, 0, "interpreter");
  check_close(y.to_vector(), want, 0, "y");
}
