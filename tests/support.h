// Test support: one test body per device, the reference interpreter as an oracle, random
// inputs with fixed seeds and edge values, and ulp-aware comparison.
#pragma once
#include <doctest/doctest.h>
#include <sinter/sinter.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "backend.h"
#include "float_to_integer.h"
#include "fuse/plan.h"
#include "interpret.h"
#include "ir/node.h"
#include "ir/verify.h"

namespace test {

/// Why cuda(0) cannot be used here, or nothing when it can.
inline std::optional<std::string> cuda_unavailable() {
  static const std::optional<std::string> why = []() -> std::optional<std::string> {
    try {
      sinter::backend_for(sinter::cuda(0));
      return std::nullopt;
    } catch (const sinter::Error& e) { return std::string(e.what()); }
  }();
  return why;
}

/// Marks the running test case as skipped (with the reason in its output). When every case a
/// run executed was skipped, the runner exits with kSkipExitCode, which ctest reports as
/// "Skipped" (tests/main.cpp).
inline constexpr int kSkipExitCode = 77;
int& skipped_cases();
#define SINTER_SKIP(why)         \
  do {                           \
    MESSAGE("skipped: " << why); \
    ++test::skipped_cases();     \
    return;                      \
  } while (0)

// One body, run on every device: "[cpu]" always, "[cuda]" (suite and ctest label "gpu") when a
// GPU is present; without one the cuda case says it was skipped and why.
#define SINTER_DEVICE_TEST(id, description)                                              \
  static void id(sinter::Device device);                                                 \
  TEST_CASE(description " [cpu]") { id(sinter::cpu()); }                                 \
  TEST_CASE(description " [cuda]" * doctest::test_suite("gpu")) {                        \
    if (auto why = test::cuda_unavailable()) { SINTER_SKIP("no usable GPU: " << *why); } \
    id(sinter::cuda(0));                                                                 \
  }                                                                                      \
  static void id([[maybe_unused]] sinter::Device device)

/// What the reference interpreter computes for a pending array (its current value if computed).
template <class T> std::vector<T> reference(const sinter::Array<T>& a) {
  using namespace sinter;
  fuse::KernelPlan plan;
  ir::NodePtr root;
  {
    std::lock_guard lock(ir::graph_mutex());
    root = ir::resolved(a.node());
    if (!root->is_leaf() || root->op != Op::Buffer) {
      const ir::NodePtr roots[] = {root};
      // A row kernel where the expression has per-row values (docs/reductions.md, "Row kernels").
      const ir::Node* reduction = nullptr;
      fuse::RowGeometry rows;
      fuse::foreign_shaped_pending(roots, root->shape, &reduction, &rows);
      if (!root->is_leaf()) plan = fuse::plan_kernel(roots, reduction, rows);  // interpret_plan runs ir::verify
    }
  }
  if (root->op == Op::Buffer) return a.to_vector();
  if (root->is_leaf()) FAIL("reference() of a bare leaf");
  const std::vector<std::vector<std::uint8_t>> outputs = interpret_plan(plan);
  const std::int64_t n = plan.shape.numel();
  for (std::size_t k = 0; k < plan.outputs.size(); ++k) {
    if (plan.outputs[k] != root) continue;
    std::vector<T> out(static_cast<std::size_t>(n));
    for (std::size_t i = 0; i < out.size(); ++i) {
      if constexpr (std::is_same_v<T, bool>) out[i] = outputs[k][i] != 0;
      else std::memcpy(&out[i], outputs[k].data() + i * sizeof(T), sizeof(T));
    }
    return out;
  }
  FAIL("the planned kernel does not output the array");
  return {};
}

/// Distance in units in the last place between two floats of one type (0 when both are NaN).
template <class F> double ulp_distance(F a, F b) {
  if (std::isnan(a) && std::isnan(b)) return 0;
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<double>::infinity();
  if (a == b) return 0;
  // Map the bit patterns onto unsigned integers in the order of the floats they encode.
  using U = std::conditional_t<sizeof(F) == 4, std::uint32_t, std::uint64_t>;
  constexpr U sign = U(1) << (sizeof(F) * 8 - 1);
  auto ordered = [&](F x) {
    U u = std::bit_cast<U>(x);
    return (u & sign) ? U(~u) : U(u | sign);
  };
  U oa = ordered(a), ob = ordered(b);
  return static_cast<double>(oa > ob ? oa - ob : ob - oa);
}

/// Checks element by element: exact (NaN equal to NaN) for max_ulp == 0, else within max_ulp.
template <class T>
void check_close(const std::vector<T>& got, const std::vector<T>& want, double max_ulp, const std::string& what,
                 const std::vector<T>* inputs = nullptr) {
  REQUIRE_MESSAGE(got.size() == want.size(), what << ": " << got.size() << " elements, want " << want.size());
  int reported = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    bool ok;
    if constexpr (std::is_floating_point_v<T>) ok = ulp_distance(got[i], want[i]) <= max_ulp;
    else ok = got[i] == want[i];
    if (!ok && reported++ < 5) {
      std::string in = inputs ? " (input " + std::to_string(static_cast<double>((*inputs)[i])) + ")" : "";
      std::string distance;
      if constexpr (std::is_floating_point_v<T>)
        distance = ", " + std::to_string(ulp_distance(got[i], want[i])) + " ulp";
      CHECK_MESSAGE(ok, what << " at " << i << in << ": got " << doctest::toString(static_cast<double>(got[i]))
                             << ", want " << static_cast<double>(want[i]) << distance);
    }
  }
  CHECK_MESSAGE(reported == 0, what << ": " << reported << " mismatches in " << got.size() << " elements");
}

/// n random values in [lo, hi] followed by the edge values of T (for floats: zeros of both signs,
/// denormals, infinities, NaN, huge and tiny values).
template <class T> std::vector<T> values_with_edges(std::size_t n, double lo, double hi, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::vector<T> v;
  if constexpr (std::is_floating_point_v<T>) {
    std::uniform_real_distribution<double> d(lo, hi);
    for (std::size_t i = 0; i < n; ++i) v.push_back(static_cast<T>(d(rng)));
    using L = std::numeric_limits<T>;
    for (T e : {T(0), -T(0), L::denorm_min(), -L::denorm_min(), L::min(), L::max(), -L::max(), L::infinity(),
                -L::infinity(), L::quiet_NaN(), T(1), T(-1), T(0.5), T(-2.5), T(1e-30), T(88.7), T(-104), T(3e9)})
      v.push_back(e);
  } else if constexpr (std::is_same_v<T, bool>) {
    std::bernoulli_distribution d(0.5);
    for (std::size_t i = 0; i < n; ++i) v.push_back(d(rng));
  } else {
    // Through the library's rule: hi is often INT64_MAX as a double, 2^63, which does not fit.
    const auto to_int64 = [](double x) {
      return sinter::float_to_integer(x, sinter::DType::Int64, sinter::OutOfRange::Saturate);
    };
    std::uniform_int_distribution<std::int64_t> d(to_int64(lo), to_int64(hi));
    for (std::size_t i = 0; i < n; ++i) v.push_back(static_cast<T>(d(rng)));
    using L = std::numeric_limits<T>;
    for (T e : {T(0), T(1), T(-1), L::max(), L::min(), T(L::max() - 1), T(L::min() + 1)}) v.push_back(e);
  }
  return v;
}

/// Shuffles `b` so that binary ops pair edge values with all kinds of partners.
template <class T> std::vector<T> shuffled(std::vector<T> v, unsigned seed) {
  std::mt19937 rng(seed);
  std::shuffle(v.begin(), v.end(), rng);
  return v;
}

/// What a child run of this test binary printed, and how it exited.
struct ChildRun {
  int exit_code = -1;  // -1 when it did not exit normally
  std::string output;  // stdout and stderr together
};

/// Runs the test cases matching `cases` (doctest::skip()-marked ones included) in a new process
/// of this binary, with `environment` ("NAME='value' ...") added. For settings read once per
/// process: environment variables. With `timeout_seconds`, a child still running then is killed
/// (exit code 137): a hang fails instead of stopping the suite.
ChildRun run_child(const std::string& environment, const std::string& cases, int timeout_seconds = 0);

/// The kernel that evaluating `root` would run now (for codegen tests), checked by ir::verify
/// (the planner checks its kernels itself only in debug builds).
inline sinter::ir::KernelIR planned_kernel(const sinter::ir::NodePtr& root) {
  std::lock_guard lock(sinter::ir::graph_mutex());
  const sinter::ir::NodePtr roots[] = {root};
  sinter::ir::KernelIR kernel = sinter::fuse::plan_kernel(roots).kernel;
  sinter::ir::verify(kernel);
  return kernel;
}

/// An array of `shape` with every element 1.
template <class T> sinter::Array<T> ones_array(const sinter::Shape& shape) {
  return sinter::Array<T>(std::vector<T>(static_cast<std::size_t>(shape.numel()), T(1)), shape);
}

/// Calls on_line(word, rest) for each line of fixture `name` (tests/fixtures) but blank and
/// comment lines: its first word, and the stream of the words after it.
template <class OnLine> void read_fixture_lines(const std::string& name, OnLine&& on_line) {
  std::ifstream file(std::string(SINTER_FIXTURE_DIR) + "/" + name);
  REQUIRE_MESSAGE(file, "cannot open " << name);
  std::string text;
  while (std::getline(file, text)) {
    if (text.empty() || text[0] == '#') continue;
    std::istringstream line(text);
    std::string word;
    line >> word;
    on_line(word, line);
  }
}

/// A fixture's records: each line's words, without blank and comment lines.
using Record = std::vector<std::string>;
inline std::vector<Record> read_records(const std::string& name) {
  std::vector<Record> records;
  read_fixture_lines(name, [&](const std::string& word, std::istream& rest) {
    Record& r = records.emplace_back();
    if (!word.empty()) r.push_back(word);  // a line of spaces: no words
    for (std::string w; rest >> w;) r.push_back(w);
  });
  return records;
}

/// The dtype NumPy calls `name`; fails the test for a name outside the catalogue.
inline sinter::DType dtype_named(const std::string& name) {
  for (sinter::DType t : sinter::kAllDTypes)
    if (sinter::name_of(t) == name) return t;
  FAIL("the fixture names '" << name << "', which is not a dtype of include/sinter/dtypes.def");
  return sinter::DType::Bool;
}

/// Calls f with a value of the C++ type of `t`.
template <class F> void with_type(sinter::DType t, F&& f) {
  switch (t) {
#define SINTER_DTYPE(name, spelling, cpp_type, ...) \
  case sinter::DType::name:                         \
    f(cpp_type{});                                  \
    return;
#include "sinter/dtypes.def"
#undef SINTER_DTYPE
  }
  throw sinter::InternalError("with_type: a dtype outside the catalogue");
}

/// n values evenly spaced from lo to hi, both included (n >= 2).
inline std::vector<float> spread(std::size_t n, float lo, float hi) {
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = lo + (hi - lo) * static_cast<float>(i) / static_cast<float>(n - 1);
  return v;
}

}  // namespace test
