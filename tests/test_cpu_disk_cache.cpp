// The CPU backend's disk kernel cache (docs/caching.md): a second process links each kernel's
// object from disk instead of compiling it, with the same results; corrupt entries are rejected
// and rebuilt; SINTER_CACHE=0 writes nothing. The cache directory is read once per process, so
// each run is a child process of this binary with its own SINTER_CACHE_DIR.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "disk_cache_child.h"
#include "support.h"

namespace fs = std::filesystem;
using namespace sinter;

#if SINTER_WITH_LLVM
namespace {

using ChildCounts = test::DiskCacheChild;
ChildCounts run(const std::string& environment) { return test::run_disk_cache_child(environment); }

std::vector<fs::path> entries(const fs::path& dir) {
  std::vector<fs::path> found;
  if (fs::is_directory(dir / "kernels"))
    for (const auto& e : fs::directory_iterator(dir / "kernels"))
      if (e.path().extension() == ".kernel") found.push_back(e.path());
  return found;
}

}  // namespace

TEST_CASE("child: cpu disk cache workload" * doctest::skip()) {
  // An elementwise kernel with transcendental math, a row reduction, a column reduction and an
  // argmax: different entry points and code shapes, each checked against a closed form.
  const Array<double> x = arange<double>(1000) * 0.001;
  const std::vector<double> y = Array<double>(sinter::exp(x) * sinter::sin(x) + 1.0).to_vector();
  for (std::size_t i = 0; i < y.size(); i += 97) {
    const double v = static_cast<double>(i) * 0.001;
    REQUIRE(std::abs(y[i] - (std::exp(v) * std::sin(v) + 1.0)) <= 1e-14 * std::abs(y[i]) + 1e-15);
  }
  const Array<std::int64_t> m = arange<std::int64_t>(12).reshape(Shape{3, 4});
  REQUIRE(sum(m, {1}).to_vector() == std::vector<std::int64_t>{6, 22, 38});
  REQUIRE(sum(m, {0}).to_vector() == std::vector<std::int64_t>{12, 15, 18, 21});
  REQUIRE(argmax(Array<float>({3, 9, 1, 9})).item() == 1);
  const Counters c = counters();
  std::printf("disk cache child: compiled %llu from disk %llu\n", static_cast<unsigned long long>(c.kernels_compiled),
              static_cast<unsigned long long>(c.kernels_from_disk));
}

TEST_CASE(
    "the CPU disk cache: a second process links every kernel from disk with the same results, corrupt entries "
    "are rebuilt, SINTER_CACHE=0 writes nothing") {
  const fs::path dir = fs::temp_directory_path() / ("sinter-cpu-disk-cache-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string environment = "SINTER_CACHE=1 SINTER_CACHE_DIR='" + dir.string() + "'";

  const ChildCounts first = run(environment);
  CAPTURE(first.output);
  REQUIRE(first.exit_code == 0);
  CHECK(first.compiled >= 4);
  CHECK(first.from_disk == 0);
  CHECK(static_cast<long>(entries(dir).size()) == first.compiled);

  const ChildCounts second = run(environment);
  CAPTURE(second.output);
  REQUIRE(second.exit_code == 0);
  CHECK(second.compiled == first.compiled);
  CHECK_MESSAGE(second.from_disk == second.compiled, "every kernel came from disk");

  // Corrupt every entry: each is rejected (a miss), compiled again and stored again.
  for (const fs::path& entry : entries(dir)) {
    std::fstream f(entry, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(fs::file_size(entry) / 2));
    f.put('\x5a');
    f.put('\xa5');
  }
  const ChildCounts corrupt = run(environment);
  CAPTURE(corrupt.output);
  REQUIRE(corrupt.exit_code == 0);
  CHECK(corrupt.from_disk == 0);
  const ChildCounts healed = run(environment);
  CHECK(healed.exit_code == 0);
  CHECK(healed.from_disk == healed.compiled);

  const fs::path off = dir / "off";
  const ChildCounts disabled = run("SINTER_CACHE=0 SINTER_CACHE_DIR='" + off.string() + "'");
  CHECK(disabled.exit_code == 0);
  CHECK(disabled.from_disk == 0);
  CHECK(entries(off).empty());
  fs::remove_all(dir);
}
#endif
