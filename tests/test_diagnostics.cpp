// What sinter tells a user about its work: the debug log (each cache miss and compile, with its
// time), the kernel dump directory, and rejection of invalid settings. These settings are read
// once per process, so each check runs in a child process (test::run_child).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "support.h"

using namespace sinter;
namespace fs = std::filesystem;

namespace {

/// Compiles one kernel and runs it twice: one miss and compile, then a cache hit.
void compile_one_kernel() {
  Array<float> x = {1, 2, 3};
  for (int run = 0; run < 2; ++run) {
    Array<float> y = sinter::exp(x) * 2.0f + x;
    std::printf("child: y[2] = %g\n", static_cast<double>(y.at(2)));
  }
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("child: diagnostics compile one kernel" * doctest::skip()) { compile_one_kernel(); }

TEST_CASE("SINTER_LOG_LEVEL=debug logs each cache miss and each compile with its time") {
  const test::ChildRun child = test::run_child("SINTER_LOG_LEVEL=debug", "child: diagnostics*");
  CAPTURE(child.output);
  CHECK_EQ(child.exit_code, 0);
  auto count = [&](const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = child.output.find(what); at != std::string::npos; at = child.output.find(what, at + 1)) ++n;
    return n;
  };
  CHECK_EQ(count("[sinter D] cache miss: sinter_k_"), 1);  // the second run is a hit
  CHECK_EQ(count("[sinter D] compiled sinter_k_"), 1);
  CHECK_NE(child.output.find(" ms ("), std::string::npos);
  CHECK_EQ(count("child: y[2] = 43.171"), 2);
}

TEST_CASE("child: recompile explained" * doctest::skip()) {
  const Array<float> x = {1, 2, 3};
  CHECK(Array<float>(x * 2.0f + 1.0f).at(0) == 3.0f);
  CHECK(Array<float>(x * 2.0f - 1.0f).at(0) == 1.0f);  // one instruction differs
}

TEST_CASE("SINTER_LOG_LEVEL=debug says how each compiled kernel differs from the most alike cached one") {
  const test::ChildRun child = test::run_child("SINTER_LOG_LEVEL=debug", "child: recompile explained");
  CAPTURE(child.output);
  CHECK_EQ(child.exit_code, 0);
  CHECK_NE(child.output.find("a new structure (no kernel with a recorded structure is cached"), std::string::npos);
  CHECK_NE(child.output.find("differs in instruction 4: sub : float32 of %2 %3, not add : float32 of %2 %3"),
           std::string::npos);
}

TEST_CASE("counters().recompilations counts compiles of a kernel the size of a cached one, not cache hits") {
  const Array<std::int16_t> x = {1, 2, 3};
  const auto plus = [&] { return Array<std::int16_t>(((x * 3 + 5) * 7 - 2) * 11).at(0); };
  const auto minus = [&] { return Array<std::int16_t>(((x * 3 - 5) * 7 - 2) * 11).at(0); };
  CHECK(plus() == 594);
  const Counters before = counters();
  CHECK(plus() == 594);  // a cache hit
  CHECK(counters().recompilations == before.recompilations);
  CHECK(minus() == -176);  // one instruction differs: same size, another structure
  CHECK(counters().kernels_compiled == before.kernels_compiled + 1);
  CHECK(counters().recompilations == before.recompilations + 1);
  CHECK(minus() == -176);
  CHECK(counters().recompilations == before.recompilations + 1);
}

TEST_CASE("the default log level is quiet, an invalid one is a ConfigError naming it") {
  const test::ChildRun quiet = test::run_child("SINTER_LOG_LEVEL=", "child: diagnostics*");
  CHECK_EQ(quiet.exit_code, 0);
  CHECK_EQ(quiet.output.find("[sinter"), std::string::npos);

  const test::ChildRun invalid = test::run_child("SINTER_LOG_LEVEL=loud", "child: diagnostics*");
  CAPTURE(invalid.output);
  CHECK_NE(invalid.exit_code, 0);
  CHECK_NE(invalid.output.find("SINTER_LOG_LEVEL=\"loud\" is invalid"), std::string::npos);
}

TEST_CASE("SINTER_DUMP_DIR receives each compiled kernel's IR and LLVM IR") {
  const fs::path dir = fs::temp_directory_path() / ("sinter-dump-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const test::ChildRun child = test::run_child("SINTER_DUMP_DIR='" + dir.string() + "'", "child: diagnostics*");
  CAPTURE(child.output);
  CHECK_EQ(child.exit_code, 0);
  std::string ir, llvm_ir;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".sinter.txt")) ir = read_file(entry.path());
    if (name.ends_with(".ll")) llvm_ir = read_file(entry.path());
  }
  CHECK_NE(ir.find(" exp "), std::string::npos);
  CHECK_NE(ir.find("kernel sinter_k_"), std::string::npos);
#if SINTER_WITH_LLVM
  CHECK_NE(llvm_ir.find("define void @sinter_k_"), std::string::npos);
#endif
  fs::remove_all(dir);
}

TEST_CASE("kernel_ir() prints the kernel that would run, and says when nothing is pending") {
  Array<float> x = {1, 2, 3};
  Array<float> y = sinter::sqrt(x * x + 1.0f);
  const std::string ir = y.kernel_ir();
  CHECK_NE(ir.find("kernel sinter_k_"), std::string::npos);
  CHECK_NE(ir.find(" sqrt "), std::string::npos);
  y.eval();
  CHECK_NE(y.kernel_ir().find("no pending kernel"), std::string::npos);
}

namespace {

/// Compiles kernels of `count` distinct structures (chains of k + 1 multiply-adds), then runs the
/// newest and the oldest again and prints how many compiles each took.
void distinct_kernels(int count) {
  Array<float> x = {1, 2, 3};
  auto chain = [&](int k) {
    Array<float> y = x;
    for (int i = 0; i <= k; ++i) y = y * 1.5f + x;  // k + 1 multiply-adds: a structure per k
    return y;
  };
  for (int k = 0; k < count; ++k) chain(k).eval();
  const std::uint64_t compiled = counters().kernels_compiled;
  chain(count - 1).eval();  // the most recent: still cached
  const std::uint64_t after_recent = counters().kernels_compiled;
  chain(0).eval();  // the oldest: dropped past the bound
  std::printf("child: recent recompiled %d, oldest recompiled %d\n", static_cast<int>(after_recent - compiled),
              static_cast<int>(counters().kernels_compiled - after_recent));
}

}  // namespace

TEST_CASE("child: kernel cache many kernels" * doctest::skip()) { distinct_kernels(40); }

TEST_CASE("SINTER_KERNEL_CACHE_SIZE bounds the kernels kept: the least recently used are dropped") {
  const test::ChildRun bounded = test::run_child("SINTER_KERNEL_CACHE_SIZE=16", "child: kernel cache many*");
  CAPTURE(bounded.output);
  CHECK_EQ(bounded.exit_code, 0);
  CHECK_NE(bounded.output.find("child: recent recompiled 0, oldest recompiled 1"), std::string::npos);
  const test::ChildRun unbounded = test::run_child("SINTER_KERNEL_CACHE_SIZE=", "child: kernel cache many*");
  CHECK_NE(unbounded.output.find("child: recent recompiled 0, oldest recompiled 0"), std::string::npos);
  const test::ChildRun invalid = test::run_child("SINTER_KERNEL_CACHE_SIZE=3", "child: kernel cache many*");
  CHECK_NE(invalid.exit_code, 0);
  CHECK_NE(invalid.output.find("SINTER_KERNEL_CACHE_SIZE"), std::string::npos);
}

TEST_CASE("child: llvm remarks from an argmax over rows" * doctest::skip()) {
  // The loop vectorizer explains why it leaves argmax's position-tracking loop scalar ("loop
  // not vectorized: value that could not be identified as reduction is used outside the loop");
  // without sinter's handler LLVM printed that to the host's stderr.
  std::vector<float> values(std::size_t{64} * 64);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<float>((i * 37) % 101);
  Array<float> m(values, Shape{64, 64});
  Array<std::int64_t> where_max = argmax(m, 1);
  const std::vector<std::int64_t> got = where_max.to_vector();
  for (std::size_t row = 0; row < 64; ++row) {
    const auto first = values.begin() + static_cast<std::ptrdiff_t>(row * 64);
    CHECK_EQ(got[row], std::max_element(first, first + 64) - first);
  }
  MESSAGE("child: argmax done");
}

TEST_CASE("LLVM's remarks go to sinter's debug log, never to the host's stderr") {
  const test::ChildRun quiet = test::run_child("SINTER_CACHE=0 SINTER_LOG_LEVEL=", "child: llvm remarks from*");
  CAPTURE(quiet.output);
  CHECK_EQ(quiet.exit_code, 0);
  CHECK_NE(quiet.output.find("child: argmax done"), std::string::npos);
  CHECK_EQ(quiet.output.find("remark:"), std::string::npos);  // LLVM's spelling; stdout and stderr
  CHECK_EQ(quiet.output.find("not vectorized"), std::string::npos);

#if SINTER_WITH_LLVM  // without the LLVM backend no remark is made (the interpreter runs CPU kernels)
  const test::ChildRun debug = test::run_child("SINTER_CACHE=0 SINTER_LOG_LEVEL=debug", "child: llvm remarks from*");
  CAPTURE(debug.output);
  CHECK_EQ(debug.exit_code, 0);
  CHECK_NE(debug.output.find("[sinter D] LLVM remark for sinter_k_"), std::string::npos);
  CHECK_NE(debug.output.find("loop not vectorized"), std::string::npos);
#endif
}
