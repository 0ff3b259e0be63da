// Golden codegen files: for a dozen representative kernels, the kernel IR listing, the CUDA
// source (default options) and the LLVM IR before optimisation (for a fixed x86-64 target, not
// the host) are compared with tests/golden/<name>.sinter.txt, .cu and .ll, so a change to
// generated code shows up as a diff in review. scripts/update-golden.sh rewrites the files
// (SINTER_UPDATE_GOLDEN=1); docs/testing.md, "Golden codegen files".
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fuse/plan.h"
#include "support.h"
#if SINTER_WITH_CUDA
#include "codegen/cuda/lower_to_cuda.h"
#endif
#if SINTER_WITH_LLVM
#include "codegen/llvm/lower_to_llvm.h"
#endif

using namespace sinter;

namespace {

namespace fs = std::filesystem;

const fs::path kGoldenDir = SINTER_GOLDEN_DIR;
const std::string kUpdateCommand = "scripts/update-golden.sh";

#if SINTER_WITH_LLVM
// The LLVM target the .ll files are written for: x86-64 Linux with LLVM 19's data layout for it,
// and the AVX2 vector width (lower_to_llvm's vector_bits), whatever the host is.
constexpr const char* kTriple = "x86_64-unknown-linux-gnu";
constexpr const char* kDataLayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128";
constexpr unsigned kVectorBits = 256;
#endif

bool updating() {
  const char* value = std::getenv("SINTER_UPDATE_GOLDEN");
  return value != nullptr && std::string(value) == "1";
}

/// The kernel that evaluating `result` would run now.
template <class T> ir::KernelIR planned(const Array<T>& result) { return test::planned_kernel(result.node()); }

/// The kernel that `target = value` runs (an expression of the target's shape and type, held by
/// no Array handle, as in an assignment), as evaluation plans it.
template <class E> ir::KernelIR write_kernel(const Array<float>& target, const E& value) {
  const ir::NodePtr source = detail::lazy_node(value);
  std::lock_guard lock(ir::graph_mutex());
  ir::KernelIR kernel = fuse::plan_write(target.node(), source).kernel;
  ir::verify(kernel);
  return kernel;
}

/// An array of `shape` with distinct elements (their values do not reach the kernel).
template <class T> Array<T> input(const Shape& shape) {
  std::vector<T> values(static_cast<std::size_t>(shape.numel()));
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<T>(i % 7);
  return Array<T>(values, shape);
}

struct GoldenKernel {
  std::string name;  // file stem under tests/golden
  std::function<ir::KernelIR()> plan;
};

// Each plan builds its inputs, holds only the handles it means to (a held pending array becomes
// an extra output) and plans without running anything.
const std::vector<GoldenKernel>& golden_kernels() {
  static const std::vector<GoldenKernel> kernels = {
      {"add_f32",
       [] {
         const auto x = input<float>(Shape{1000}), y = input<float>(Shape{1000});
         return planned(Array<float>(x + y));
       }},
      {"transcendental_f32",
       [] {
         const auto x = input<float>(Shape{1000}), y = input<float>(Shape{1000});
         return planned(Array<float>(exp(-x * x) * sin(y) + cos(x * y)));
       }},
      {"int_bool_where_two_outputs",
       [] {
         const auto i = input<std::int32_t>(Shape{1000}), j = input<std::int32_t>(Shape{1000});
         const auto f = input<float>(Shape{1000});
         const Array<std::int32_t> k = i * 3 - j;  // held: a second output
         return planned(Array<float>(where((i < j) && !(f > 0.5f), cast<float>(k), floor(f))));
       }},
      {"broadcast_2d",
       [] {
         const auto m = input<float>(Shape{8, 3}), w = input<float>(Shape{3}), b = input<float>(Shape{8, 1});
         return planned(Array<float>(m * w + b));
       }},
      {"strided_reversed_transposed_read",
       [] {
         const auto a = input<float>(Shape{6, 8}), c = input<float>(Shape{8, 3});
         const Array<float> view = a.transpose()(Slice{std::nullopt, std::nullopt, -1}, Slice{0, std::nullopt, 2});
         return planned(Array<float>(view * 2.0f + c));
       }},
      {"write_column",
       [] {
         const auto a = input<float>(Shape{6, 8}), y = input<float>(Shape{6});
         return write_kernel(a(all, 0), y * 2.0f);
       }},
      {"write_compound_2d_view",
       [] {
         const auto a = input<float>(Shape{6, 8}), z = input<float>(Shape{5, 3});
         const Array<float> target = a(Slice{1, std::nullopt}, Slice{1, 7, 2});  // (5, 3), strides (8, 2)
         return write_kernel(target, target + z);                                // target += z
       }},
      {"sum_full_int32",  // over both axes, merged into one; int32 sums widen to int64
       [] {
         const auto i = input<std::int32_t>(Shape{16, 40});
         return planned(sum(i));
       }},
      {"sum_last_axis",
       [] {
         const auto m = input<float>(Shape{16, 40});
         return planned(sum(m, {1}));
       }},
      {"sum_leading_axis",
       [] {
         const auto m = input<float>(Shape{16, 40});
         return planned(sum(m, {0}));
       }},
      {"sum_middle_axis",
       [] {
         const auto b = input<float>(Shape{3, 4, 5});
         return planned(sum(b, {1}));
       }},
      {"argmax_last_axis",
       [] {
         const auto m = input<float>(Shape{16, 40});
         return planned(argmax(m, {1}));
       }},
      {"std_of_rows",
       [] {
         const auto m = input<float>(Shape{16, 40});
         return planned(Array<float>(sqrt(mean(m * m, {1}) - mean(m, {1}) * mean(m, {1}))));
       }},
      {"dot_matrix_vector",
       [] {
         const auto m = input<float>(Shape{16, 40}), v = input<float>(Shape{40});
         return planned(dot(m, v));
       }},
      {"while_loop_with_branch",  // a loop per element, an if in its body, a cap (docs/custom-kernels.md)
       [] {
         const auto x = input<float>(Shape{1000});
         // The loop's results are not held (they would be extra outputs): only their sum is.
         const Array<float> result = std::apply(
             [](const Array<float>& v, const Array<std::int32_t>& n) { return Array<float>(v + cast<float>(n)); },
             while_loop(
                 x, zeros<std::int32_t>(1000), [](const auto& a, const auto&) { return a > 1.0f; },
                 [](const auto& a, const auto& k) {
                   return std::tuple{
                       if_then_else(
                           a > 8.0f, [&] { return Array<float>(sqrt(a)); }, [&] { return Array<float>(a * 0.5f); }),
                       Array<std::int32_t>(k + 1)};
                 },
                 max_iterations(64)));
         return planned(result);
       }},
  };
  return kernels;
}

/// The generated texts of one kernel, keyed by file extension.
std::vector<std::pair<std::string, std::string>> generated_texts(const ir::KernelIR& kernel) {
  std::vector<std::pair<std::string, std::string>> texts = {{".sinter.txt", ir::to_string(kernel)}};
#if SINTER_WITH_CUDA
  texts.emplace_back(".cu", gpu::lower_to_cuda(kernel));
#endif
#if SINTER_WITH_LLVM
  texts.emplace_back(".ll", llvm_backend::lower_to_llvm_text(kernel, kernel.name(), kTriple, kDataLayout, kVectorBits));
#endif
  return texts;
}

const char* const kExtensions[] = {".sinter.txt", ".cu", ".ll"};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// Where `got` first differs from `want`: the line number and both lines.
std::string first_difference(const std::string& want, const std::string& got) {
  const std::vector<std::string> a = lines_of(want), b = lines_of(got);
  std::size_t line = 0;
  while (line < a.size() && line < b.size() && a[line] == b[line]) ++line;
  auto shown = [](const std::vector<std::string>& lines, std::size_t i) {
    return i < lines.size() ? lines[i] : std::string("(end of text)");
  };
  if (line == a.size() && line == b.size()) return "the texts differ only in a final newline";
  return "first difference at line " + std::to_string(line + 1) + " (golden " + std::to_string(a.size()) +
         " lines, generated " + std::to_string(b.size()) + "):\n- " + shown(a, line) + "\n+ " + shown(b, line);
}

/// Compares `text` with the golden file, or rewrites the file when updating.
void check_golden(const fs::path& path, const std::string& text) {
  const bool exists = fs::exists(path);
  const std::string golden = exists ? read_file(path) : std::string();
  if (updating()) {
    if (!exists || golden != text) {
      std::ofstream(path, std::ios::binary) << text;
      MESSAGE("updated " << path.string());
    }
    return;
  }
  CHECK_MESSAGE(exists, path.string() << " is missing; write it with " << kUpdateCommand);
  if (!exists) return;
  const bool same = golden == text;  // not CHECK(golden == text): that would print both texts
  CHECK_MESSAGE(same, "generated code differs from " << path.string() << "; " << first_difference(golden, text)
                                                     << "\nIf the change is intended, run " << kUpdateCommand
                                                     << " and review the diff of tests/golden.");
}

}  // namespace

TEST_CASE("golden codegen: kernel IR, CUDA source and unoptimised LLVM IR match tests/golden") {
  if (updating()) fs::create_directories(kGoldenDir);
  std::set<std::string> kernel_names;
  for (const GoldenKernel& golden : golden_kernels()) {
    INFO("kernel " << golden.name);
    const ir::KernelIR kernel = golden.plan();
    CHECK_MESSAGE(kernel_names.insert(kernel.name()).second, "two golden kernels have one structure");
    for (const auto& [extension, text] : generated_texts(kernel))
      check_golden(kGoldenDir / (golden.name + extension), text);
  }
}

TEST_CASE("ir::verify: every golden kernel, as planned, is well-formed") {
  for (const GoldenKernel& golden : golden_kernels()) {
    INFO(golden.name);
    CHECK_NOTHROW(ir::verify(golden.plan()));
  }
}

TEST_CASE("golden codegen: generating a kernel's code twice gives the same text") {
  for (const GoldenKernel& golden : golden_kernels()) {
    if (golden.name != "std_of_rows") continue;  // a reduction with per-output instructions
    CHECK(generated_texts(golden.plan()) == generated_texts(golden.plan()));
  }
}

TEST_CASE("golden codegen: every file under tests/golden belongs to a golden kernel") {
  std::set<std::string> expected;
  for (const GoldenKernel& golden : golden_kernels())
    for (const char* extension : kExtensions) expected.insert(golden.name + extension);
  REQUIRE_MESSAGE(fs::is_directory(kGoldenDir), kGoldenDir.string() << " is missing; write it with " << kUpdateCommand);
  for (const fs::directory_entry& entry : fs::directory_iterator(kGoldenDir)) {
    const std::string file = entry.path().filename().string();
    if (expected.count(file) != 0 || file == ".clang-format") continue;  // that one keeps clang-format off them
    if (updating()) {
      fs::remove(entry.path());
      MESSAGE("removed " << entry.path().string());
    } else {
      CHECK_MESSAGE(false, entry.path().string()
                               << " belongs to no golden kernel; " << kUpdateCommand << " removes it");
    }
  }
}
