// Bad input: every misuse raises a sinter::Error subclass whose message names what was wrong
// (shapes, indices, devices, values), and leaves the library usable afterwards.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "ir/buffer.h"
#include "ir/node.h"
#include "support.h"

using namespace sinter;
using doctest::Contains;

TEST_CASE("mismatched lengths name the operation and both shapes") {
  Array<float> a = {1, 2, 3};
  Array<float> b = {1, 2, 3, 4};
  CHECK_THROWS_WITH_AS(Array<float>(a + b), Contains("(3,) and (4,)"), ShapeError);
  CHECK_THROWS_WITH_AS(Array<float>(a + b), Contains("add"), ShapeError);
  CHECK_THROWS_WITH_AS(Array<float>(where(a > 1.0f, a, b)), Contains("(4,)"), ShapeError);
  // The failed expression left nothing behind: a and b still evaluate.
  CHECK_EQ(Array<float>(a * 2.0f).to_vector(), std::vector<float>{2, 4, 6});
  CHECK_EQ(b.to_vector(), std::vector<float>{1, 2, 3, 4});
}

TEST_CASE("reading out of range names the index and the shape") {
  Array<std::int32_t> a = {10, 20, 30};
  CHECK_EQ(a.at(2), 30);
  CHECK_EQ(a.at(-3), 10);
  CHECK_THROWS_WITH_AS(a.at(3), Contains("index 3 is out of range for an array of shape (3,)"), IndexError);
  CHECK_THROWS_WITH_AS(a.at(-4), Contains("index -4"), IndexError);
  Array<std::int32_t> pending = a + 1;
  CHECK_THROWS_AS(pending.at(100), IndexError);
  CHECK_EQ(pending.at(1), 21);
  Array<float> none(std::vector<float>{});
  CHECK_THROWS_WITH_AS(none.at(0), Contains("shape (0,)"), IndexError);
}

TEST_CASE("item() needs exactly one element") {
  CHECK_EQ(Array<double>({2.5}).item(), 2.5);
  CHECK_THROWS_WITH_AS(Array<double>({1.0, 2.0}).item(), Contains("got shape (2,)"), ShapeError);
  CHECK_THROWS_WITH_AS(Array<double>(std::vector<double>{}).item(), Contains("got shape (0,)"), ShapeError);
}

TEST_CASE("an empty or moved-from handle raises EmptyArrayError on every use") {
  Array<float> empty;
  CHECK(empty.empty_handle());
  CHECK_THROWS_WITH_AS(empty.size(), Contains("default-constructed or moved-from"), EmptyArrayError);
  CHECK_THROWS_AS(empty.to_vector(), EmptyArrayError);
  CHECK_THROWS_AS(empty.eval(), EmptyArrayError);
  CHECK_THROWS_AS(empty.item(), EmptyArrayError);
  CHECK_THROWS_AS(empty.to(cpu()), EmptyArrayError);

  Array<float> a = {1, 2};
  Array<float> b = std::move(a);
  CHECK(a.empty_handle());  // NOLINT(bugprone-use-after-move): the moved-from state is what is tested
  CHECK_THROWS_AS(Array<float>(a + b), EmptyArrayError);
  CHECK_THROWS_AS(Array<float>(sinter::sqrt(a)), EmptyArrayError);
  CHECK_THROWS_AS(eval(a, b), EmptyArrayError);
  a = b * 3.0f;  // a moved-from handle can be assigned again
  CHECK_EQ(a.to_vector(), std::vector<float>{3, 6});
}

TEST_CASE("arrays of different devices do not mix, the message names both") {
  // An array whose buffer claims to live on cuda(0) (its memory is never touched): the check is
  // the core's, made before any device is used, so it runs on machines without a GPU.
  static float host_memory[3] = {};
  auto buffer = std::make_shared<ir::Buffer>(host_memory, sizeof host_memory, cuda(0), nullptr);
  Array<float> on_gpu(ir::make_buffer(buffer, DType::Float32, Shape::vector(3)));
  Array<float> on_cpu = {1, 2, 3};
  CHECK_THROWS_WITH_AS(Array<float>(on_cpu + on_gpu), Contains("different devices, cpu and cuda(0)"), DeviceError);
  CHECK_THROWS_WITH_AS(Array<float>(where(on_gpu > 0.0f, on_cpu, 1.0f)), Contains("cuda(0)"), DeviceError);
}

TEST_CASE("a device that cannot be used raises DeviceUnavailable saying why") {
  if (!test::cuda_unavailable()) {
    // With a GPU present, an index past the last device is the unusable one.
    CHECK_THROWS_WITH_AS(Array<float>({1.0f}, cuda(1000)), Contains("cuda(1000)"), DeviceUnavailable);
    return;
  }
  CHECK_THROWS_AS(Array<float>({1.0f}, cuda(0)), DeviceUnavailable);
  CHECK_THROWS_AS(Array<float>({1.0f}).to(cuda(0)), DeviceUnavailable);
  CHECK_THROWS_AS(zeros<float>(4, cuda(0)).eval(), DeviceUnavailable);
  CHECK_THROWS_AS(synchronize(cuda(0)), DeviceUnavailable);
}

TEST_CASE("factories reject invalid sizes and steps, naming the values") {
  CHECK_THROWS_WITH_AS(full<float>(-2, 1.0f), Contains("-2"), ShapeError);
  CHECK_THROWS_WITH_AS(arange<float>(0.0, 1.0, 0.0), Contains("arange(0, 1, 0)"), ValueError);
  CHECK_THROWS_AS(arange<double>(0.0, INFINITY, 1.0), ValueError);
  CHECK_THROWS_AS(arange<double>(NAN, 1.0, 1.0), ValueError);
  CHECK_THROWS_AS(arange<std::int64_t>(0.0, 1e300, 1.0), ValueError);
  CHECK_THROWS_WITH_AS(zeros<std::int64_t>(std::int64_t{1} << 50), Contains("2^48"), ShapeError);
  CHECK_EQ(arange<std::int32_t>(5.0, 0.0, -2.0).to_vector(), std::vector<std::int32_t>{5, 3, 1});
  CHECK_EQ(arange<float>(3.0, 1.0).size(), 0);  // empty, as NumPy
}

TEST_CASE("an integer scalar that does not fit the array's type is refused, not wrapped") {
  Array<std::int32_t> a = {1, 2};
  CHECK_THROWS_WITH_AS(Array<std::int32_t>(a + 5'000'000'000LL), Contains("5000000000"), ValueError);
  CHECK_THROWS_AS(Array<bool>(a < std::int64_t{-3'000'000'000}), ValueError);
  CHECK_EQ(Array<std::int32_t>(a + 2'147'483'646LL).to_vector(),
           std::vector<std::int32_t>{2'147'483'647, -2'147'483'648});
  CHECK_EQ(Array<std::int64_t>(cast<std::int64_t>(a) + 5'000'000'000LL).at(0), 5'000'000'001LL);
}

TEST_CASE("an empty array evaluates to nothing") {
  Array<float> a(std::vector<float>{});
  Array<float> b = sinter::exp(a) * 2.0f + a;
  CHECK(b.to_vector().empty());
  CHECK_EQ(b.size(), 0);
}

// Run only in a child process by the case below, with a bad SINTER_NUM_THREADS in its
// environment (the variable is read once per process).
TEST_CASE("child: SINTER_NUM_THREADS is rejected when the thread pool starts" * doctest::skip()) {
  Array<float> big = zeros<float>(1 << 20) + 1.0f;  // large enough to use the thread pool
  try {
    big.eval();
    std::printf("child: no error\n");
  } catch (const ConfigError& e) { std::printf("child: ConfigError: %s\n", e.what()); }
  // The library stays usable on the calling thread.
  std::printf("child: small %g\n", static_cast<double>(Array<float>(zeros<float>(4) + 2.0f).at(3)));
}

TEST_CASE("an invalid SINTER_NUM_THREADS raises ConfigError naming the variable and value") {
  for (const char* bad : {"abc", "0", "-3", "4x", "100000"}) {
    CAPTURE(bad);
    const test::ChildRun child =
        test::run_child(std::string("SINTER_NUM_THREADS='") + bad + "'", "child: SINTER_NUM_THREADS*");
    CAPTURE(child.output);
    CHECK_EQ(child.exit_code, 0);
    CHECK_NE(child.output.find(std::string("child: ConfigError: SINTER_NUM_THREADS=\"") + bad + "\" is invalid"),
             std::string::npos);
    CHECK_NE(child.output.find("child: small 2"), std::string::npos);
  }
}
