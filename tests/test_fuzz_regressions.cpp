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

// Not a fuzzer find: the printed form of reductions compiles (axes lists with negative axes,
// {} for every axis, keepdims, dot, inputs of their own shape), and both modes accept a correct
// backend on them: float sums within the sum tolerance (check.h), fused into their producer
// (an exp) and their consumers (x - mean(x)); NaN, ties, signed zeros and infinities in min,
// max, argmin and argmax exactly; empty reduced axes; several reductions of one geometry; and a
// long float32 sum that the CPU splits into parts over its threads.
SINTER_DEVICE_TEST(fuzz_oracle_accepts_reductions, "fuzz oracle: a correct device passes both modes on reductions") {
  for (fuzz::Mode mode : {fuzz::Mode::EndToEnd, fuzz::Mode::EachNode}) {
    fuzz::Checker c(device, sinter::Shape{3, 4, 5}, mode);
    auto v0 = c.random_input(DType::Float32, 21u);
    auto v1 = c.view_input(DType::Float64, 22u);
    auto v2 = c.reduce(Op::Sum, v0, {-1, 0}, true);
    auto v3 = c.op(Op::Div, {v2, c.scalar<float>(15.0f)});  // mean(v0, {2, 0}, keepdims)
    auto v4 = c.op(Op::Sub, {v0, v3});
    auto v5 = c.reduce(Op::Max, v1, {1}, false);
    auto v6 = c.reduce(Op::ArgMin, v1, {1}, false);
    auto v7 = c.reduce(Op::Min, v1, {1}, false);
    auto v8 = c.op(Op::Sub, {v5, v7});
    auto v9 = c.reduce(Op::Sum, c.op(Op::Exp, {v1}), {}, false);
    auto v10 = c.reduce(Op::Any, c.op(Op::Gt, {v0, c.scalar<float>(1.0f)}), {0, 1}, true);
    auto v11 = c.input<double>({1.5, -2.0, 0.25}, sinter::Shape{3, 1, 1});
    auto v12 = c.op(Op::Mul, {c.reduce(Op::Prod, v1, {2}, true), v11});
    auto v13 = c.dot(c.reduce(Op::Sum, v1, {0}, false), c.input<double>({1.0, 2.0, -1.0, 0.5, 3.0}, sinter::Shape{5}));
    for (const auto& v : {v4, v6, v8, v9, v10, v12, v13}) c.hold(v);
    c.evaluate({v8});
    auto v14 = c.op(Op::Add, {v8, c.reduce(Op::Sum, v8, {}, false)});
    c.hold(v14);
    CHECK_EQ(c.finish(), "");

    fuzz::Checker d(device, 8, mode);
    auto w0 = d.input<float>({2.0f, NAN, -0.0f, 0.0f, -INFINITY, 3.0f, NAN, -INFINITY});
    auto w1 = d.input<float>({-0.0f, 0.0f, 1.0f, 1.0f, -0.0f, 5.0f, 5.0f, 0.0f});
    auto w2 = d.input<std::int32_t>({2147483647, 1, -5, 7, 7, -5, 0, 2147483647});
    for (Op o : {Op::Min, Op::Max, Op::ArgMin, Op::ArgMax, Op::Sum, Op::Prod})
      for (const auto& w : {w0, w1, w2}) d.hold(d.reduce(o, w, {}, o == Op::Sum));
    d.hold(d.reduce(Op::All, w2, {0}, false));
    CHECK_EQ(d.finish(), "");

    fuzz::Checker e(device, sinter::Shape{2, 0, 3}, mode);
    auto x0 = e.random_input(DType::Float64, 23u);
    e.hold(e.reduce(Op::Sum, x0, {1}, false));
    e.hold(e.reduce(Op::Prod, x0, {1, 0}, true));
    e.hold(e.reduce(Op::All, x0, {-2}, false));
    e.hold(e.reduce(Op::Max, x0, {0, -1}, false));  // an empty result of axes that are not empty
    CHECK_EQ(e.finish(), "");

    fuzz::Checker f(device, sinter::Shape{2, 20000}, mode);
    auto y0 = f.random_input(DType::Float32, 24u);
    auto y1 = f.op(Op::Minimum, {f.op(Op::Maximum, {y0, f.scalar<float>(-1e6f)}), f.scalar<float>(1e6f)});
    f.hold(f.reduce(Op::Sum, y1, {1}, false));
    f.hold(f.reduce(Op::ArgMax, y1, {}, false));
    CHECK_EQ(f.finish(), "");
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

// Found by: sinter_fuzz --seed 1 --case 116 (on 4968413, with the generator of that commit)
// exception: lower_to_llvm produced invalid IR for sinter_k_0d7548ac1dea7275:
// PHI nodes not grouped at top of basic block!
//   %any_huge = phi i1 [ false, %entry ], [ %13, %loop ]
// A reduction whose fused producer has sin or cos, over a flat (contiguous) operand: the loop's
// exit block stored the accumulators before the phi that reports huge arguments, so the kernel
// did not compile: sinter::sum(sinter::sin(x)) threw CompileError. Fixed in lower_to_llvm (the
// phis first); the first fuzzer run with reductions found it within two minutes.
SINTER_DEVICE_TEST(fuzz_1_116, "fuzz 1/116: sum of sin over a contiguous operand compiles") {
  fuzz::Checker c(device, sinter::Shape{1, 1, 1, 1}, fuzz::Mode::EndToEnd);
  auto v0 = c.input<float>({1.0f});
  auto v1 = c.op(Op::Sin, {v0});
  auto v2 = c.reduce(Op::Sum, v1, {0}, false);
  c.hold(v2);
  CHECK_EQ(c.finish(), "");
}

// Found by: sinter_fuzz --seed 625291357932 --case 820 (the generator of the row-kernel commit)
// exception: internal error ...: row kernel: phase 0 has no reduction
// v7 = v5 - sum(v5) over one row, where v5 uses cast(v1), a per-row value (shape (1,)) without a
// reduction: the planner took it into the row kernel, where it pushed v5 into phase 1 and left
// phase 0 without a reduction. A per-row value joins a row kernel only with a reduction of rows
// among its operands (fuse/plan.cpp, has_row_reduction); this one is computed first.
SINTER_DEVICE_TEST(fuzz_625291357932_820,
                   "fuzz 625291357932/820: a per-row value without a reduction beside a row "
                   "reduction") {
  fuzz::Checker c(device, 2, fuzz::Mode::EndToEnd);
  auto v0 = c.input<std::int64_t>({-63LL, 404294LL});
  auto v1 = c.input<float>({404231.0f}, sinter::Shape{1});
  auto v2 = c.cast(v1, DType::Int64);
  auto v3 = c.input<std::int64_t>({731LL}, sinter::Shape{});
  auto v4 = c.op(Op::Philox, {v0, v2, v3});
  auto v5 = c.cast(v4, DType::Float64);
  auto v6 = c.reduce(Op::Sum, v5, {}, true);
  auto v7 = c.op(Op::Sub, {v5, v6});
  c.hold(v7);
  CHECK_EQ(c.finish(), "");
}

// Found by: sinter_fuzz --seed 629075583735 --case 55 (CI, on the AVX-512 machine)
// v8 (max float64 v6:float64 axes {0} keepdims): max of 8 elements of (8,) is
// 6.0288708482403308e-05 on the device, 6.0288704844424501e-05 in the interpreter
// The row kernel of softmax(cast(tan(x))) computes tan(x) in each phase: the max's phase called
// libm's scalar tanf, the phase that stores cast(tan(x)) libmvec's 8-wide one, an ulp apart on
// this element. Every math call now goes through one variant (codegen/llvm/one_math_variant.h).
SINTER_DEVICE_TEST(fuzz_629075583735_55,
                   "fuzz 629075583735/55: the phases of a row kernel compute a math function's "
                   "value alike") {
  fuzz::Checker c(device, 8, fuzz::Mode::EachNode);
  auto v0 = c.random_input(DType::Int16, 11158873116540205021u);
  auto v1 = c.random_input(DType::Float32, 11616383587785129411u);
  auto v2 = c.random_input(DType::Int8, 4387272007518019899u);
  auto v3 = c.op(Op::Tan, {v1});
  auto v4 = c.scalar<std::int8_t>(98);
  auto v5 = c.op(Op::Remainder, {v2, v4});
  c.hold(v5);
  auto v6 = c.cast(v3, DType::Float64);
  auto v7 = c.op(Op::Ceil, {v6});
  c.hold(v7);
  auto v8 = c.reduce(Op::Max, v6, {0}, true);
  auto v9 = c.op(Op::Sub, {v6, v8});
  auto v10 = c.op(Op::Exp, {v9});
  auto v11 = c.reduce(Op::Sum, v10, {0}, true);
  auto v12 = c.op(Op::Div, {v10, v11});
  auto v13 = c.reduce(Op::Prod, v7, {-1}, true);
  c.hold(v13);
  auto v14 = c.op(Op::Mul, {v7, v13});
  c.hold(v14);
  auto v15 = c.random_input(DType::UInt16, 5270686310718956108u);
  auto v16 = c.cast(v13, DType::Float32);
  auto v17 = c.op(Op::Erfc, {v16});
  c.hold(v17);
  CHECK_EQ(c.finish(), "");
}

// Found by: sinter_fuzz --seed 105186361234 --case 510 (the final CI check of this session)
// exception: lower_to_llvm produced invalid IR: Instruction does not dominate all uses!
SINTER_DEVICE_TEST(fuzz_105186361234_510,
                   "fuzz 105186361234/510: a per-row value read in both branches of an if inside a row kernel") {
  fuzz::Checker c(device, 2, fuzz::Mode::EachNode);
  auto v0 = c.input<bool>({false, false});
  auto v1 = c.input<float>({2.14748365e+09f, 2.14748365e+09f});
  auto v2 = c.reduce(Op::Max, v1, {-1}, true);
  auto v3 = c.op(Op::Sub, {v1, v2});
  auto v4 = c.branch(v0, v3, v3, Op::Neg);
  auto v5 = c.reduce(Op::Sum, v4, {}, true);
  auto v6 = c.op(Op::Sub, {v4, v5});
  c.hold(v6);
  CHECK_EQ(c.finish(), "");
}

// Found by: sinter_fuzz --seed 888938523281 --case 2793
// v9 (prod float64 v5:float64 axes {} keepdims) at element 0: device 22650.0, interpreter 1.8446743167471462e+19
// (LLVM 19's SLP vectorizer narrowed the xor and the conversion to 8 bits: it is off, llvm_jit.cpp)
SINTER_DEVICE_TEST(
    fuzz_888938523281_2793,
    "fuzz 888938523281/2793: an int8 scalar cast to uint32, xor'd and converted to float64 keeps 32 bits") {
  fuzz::Checker c(device, 2, fuzz::Mode::EndToEnd);
  auto v0 = c.random_input(DType::Bool, 1709873110945634643u);
  auto v1 = c.cast(v0, DType::UInt32);
  auto v2 = c.scalar<std::int8_t>(-105);
  auto v3 = c.cast(v2, DType::UInt32);
  auto v4 = c.op(Op::BitXor, {v1, v3});
  auto v5 = c.cast(v4, DType::Float64);
  auto v6 = c.cast(v4, DType::Float64);
  auto v7 = c.op(Op::Exp2, {v6});
  auto v8 = c.reduce(Op::ArgMax, v7, {}, true);
  auto v9 = c.reduce(Op::Prod, v5, {}, true);
  c.hold(v9);
  auto v10 = c.input<std::int64_t>({1LL}, sinter::Shape{});
  auto v11 = c.op(Op::Eq, {v8, v10});
  c.hold(v11);
  CHECK_EQ(c.finish(), "");
}
