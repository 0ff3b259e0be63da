// sinter::function (docs/custom-kernels.md, "Traced functions"): results against the same
// expression written directly, a plain C++ loop and the reference interpreter, on every device;
// one trace per signature and none for a new scalar value or new data; no compile for a new
// scalar value; fusion with producers and consumers; control flow and reductions inside; errors.
#include <spdlog/sinks/ringbuffer_sink.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "kernel_builder.h"
#include "logging.h"
#include "support.h"
#if SINTER_WITH_CUDA
#include "codegen/cuda/lower_to_cuda.h"
#include "runtime/cuda/nvrtc.h"
#endif

using namespace sinter;
using test::check_close;
using test::reference;

using test::spread;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The function of most tests: two arrays and a scalar in, two arrays out.
auto make_hypot() {
  return sinter::function([](auto x, auto y, float a) {
    auto r = sqrt(x * x + y * y) * a;
    return std::tuple{Array<float>(r), Array<float>(r - x)};
  });
}

}  // namespace

SINTER_DEVICE_TEST(function_matches_direct_expression_and_loop,
                   "function: results match the same expression written directly and a plain loop, tuples of them") {
  const std::vector<float> xs = spread(1000, -3, 5);
  const std::vector<float> ys = spread(1000, 2, -7);
  const Array<float> x(xs, Shape{1000}, device);
  const Array<float> y(ys, Shape{1000}, device);
  auto f = make_hypot();
  for (float a : {2.0f, -0.5f, 3.25f}) {
    auto [r, d] = f(x, y, a);
    std::vector<float> want_r(xs.size());
    std::vector<float> want_d(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
      want_r[i] = std::sqrt(xs[i] * xs[i] + ys[i] * ys[i]) * a;
      want_d[i] = want_r[i] - xs[i];
    }
    check_close(reference(r), want_r, 1, "r against a loop (interpreter)");
    check_close(reference(d), want_d, 1, "d against a loop (interpreter)");
    const Array<float> direct_r = sqrt(x * x + y * y) * a;
    const Array<float> direct_d = direct_r - x;
    check_close(r.to_vector(), direct_r.to_vector(), 0, "r against the direct expression");
    check_close(d.to_vector(), direct_d.to_vector(), 0, "d against the direct expression");
    check_close(r.to_vector(), want_r, 1, "r against a loop");
  }
  CHECK(f.traces() == 1);
}

SINTER_DEVICE_TEST(function_scalars_are_parameters,
                   "function: a new scalar value or new data neither traces nor compiles again") {
  const Array<float> x(spread(500, 0, 1), Shape{500}, device);
  const Array<float> y(spread(500, 1, 2), Shape{500}, device);
  auto f = make_hypot();
  std::get<0>(f(x, y, 1.0f)).eval();
  const std::uint64_t compiled = counters().kernels_compiled;
  for (int k = 0; k < 5; ++k) {
    const Array<float> x2(spread(500, static_cast<float>(k), 9), Shape{500}, device);
    auto [r, d] = f(x2, y, static_cast<float>(k) + 0.5f);
    std::vector<float> want = x2.to_vector();
    const std::vector<float> yv = y.to_vector();
    for (std::size_t i = 0; i < want.size(); ++i)
      want[i] = std::sqrt(want[i] * want[i] + yv[i] * yv[i]) * (static_cast<float>(k) + 0.5f);
    check_close(r.to_vector(), want, 1, "a new scalar value");
  }
  CHECK(counters().kernels_compiled == compiled);
  CHECK(f.traces() == 1);
  // An integer scalar and a double in a float32 expression: weak scalars, parameters too.
  auto g = sinter::function([](auto v, int k, double s) { return Array<float>(v * k + s); });
  const std::vector<float> xv = x.to_vector();
  for (int k = 1; k < 4; ++k) {
    const Array<float> r = g(x, k, 0.25 * k);
    std::vector<float> want(xv.size());
    for (std::size_t i = 0; i < xv.size(); ++i) want[i] = xv[i] * static_cast<float>(k) + static_cast<float>(0.25 * k);
    check_close(r.to_vector(), want, 0, "int and double scalars");
  }
  CHECK(g.traces() == 1);
}

SINTER_DEVICE_TEST(function_retraces_on_signature, "function: a new shape, rank, dtype or device traces again") {
  auto f = sinter::function([](auto x, auto y) { return Array(x * y + x); });
  const Array<float> a(spread(10, 0, 1), Shape{10}, device);
  const Array<float> b(spread(10, 1, 2), Shape{10}, device);
  f(a, b).eval();
  f(Array<float>(b * 2.0f), a).eval();  // same signature, an expression as argument
  CHECK(f.traces() == 1);
  f(Array<float>(spread(12, 0, 1), Shape{3, 4}, device), Array<float>(spread(12, 0, 1), Shape{3, 4}, device)).eval();
  CHECK(f.traces() == 2);  // rank
  f(Array<float>(spread(12, 0, 1), Shape{12}, device), Array<float>(spread(12, 0, 1), Shape{12}, device)).eval();
  CHECK(f.traces() == 3);  // shape
  const Array<double> c(std::vector<double>(10, 2.0), Shape{10}, device);
  const Array<double> r = f(c, c);
  check_close(r.to_vector(), std::vector<double>(10, 6.0), 0, "float64");
  CHECK(f.traces() == 4);  // dtype
  f(a, b).eval();
  CHECK(f.traces() == 4);  // every signature keeps its trace
  // Broadcasting inside: a (3, 1) and a (4,) argument.
  const Array<float> col(std::vector<float>{1, 2, 3}, Shape{3, 1}, device);
  const Array<float> row(std::vector<float>{1, 10, 100, 1000}, Shape{4}, device);
  const Array<float> outer = f(col, row);
  std::vector<float> want;
  for (float i : {1.0f, 2.0f, 3.0f})
    for (float j : {1.0f, 10.0f, 100.0f, 1000.0f}) want.push_back(i * j + i);
  check_close(outer.to_vector(), want, 0, "broadcast arguments");
  if (!(device == cpu())) {
    f(a.to(cpu()), b.to(cpu())).eval();
    const std::size_t before = f.traces();
    f(a, b).eval();
    f(a.to(cpu()), b.to(cpu())).eval();
    CHECK(f.traces() == before);
  }
}

TEST_CASE("function: a new device traces again [cpu and cuda]" * doctest::test_suite("gpu")) {
  if (auto why = test::cuda_unavailable()) { SINTER_SKIP("no usable GPU: " << *why); }
  auto f = sinter::function([](auto x) { return Array(x * 2.0f); });
  const Array<float> a(spread(10, 0, 1), Shape{10});
  f(a).eval();
  f(a.to(cuda(0))).eval();
  CHECK(f.traces() == 2);
  check_close(f(a.to(cuda(0))).to_vector(), f(a).to_vector(), 0, "both devices");
}

SINTER_DEVICE_TEST(function_fuses, "function: the result fuses with its producers and consumers: one kernel") {
  const Array<float> x(spread(256, -1, 1), Shape{256}, device);
  const Array<float> y(spread(256, 3, 4), Shape{256}, device);
  auto f = make_hypot();
  for (int call = 0; call < 2; ++call) {
    reset_counters();
    auto [r, d] = f(x * 2.0f + 1.0f, y, 1.5f);
    const Array<float> out = r * d - 3.0f;
    const std::vector<float> got = out.to_vector();
    CHECK(counters().kernel_launches == 1);
    const Array<float> x2 = x * 2.0f + 1.0f;
    const Array<float> direct_r = sqrt(x2 * x2 + y * y) * 1.5f;
    const Array<float> direct = direct_r * (direct_r - x2) - 3.0f;
    check_close(got, direct.to_vector(), 0, "against the direct expression");
  }
  CHECK(f.traces() == 1);
}

SINTER_DEVICE_TEST(function_with_control_flow,
                   "function: while_loop and if_then_else inside, against a loop and the interpreter") {
  // Newton's method for the cube root of a, per element, then a branch on the sign.
  auto cube_root = sinter::function([](auto a, float tolerance) {
    auto loop = while_loop(
        Array<float>(a * 0.0f + 1.0f), zeros<std::int32_t>(a.shape(), a.device()),
        [&](const auto& v, const auto&) { return abs(v * v * v - a) > tolerance; },
        [&](const auto& v, const auto& n) {
          return std::tuple{Array<float>(v - (v * v * v - a) / (3.0f * v * v)), Array<std::int32_t>(n + 1)};
        },
        max_iterations(50));
    const Array<float> root = std::get<0>(loop);  // named, not a structured binding: lambdas capture it
    const Array<std::int32_t> trips = std::get<1>(loop);
    Array<float> w = if_then_else(
        root > 2.0f, [&] { return Array<float>(root * 10.0f); }, [&] { return Array<float>(-root); });
    return std::tuple{w, trips};
  });
  const std::vector<float> as = spread(64, 0.5f, 30);
  const Array<float> a(as, Shape{64}, device);
  for (float tolerance : {1e-3f, 1e-1f}) {
    auto [w, n] = cube_root(a, tolerance);
    std::vector<float> want_w(as.size());
    std::vector<std::int32_t> want_n(as.size());
    for (std::size_t i = 0; i < as.size(); ++i) {
      float v = 1.0f;
      std::int32_t trips = 0;
      while (std::fabs(v * v * v - as[i]) > tolerance && trips < 50) {
        v = v - (v * v * v - as[i]) / (3.0f * v * v);
        ++trips;
      }
      want_w[i] = v > 2.0f ? v * 10.0f : -v;
      want_n[i] = trips;
    }
    check_close(reference(w), want_w, 0, "w against a loop (interpreter)");
    check_close(reference(n), want_n, 0, "n against a loop (interpreter)");
    check_close(w.to_vector(), want_w, 0, "w against a loop");
    check_close(n.to_vector(), want_n, 0, "n against a loop");
  }
  CHECK(cube_root.traces() == 1);
}

SINTER_DEVICE_TEST(function_with_reduction, "function: a reduction of an argument inside (x - mean(x) over rows)") {
  auto center = sinter::function([](auto m) { return Array<float>(m - mean(m, {1}, true)); });
  const std::vector<float> xs = spread(24, -2, 9);
  const Array<float> x(xs, Shape{4, 6}, device);
  for (int call = 0; call < 2; ++call) {
    const Array<float> c = center(Array<float>(x * static_cast<float>(call + 1)));
    std::vector<float> want(xs.size());
    for (std::size_t i = 0; i < 4; ++i) {
      double m = 0;
      for (std::size_t j = 0; j < 6; ++j) m += xs[i * 6 + j] * static_cast<float>(call + 1);
      for (std::size_t j = 0; j < 6; ++j)
        want[i * 6 + j] = xs[i * 6 + j] * static_cast<float>(call + 1) - static_cast<float>(m / 6);
    }
    const std::vector<float> got = c.to_vector();
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i)
      CHECK(std::abs(got[i] - want[i]) <= 1e-5f * (1.0f + std::abs(want[i])));
    const Array<float> scaled = x * static_cast<float>(call + 1);
    check_close(got, Array<float>(scaled - mean(scaled, {1}, true)).to_vector(), 0, "against the direct expression");
  }
  CHECK(center.traces() == 1);
}

TEST_CASE("function: host arithmetic on a scalar makes its value part of the trace's key, still no compile") {
  auto f = sinter::function([](auto x, float a) { return Array<float>(x * (a * a) + 1.0f); });
  const std::vector<float> xs = spread(100, -1, 1);
  const Array<float> x(xs, Shape{100});
  f(x, 2.0f).eval();
  const std::uint64_t compiled = counters().kernels_compiled;
  for (float a : {3.0f, 0.5f, 2.0f}) {
    std::vector<float> want(xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) want[i] = xs[i] * (a * a) + 1.0f;
    check_close(f(x, a).to_vector(), want, 0, "a * a");
  }
  CHECK(f.traces() == 3);  // 2 and then 3 and 0.5; 2 again is kept
  CHECK(counters().kernels_compiled == compiled);
  // A literal equal to the scalar is told apart from it.
  auto g = sinter::function([](auto v, float a) { return Array<float>(v * a + 2.0f); });
  check_close(g(x, 2.0f).to_vector(), Array<float>(x * 2.0f + 2.0f).to_vector(), 0, "a = 2");
  check_close(g(x, 5.0f).to_vector(), Array<float>(x * 5.0f + 2.0f).to_vector(), 0, "a = 5");
  CHECK(g.traces() == 1);
}

TEST_CASE("function: a host read inside the callable, a bad argument: Errors naming the function, usable after") {
  const Array<float> x(spread(10, 0, 1), Shape{10});
  auto reads = sinter::function([](auto v) {
    const std::vector<float> values = Array<float>(v * 2.0f).to_vector();  // data-dependent host control flow
    return Array<float>(v * values[0]);
  });
  CHECK_THROWS_WITH_AS(reads(x), doctest::Contains("sinter::function: evaluating an array"), Error);
  auto item = sinter::function([](auto v) { return Array<float>(v * v.item()); }, "scale");
  const Array<float> one(std::vector<float>{2.0f}, Shape{});
  CHECK_THROWS_WITH_AS(item(one), doctest::Contains("scale: evaluating an array"), Error);
  auto writes = sinter::function([](auto v) {
    v += 1.0f;
    return v;
  });
  // (a compound assignment reads its target first: the read is refused)
  CHECK_THROWS_WITH_AS(writes(x), doctest::Contains("sinter::function: "), Error);
  CHECK_THROWS_WITH_AS(writes(x), doctest::Contains("inside its lambdas"), Error);
  auto add = sinter::function([](auto a, auto b) { return Array<float>(a + b); }, "add_arrays");
  CHECK_THROWS_WITH_AS(add(x, Array<float>(spread(3, 0, 1), Shape{3})), doctest::Contains("add_arrays: the body"),
                       ShapeError);
  CHECK_THROWS_WITH_AS(add(x, Array<float>()), doctest::Contains("add_arrays: argument 1 is an empty Array"),
                       EmptyArrayError);
  auto slices = sinter::function([](auto v) { return Array<float>(v(Slice{0, 2}) * 2.0f); }, "slices");
  CHECK_THROWS_WITH_AS(slices(x), doctest::Contains("slices: "), Error);
  // The process is usable, and so are the functions.
  check_close(add(x, x).to_vector(), Array<float>(x * 2.0f).to_vector(), 0, "after the errors");
  check_close(Array<float>(x + 1.0f).to_vector(), Array<float>(1.0f + x).to_vector(), 0, "plain arrays after");
  CHECK(add.traces() == 1);
}

TEST_CASE("function: called inside a while_loop body it is part of that trace") {
  auto step = sinter::function([](auto v) { return Array<float>(v * 0.5f); });
  const Array<float> x(spread(20, 0, 40), Shape{20});
  const Array<float> halved = while_loop(
      x, [](const auto& v) { return v > 1.0f; }, [&](const auto& v) { return step(v); });
  const std::vector<float> xs = x.to_vector();
  std::vector<float> want(xs.size());
  for (std::size_t i = 0; i < xs.size(); ++i) {
    float u = xs[i];
    while (u > 1.0f) u *= 0.5f;
    want[i] = u;
  }
  check_close(halved.to_vector(), want, 0, "halvings");
  CHECK(step.traces() == 0);
}

#if SINTER_WITH_CUDA
TEST_CASE("cuda codegen: a traced function's kernel (with a loop) compiles to sm_90 CUBIN") {
  auto f = sinter::function([](auto x, float a) {
    auto loop = while_loop(
        x, [](const auto& v) { return v > 1.0f; }, [&](const auto& v) { return Array<float>(v * a); });
    return Array<float>(exp(loop) + x * a);
  });
  const Array<float> x(spread(64, 0, 50), Shape{8, 8});
  const ir::KernelIR k = test::planned_kernel(f(x, 0.5f).node());
  const std::string source = gpu::lower_to_cuda(k);
  INFO(source);
  CHECK(contains(source, "while (true) {"));
  const gpu::CudaImage image = gpu::compile_cuda(source, "traced_function.cu", "sm_90");
  CHECK(image.is_cubin);
  CHECK(image.log.empty());
}
#endif

TEST_CASE("function: SINTER_LOG_LEVEL=debug says which argument caused a new trace") {
  spdlog::logger& logger = sinter::log();
  const spdlog::level::level_enum level = logger.level();
  auto sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64);
  logger.sinks().push_back(sink);
  logger.set_level(spdlog::level::debug);
  auto f = sinter::function([](auto x, auto y) { return Array(x * y); }, "product");
  const Array<float> a(spread(10, 0, 1), Shape{10});
  f(a, a).eval();
  f(a, Array<double>(std::vector<double>(10, 1.0), Shape{10})).eval();
  logger.set_level(level);
  auto& sinks = logger.sinks();
  sinks.erase(std::remove(sinks.begin(), sinks.end(), sink), sinks.end());
  bool named = false;
  for (const std::string& line : sink->last_formatted())
    named = named || contains(line,
                              "product: traced again for argument 1: an array of float64, shape (10,), on cpu, "
                              "was an array of float32, shape (10,), on cpu");
  CHECK(named);
  CHECK(f.traces() == 2);
}

TEST_CASE("function: calls from several threads at once give each caller its own results") {
  auto f = make_hypot();
  const std::vector<float> ys = spread(64, 1, 2);
  const Array<float> y(ys, Shape{64});
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 20; ++k) {
        const std::vector<float> xs = spread(64, static_cast<float>(t), static_cast<float>(k + 5));
        const float a = static_cast<float>(t) + 0.25f * static_cast<float>(k);
        auto [r, d] = f(Array<float>(xs, Shape{64}), y, a);
        const std::vector<float> got = d.to_vector();
        for (std::size_t i = 0; i < xs.size(); ++i) {
          const float want = std::sqrt(xs[i] * xs[i] + ys[i] * ys[i]) * a - xs[i];
          if (std::abs(got[i] - want) > 1e-5f * (1.0f + std::abs(want))) ++wrong;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(wrong == 0);
  CHECK(f.traces() >= 1);
  CHECK(f.traces() <= 4);  // threads that missed at once may each have traced
}

TEST_CASE("function: a while_loop's cap from a scalar argument is a parameter too") {
  auto doublings = sinter::function(
      [](auto v, std::int64_t n) {
        return while_loop(
            v, [](const auto& u) { return u < 1000.0f; }, [](const auto& u) { return Array<float>(u * 2.0f); },
            max_iterations(n));
      },
      "doublings");
  const std::vector<float> xs{1, 2, 3, 4};
  const Array<float> x(xs, Shape{4});
  doublings(x, std::int64_t{0}).eval();  // an int 0 would be another signature (a scalar's C++ type is in it)
  const std::uint64_t compiled = counters().kernels_compiled;
  for (std::int64_t n : {0, 1, 3, 20}) {
    std::vector<float> want = xs;
    for (float& w : want)
      for (std::int64_t k = 0; k < n && w < 1000.0f; ++k) w *= 2.0f;
    check_close(doublings(x, n).to_vector(), want, 0, "cap " + std::to_string(n));
  }
  CHECK(doublings.traces() == 1);
  CHECK(counters().kernels_compiled == compiled);
}

TEST_CASE("function: an Array kept from inside the callable and used after the call is an Error naming it") {
  Array<float> kept;
  auto keep = sinter::function([&](auto v) {
    kept = v * 2.0f;
    return Array<float>(v + 1.0f);
  });
  const Array<float> x(spread(4, 0, 1), Shape{4});
  check_close(keep(x).to_vector(), Array<float>(x + 1.0f).to_vector(), 0, "the call's result");
  CHECK_THROWS_WITH_AS(kept.eval(), doctest::Contains("sinter::function: an argument of a traced function's callable"),
                       Error);
  check_close(keep(x).to_vector(), Array<float>(x + 1.0f).to_vector(), 0, "usable after");
}
