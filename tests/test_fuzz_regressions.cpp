// Regression tests from the differential fuzzer (tests/fuzz): each case is pasted as
// sinter_fuzz printed it after shrinking, with the command that found it. They run through
// fuzz::Checker, the fuzzer's own oracle, on every device. docs/testing.md has the workflow.
#include "fuzz/check.h"
#include "support.h"

using namespace sinter;

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
