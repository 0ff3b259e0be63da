// Regression tests from the differential fuzzer (tests/fuzz): each case is pasted as
// sinter_fuzz printed it after shrinking, with the command that found it. They run through
// fuzz::Checker, the fuzzer's own oracle, on every device. docs/testing.md has the workflow.
#include <fstream>

#include "fuzz/check.h"
#include "kernel_cache.h"
#include "support.h"

using namespace sinter;

// Not a fuzzer find: the printed form of an N-d case (broadcast inputs of smaller shapes, 0-d
// included) compiles, and both modes accept a correct backend on it.
SINTER_DEVICE_TEST(fuzz_oracle_accepts_broadcast,
                   "fuzz oracle: a correct device passes both modes on broadcast inputs") {
  for (fuzz::Mode mode : {fuzz::Mode::EndToEnd, fuzz::Mode::EachNode}) {
    fuzz::Checker c(device, sinter::Shape{5, 1, 7, 3}, mode);
    auto v0 = c.broadcast_input(DType::Float32, 11u, sinter::Shape{7, 1});
    auto v1 = c.broadcast_input(DType::Float32, 12u, sinter::Shape{5, 1, 1, 3});
    auto v2 = c.broadcast_input(DType::Int32, 13u, sinter::Shape{});
    auto v3 = c.random_input(DType::Float32, 14u);
    auto v4 = c.op(Op::Mul, {c.op(Op::Add, {v0, v1}), v3});
    auto v5 = c.op(Op::Where, {c.op(Op::Lt, {v0, v1}), c.cast(v2, DType::Float32), v4});
    c.hold(v5);
    c.evaluate({v5});
    auto v6 = c.op(Op::Sub, {v5, v1});
    c.hold(v6);
    CHECK_EQ(c.finish(), "");
  }
}

// Not a fuzzer find: the printed form of view inputs (strided views of larger arrays: offsets,
// negative steps, permuted axes) compiles, each view checks its own elements against plain index
// arithmetic, and both modes accept a correct backend on them, N-d and 1-D.
SINTER_DEVICE_TEST(fuzz_oracle_accepts_views, "fuzz oracle: a correct device passes both modes on view inputs") {
  for (fuzz::Mode mode : {fuzz::Mode::EndToEnd, fuzz::Mode::EachNode}) {
    fuzz::Checker c(device, sinter::Shape{4, 1, 5, 3}, mode);
    for (std::uint64_t seed = 1; seed <= 8; ++seed) {
      auto v0 = c.view_input(DType::Float64, seed);
      auto v1 = c.view_input(DType::Float64, seed + 100);
      auto v2 = c.broadcast_input(DType::Float64, seed + 200, sinter::Shape{5, 1});
      auto v3 = c.op(Op::Sub, {c.op(Op::Mul, {v0, v1}), v2});
      c.hold(v3);
    }
    CHECK_EQ(c.finish(), "");
    fuzz::Checker d(device, 9, mode);
    auto w0 = d.view_input(DType::Int32, 5u);
    auto w1 = d.random_input(DType::Int32, 6u);
    auto w2 = d.op(Op::Maximum, {w0, w1});
    d.hold(w2);
    CHECK_EQ(d.finish(), "");
  }
}

// Not a fuzzer find: keeps the printed form compiling and the oracle honest. Both modes must
// accept a correct backend on the edge cases that tempt a lowering to cut corners: comparisons
// of bools, saturating float-to-int casts, NaN and signed zeros in minimum and maximum, integer
// wrap-around, and values evaluated in one statement and read in the next.
SINTER_DEVICE_TEST(fuzz_oracle_accepts_edge_cases, "fuzz oracle: a correct device passes both modes on edge values") {
  for (fuzz::Mode mode : {fuzz::Mode::EndToEnd, fuzz::Mode::EachNode}) {
    fuzz::Checker c(device, 6, mode);
    auto v0 = c.input<bool>({true, false, true, false, true, true});
    auto v1 = c.input<bool>({false, false, true, true, true, false});
    auto v2 = c.op(Op::Lt, {v0, v1});
    auto v3 = c.input<float>({NAN, -0.0f, 3e9f, -3e9f, 2.5f, -INFINITY});
    auto v4 = c.cast(v3, DType::Int32);
    auto v5 = c.op(Op::Minimum, {v3, c.scalar<float>(0.0f)});
    auto v6 = c.op(Op::Maximum, {v3, c.scalar<float>(-0.0f)});
    auto v7 = c.op(Op::Add, {v4, c.scalar<std::int32_t>(2147483647)});
    c.hold(v2);
    c.hold(v5);
    c.evaluate({v5});
    auto v8 = c.op(Op::Where, {v2, v6, c.op(Op::Sin, {v5})});
    auto v9 = c.op(Op::Floor, {c.op(Op::Mul, {v8, c.scalar<float>(1000.0f)})});
    c.hold(v7);
    c.hold(v9);
    CHECK_EQ(c.finish(), "");
  }
}

// Bugs found by sinter_fuzz go below, newest last.

// Found by: sinter_fuzz --seed 961902868649 --seconds 660 (a long run; not one case but the
// run's ~34800th distinct kernel). From then on every compile failed with "JIT session error:
// Cannot allocate memory": each compiled kernel keeps its own memory mappings for the life of
// the process, even after clear_kernel_cache(), and Linux allows 65530 mappings per process
// (vm.max_map_count). Kernels with constants (sin, minimum) take two mappings each, so about
// 32000 distinct kernels end the process's ability to compile. Measured: 1000 kernels, cache
// cleared, 2000 more mappings. A long-running program that meets many structures stops working.
TEST_CASE("fuzz: kernels dropped from the cache give their code memory back") {
  auto mappings = [] {
    std::ifstream maps("/proc/self/maps");
    std::string line;
    long count = 0;
    while (std::getline(maps, line)) ++count;
    return count;
  };
  if (mappings() == 0) return;  // no /proc: not Linux
  Array<float> x(std::vector<float>(64, 1.5f));
  // Structure `id` (a distinct kernel each): ten steps, each an add or a multiply by its bit.
  auto compile = [&](int id) {
    Array<float> y = x;
    for (int bit = 0; bit < 10; ++bit)
      y = (id >> bit) & 1 ? Array<float>(sinter::sin(y) * x) : Array<float>(minimum(y, x));
    y.eval();
  };
  for (int id = 0; id < 20; ++id) compile(id);  // the JIT's own start-up mappings
  clear_kernel_cache();
  const long before = mappings();
  for (int id = 20; id < 420; ++id) compile(id);
  clear_kernel_cache();
  const long after = mappings();
  CHECK_MESSAGE(after - before < 100,
                "400 kernels compiled and dropped left " << after - before << " more memory mappings");
}
