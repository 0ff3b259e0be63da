// What must hold however a program drives sinter (issue 11): a failure while a kernel is
// compiled leaves the cache usable; graphs of a million pending nodes are built, planned and
// destroyed without recursion; the auto-evaluation bound counts distinct nodes and kernel
// parameters; values computed from scalars alone (zeros, full, arange) take no memory for the
// handles that refer to them; integer settings are read one way. Settings read once per process
// run in child processes (test::run_child).
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "backend.h"
#include "support.h"

using namespace sinter;
using doctest::Contains;

namespace {

const char* g_fail_at = nullptr;  // the step the fault hook fails

void fail_at_step(const char* step) {
  if (g_fail_at && std::string(step) == g_fail_at) throw CompileError(std::string("injected failure at ") + step);
}

/// x * 2 + 1 applied `depth` times: a distinct kernel structure for each depth.
Array<float> affine_chain(const Array<float>& x, int depth) {
  Array<float> y = x;
  for (int k = 0; k < depth; ++k) y = y * 2.0f + 1.0f;
  return y;
}

float affine_chain_value(float x, int depth) {
  for (int k = 0; k < depth; ++k) x = x * 2.0f + 1.0f;
  return x;
}

}  // namespace

TEST_CASE("a failure at any step between a cache miss and its kernel leaves the cache usable") {
  // Before the fix, a failure at "log" or "dump" left the entry's promise unkept: every later
  // use of the same kernel raised std::future_error ("Broken promise").
  const char* steps[] = {"log", "dump", "compile", "load"};
  Array<float> x = {1, 2, 3};
  detail::set_fault_hook(fail_at_step);
  int depth = 40;  // structures no other case compiles
  for (const char* step : steps) {
    CAPTURE(step);
    ++depth;
    g_fail_at = step;
    const std::string message = std::string("injected failure at ") + step;
    CHECK_THROWS_WITH_AS(affine_chain(x, depth).to_vector(), Contains(message.c_str()), CompileError);
    g_fail_at = nullptr;
    reset_counters();
    const std::vector<float> y = affine_chain(x, depth).to_vector();
    CHECK_EQ(counters().kernels_compiled, 1);  // compiled again, not a broken entry
    CHECK_EQ(y, std::vector<float>{affine_chain_value(1, depth), affine_chain_value(2, depth),
                                   affine_chain_value(3, depth)});
  }
  detail::set_fault_hook(nullptr);
}

TEST_CASE("child: robustness twice with a bad log level" * doctest::skip()) {
  Array<float> x = {1, 2, 3};
  for (int run = 0; run < 2; ++run) {
    try {
      affine_chain(x, 3).eval();
      MESSAGE("child: evaluated");
    } catch (const ConfigError& e) { MESSAGE("child: ConfigError " << std::string(e.what())); }
  }
}

TEST_CASE("an invalid SINTER_LOG_LEVEL is a ConfigError on every evaluation, not only the first") {
  const test::ChildRun child = test::run_child("SINTER_LOG_LEVEL=nonsense", "child: robustness twice*");
  CAPTURE(child.output);
  CHECK_EQ(child.exit_code, 0);
  std::size_t errors = 0;
  for (std::size_t at = child.output.find("child: ConfigError SINTER_LOG_LEVEL=\"nonsense\" is invalid");
       at != std::string::npos; at = child.output.find("child: ConfigError", at + 1))
    ++errors;
  CHECK_EQ(errors, 2);
  CHECK_EQ(child.output.find("future"), std::string::npos);
}

TEST_CASE("child: robustness a million pending nodes" * doctest::skip()) {
  // x * a + b, 500000 times: a chain of 10^6 pending nodes (SINTER_MAX_PENDING is 2^20 here).
  Array<float> x = {1, 2, 3};
  const std::size_t before = ir::intern_table_capacity();
  Array<float> y = x;
  for (int k = 0; k < 500000; ++k) y = y * 0.999f + 0.001f;
  CHECK_GE(ir::intern_table_capacity(), std::size_t{1} << 20);
  {
    // Planning walks it (no compile: the kernel would have 10^6 instructions).
    const ir::KernelIR kernel = test::planned_kernel(y.node());
    CHECK_EQ(kernel.body.size(), 1000003);  // x, the two scalars, and 2 x 500000 ops
    Array<float> total = sum(y);
    const ir::KernelIR reduction = test::planned_kernel(total.node());
    CHECK_EQ(reduction.body.size(), 1000004);
  }
  {
    // A write into another buffer looks for pending readers of it through the whole chain.
    Array<float> other = {0, 0, 0};
    other += 1.0f;
    CHECK_EQ(other.to_vector(), std::vector<float>{1, 1, 1});
  }
  y = Array<float>();  // drops the chain: 10^6 destructors, one at a time
  // The hash-consing table shrinks again (a table left at the chain's size slowed every later
  // in-place write, whose search for pending readers walks it).
  CHECK_LE(ir::intern_table_capacity(), std::max<std::size_t>(before, 1024));
  MESSAGE("child: a million nodes built, planned and destroyed");
}

TEST_CASE("pending graphs of a million nodes are planned and destroyed without recursion") {
  const test::ChildRun child = test::run_child("SINTER_MAX_PENDING=1048576", "child: robustness a million*");
  CAPTURE(child.output);
  CHECK_EQ(child.exit_code, 0);  // a recursive walk or destructor overflowed the stack here
  CHECK_NE(child.output.find("child: a million nodes built, planned and destroyed"), std::string::npos);
}

TEST_CASE("child: robustness a long chain evaluates" * doctest::skip()) {
  // 12000 pending nodes: computed as kernels of 2048 nodes (evaluate.cpp, kMaxKernelNodes),
  // whose compile times add up linearly (one kernel of 12000 took 2.5 s to compile on the CPU).
  Array<float> x = {1, 2, 3};
  Array<float> y = x;
  for (int k = 0; k < 6000; ++k) y = y * 0.999f + 0.001f;
  reset_counters();
  const std::vector<float> got = y.to_vector();
  CHECK_EQ(counters().kernel_launches, 6);  // 12000 / 2048, rounded up
  for (int i = 0; i < 3; ++i) {
    float expected = static_cast<float>(i + 1);
    for (int k = 0; k < 6000; ++k) expected = expected * 0.999f + 0.001f;
    CHECK_EQ(got[static_cast<std::size_t>(i)], doctest::Approx(expected).epsilon(1e-6));
  }
  MESSAGE("child: a chain of 12000 nodes evaluated");
}

TEST_CASE("a chain of 12000 pending nodes is computed in kernels of 2048 with the right values") {
  const test::ChildRun child = test::run_child("SINTER_MAX_PENDING=1048576", "child: robustness a long chain*");
  CAPTURE(child.output);
  CHECK_EQ(child.exit_code, 0);
  CHECK_NE(child.output.find("child: a chain of 12000 nodes evaluated"), std::string::npos);
}

TEST_CASE("the auto-evaluation bound counts distinct pending nodes, not uses") {
  // Newton's iteration for sqrt(a): x <- (x + a / x) * 0.5 reads x twice, so the sum of the
  // operands' sizes doubles each step; the distinct nodes grow by 3 (a division, an addition, a
  // multiplication). Counting uses evaluated every 9 steps under the default bound of 512.
  const std::vector<double> a = {2, 10, 1e6};
  Array<double> av(a);
  Array<double> x = av;  // the first guess: a itself
  reset_counters();
  constexpr int kSteps = 300;
  for (int k = 0; k < kSteps; ++k) x = (x + av / x) * 0.5;
  const std::vector<double> got = x.to_vector();
  // 900 distinct nodes under a bound of 512: evaluated once on the way, and once at the end.
  CHECK_EQ(counters().kernel_launches, 2);
  for (std::size_t i = 0; i < a.size(); ++i) {
    double expected = a[i];
    for (int k = 0; k < kSteps; ++k) expected = (expected + a[i] / expected) * 0.5;
    CHECK_EQ(got[i], expected);
    CHECK_EQ(got[i], doctest::Approx(std::sqrt(a[i])));
  }
}

TEST_CASE("the auto-evaluation bound counts a kernel's distinct inputs and parameters") {
  // A sum of 300 distinct arrays: one node per step, but one more buffer each; past
  // ir::kMaxPendingBuffers (256) buffers the pending sum is evaluated.
  std::vector<Array<float>> parts;
  for (int k = 0; k < 300; ++k) parts.emplace_back(std::vector<float>{static_cast<float>(k), 1.0f});
  Array<float> total = parts[0];
  reset_counters();
  for (int k = 1; k < 300; ++k) total = total + parts[static_cast<std::size_t>(k)];
  CHECK_EQ(counters().kernel_launches, 1);  // at 257 leaves
  CHECK_EQ(total.to_vector(), std::vector<float>{299.0f * 300.0f / 2.0f, 300.0f});
  CHECK_EQ(counters().kernel_launches, 2);
}

SINTER_DEVICE_TEST(factories_take_no_memory_for_their_handles,
                   "values computed from scalars alone are not stored for the handles that refer to them") {
  // The temporary from zeros() lives until the end of the full expression, so it has a handle
  // while item() evaluates; it used to become a kernel output (sum(zeros<float>(1LL << 40))
  // raised OutOfMemory for 4 TiB). Now only the 4-byte results are allocated.
  reset_counters();
  CHECK_EQ(sum(zeros<float>(std::int64_t{1} << 24, device)).item(), 0.0f);
  Array<float> z = zeros<float>(Shape{4096, 4096}, device);
  CHECK_EQ(sum(z).item(), 0.0f);
  CHECK_EQ(max(z + 2.0f).item(), 2.0f);
  CHECK_EQ(sum(full<float>(Shape{3, 5}, 2.0f, device), 1).to_vector(), std::vector<float>{10, 10, 10});
  CHECK_LT(counters().bytes_allocated, 64);

  // An arange with a handle is recomputed where it is used, and computed when read itself.
  Array<double> r = arange<double>(5, device);
  Array<double> twice = r * 2.0;
  CHECK_EQ(twice.to_vector(), std::vector<double>{0, 2, 4, 6, 8});
  CHECK_EQ(sum(r, 0).item(), 10.0);
  CHECK_EQ(r.to_vector(), std::vector<double>{0, 1, 2, 3, 4});
  // A value that reads memory is still stored for its handle: computed once.
  Array<double> data = {1, 2, 3};
  Array<double> shifted = data + 1.0;
  Array<double> scaled = shifted * 3.0;
  reset_counters();
  CHECK_EQ(scaled.to_vector(), std::vector<double>{6, 9, 12});
  CHECK_EQ(shifted.to_vector(), std::vector<double>{2, 3, 4});
  CHECK_EQ(counters().kernel_launches, 1);
}

TEST_CASE("child: robustness reads the thread count" * doctest::skip()) {
  // An elementwise kernel long enough to run on the thread pool, which reads SINTER_NUM_THREADS
  // (a full reduction may run on the calling thread: the interpreter's, with one output, does).
  Array<float> x = arange<float>(100000);
  Array<float> doubled = x * 2.0f;
  doubled.eval();
  CHECK_EQ(sum(doubled).item(), 99999.0f * 100000.0f);
  MESSAGE("child: thread count read");
}

TEST_CASE("integer settings are all of the value: no space before or after") {
  for (const char* value : {"' 4'", "'4 '", "'4x'", "'+4'"}) {
    CAPTURE(value);
    const test::ChildRun child =
        test::run_child(std::string("SINTER_NUM_THREADS=") + value, "child: robustness reads the thread count");
    CAPTURE(child.output);
    CHECK_NE(child.exit_code, 0);
    CHECK_NE(child.output.find("is invalid: expected an integer from 1 to 1024"), std::string::npos);
  }
  const test::ChildRun good = test::run_child("SINTER_NUM_THREADS=4", "child: robustness reads the thread count");
  CHECK_EQ(good.exit_code, 0);
  CHECK_NE(good.output.find("child: thread count read"), std::string::npos);
}
