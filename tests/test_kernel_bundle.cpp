// Kernel bundles and the cache inventory (docs/caching.md, "The cache tool and bundles"): real
// CPU kernels compiled by one process, exported, cleared, imported into a fresh cache and linked
// from disk by another process without compiling; truncated, corrupt, foreign and non-bundles
// refused with errors naming the file and the problem, before anything is written.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "disk_cache_child.h"
#include "runtime/cache/bundle.h"
#include "runtime/cache/disk_cache.h"
#include "runtime/cache/inventory.h"
#include "runtime/cache_targets.h"
#include "support.h"
#if SINTER_WITH_LLVM
#include "codegen/llvm/llvm_jit.h"
#endif

namespace fs = std::filesystem;
using namespace sinter;
using namespace sinter::cache;

#if SINTER_WITH_LLVM
namespace {

using ChildCounts = test::DiskCacheChild;

/// Runs the CPU workload of test_cpu_disk_cache.cpp (it checks its own results) with its cache
/// in `root`, and reads back its counters.
ChildCounts run_workload(const fs::path& root) {
  return test::run_disk_cache_child("SINTER_CACHE=1 SINTER_CACHE_DIR='" + root.string() + "'");
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

/// The message of the Error that importing `bundle` into a fresh cache raises (empty when the
/// import succeeds); checks that a refused import wrote nothing.
std::string import_error(const fs::path& bundle, const fs::path& scratch, const std::vector<std::string>& targets) {
  fs::remove_all(scratch);
  DiskCache fresh(scratch);
  std::string message;
  try {
    import_bundle(bundle, fresh, targets);
  } catch (const Error& e) { message = e.what(); }
  if (!message.empty()) CHECK(list_entries(scratch).empty());
  return message;
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("sinter-bundle-" + std::to_string(::getpid()));
  TempDir() { fs::remove_all(path); }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE(
    "kernel bundles: compiled CPU kernels round trip through a bundle and load in a new process without compiling") {
  TempDir dir;
  const fs::path first = dir.path / "first", second = dir.path / "second", bundle = dir.path / "kernels.bundle";
  const std::vector<std::string> targets = process_cache_targets();
  const std::string cpu = llvm_backend::cpu_cache_target();
  REQUIRE(std::find(targets.begin(), targets.end(), cpu) != targets.end());
  CHECK(cpu.rfind("cpu: LLVM ", 0) == 0);

  const ChildCounts compiled = run_workload(first);
  CAPTURE(compiled.output);
  REQUIRE(compiled.exit_code == 0);
  REQUIRE(compiled.compiled >= 4);
  CHECK(compiled.from_disk == 0);

  // Every entry is good and records the CPU target.
  const std::vector<EntryInfo> listed = list_entries(first / "kernels");
  REQUIRE(static_cast<long>(listed.size()) == compiled.compiled);
  for (const EntryInfo& entry : listed) {
    CHECK(entry.problem.empty());
    CHECK(entry.target == cpu);
    CHECK(entry.payload_bytes > 0);
  }

  const BundleSummary exported = export_bundle(first / "kernels", bundle, targets);
  CHECK(static_cast<long>(exported.entries) == compiled.compiled);
  CHECK(exported.targets == std::vector<std::string>{cpu});
  CHECK(exported.skipped_bad == 0);
  CHECK(exported.skipped_other == 0);

  const ClearResult cleared = clear_entries(first / "kernels");
  CHECK(static_cast<long>(cleared.files) == compiled.compiled);
  CHECK(list_entries(first / "kernels").empty());

  DiskCache fresh(second / "kernels");
  const BundleSummary imported = import_bundle(bundle, fresh, targets);
  CHECK(imported.entries == exported.entries);
  CHECK(imported.payload_bytes == exported.payload_bytes);
  const std::vector<EntryInfo> restored = list_entries(second / "kernels");
  REQUIRE(restored.size() == listed.size());
  for (std::size_t i = 0; i < restored.size(); ++i) {
    CHECK(restored[i].key == listed[i].key);
    CHECK(restored[i].problem.empty());
    CHECK(restored[i].file_bytes == listed[i].file_bytes);
  }

  const ChildCounts loaded = run_workload(second);
  CAPTURE(loaded.output);
  REQUIRE(loaded.exit_code == 0);
  CHECK(loaded.compiled == compiled.compiled);
  CHECK_MESSAGE(loaded.from_disk == loaded.compiled, "every kernel came from the imported bundle");
}

TEST_CASE("kernel bundles: truncated, corrupt, foreign and non-bundles are refused before anything is written") {
  TempDir dir;
  const std::string cpu = llvm_backend::cpu_cache_target();
  const std::vector<std::string> targets = {cpu};
  // Two real-sized entries for this CPU, stored as the JIT stores them.
  DiskCache source(dir.path / "source");
  const Hash128 a = kernel_cache_key("kernel a", "LLVM", "host", {}),
                b = kernel_cache_key("kernel b", "LLVM", "host", {});
  REQUIRE(source.store(a, cpu, std::vector<char>(3000, 'a')));
  REQUIRE(source.store(b, cpu, std::vector<char>(5000, 'b')));
  const fs::path bundle = dir.path / "good.bundle", bad = dir.path / "bad.bundle", scratch = dir.path / "scratch";
  REQUIRE(export_bundle(source.directory(), bundle, targets).entries == 2);
  const std::string good = read_bytes(bundle);
  REQUIRE(import_error(bundle, scratch, targets).empty());
  CHECK(list_entries(scratch).size() == 2);

  SUBCASE("truncated anywhere: in the header, a target, an entry's payload, the last byte") {
    for (const std::size_t length :
         {std::size_t{4}, std::size_t{20}, std::size_t{50}, good.size() / 2, good.size() - 1}) {
      CAPTURE(length);
      write_bytes(bad, good.substr(0, length));
      const std::string message = import_error(bad, scratch, targets);
      CHECK(message.find(bad.string()) != std::string::npos);
      CHECK(message.find(length < 8 ? "bad magic" : "truncated") != std::string::npos);
    }
  }
  SUBCASE("a flipped bit in the last payload names the entry and its key") {
    std::string flipped = good;
    flipped[flipped.size() - 10] = static_cast<char>(flipped[flipped.size() - 10] ^ 0x04);
    write_bytes(bad, flipped);
    const std::string message = import_error(bad, scratch, targets);
    CHECK(message.find("entry 1") != std::string::npos);
    CHECK(message.find("checksum mismatch") != std::string::npos);
    CHECK(((message.find(a.hex()) != std::string::npos) || (message.find(b.hex()) != std::string::npos)));
  }
  SUBCASE("trailing bytes") {
    write_bytes(bad, good + "x");
    CHECK(import_error(bad, scratch, targets).find("unexpected bytes after its last entry") != std::string::npos);
  }
  SUBCASE("not a bundle at all, and no such file") {
    write_bytes(bad,
                "\x7f"
                "ELF, not a bundle");
    CHECK(import_error(bad, scratch, targets).find("not a sinter kernel bundle") != std::string::npos);
    CHECK(import_error(dir.path / "missing.bundle", scratch, targets).find("cannot open kernel bundle") !=
          std::string::npos);
  }
  SUBCASE("a bundle for another GPU architecture or CPU is refused, naming both targets") {
    const std::string gpu = "cuda: NVRTC 13.0; sm_100; --gpu-architecture=sm_100 --std=c++17";
    DiskCache mixed(dir.path / "mixed");
    REQUIRE(mixed.store(a, cpu, std::vector<char>(100, 'a')));
    REQUIRE(mixed.store(b, gpu, std::vector<char>(100, 'b')));
    const BundleSummary summary = export_bundle(mixed.directory(), bad, {cpu, gpu});
    REQUIRE(summary.targets.size() == 2);
    std::string message = import_error(bad, scratch, targets);
    CHECK(message.find("built for '" + gpu + "'") != std::string::npos);
    CHECK(message.find("this process builds for '" + cpu + "'") != std::string::npos);

    // This CPU's bundle on a machine whose CPU differs (another feature string).
    const std::string other_cpu = cpu + " +another-feature";
    message = import_error(bundle, scratch, {other_cpu});
    CHECK(message.find("built for '" + cpu + "'") != std::string::npos);
    CHECK(message.find(other_cpu) != std::string::npos);

    // Exporting for this process only leaves the GPU entry out.
    const BundleSummary cpu_only = export_bundle(mixed.directory(), bad, targets);
    CHECK(cpu_only.entries == 1);
    CHECK(cpu_only.skipped_other == 1);
    CHECK(import_error(bad, scratch, targets).empty());
  }
}

TEST_CASE(
    "cache inventory: verify finds corrupt entries and entries under another key's name, and clear removes them") {
  TempDir dir;
  DiskCache cache(dir.path);
  const Hash128 a = kernel_cache_key("kernel a", "LLVM", "host", {}),
                b = kernel_cache_key("kernel b", "LLVM", "host", {});
  REQUIRE(cache.store(a, "cpu: test", std::vector<char>(2000, 'a')));
  REQUIRE(cache.store(b, "cpu: test", std::vector<char>(2000, 'b')));
  write_bytes(dir.path / "notes.txt", "not an entry");
  REQUIRE(list_entries(dir.path).size() == 2);

  std::string bytes = read_bytes(cache.entry_path(a));
  bytes[bytes.size() - 7] = static_cast<char>(bytes[bytes.size() - 7] ^ 0x01);
  write_bytes(cache.entry_path(a), bytes);
  fs::copy_file(cache.entry_path(b), dir.path / (kernel_cache_key("c", "", "", {}).hex() + ".kernel"));
  const std::vector<EntryInfo> entries = list_entries(dir.path);
  REQUIRE(entries.size() == 3);
  std::size_t bad = 0;
  for (const EntryInfo& entry : entries) {
    CAPTURE(entry.path);
    if (entry.key == a) CHECK(entry.problem == "checksum mismatch");
    else if (entry.key == b) CHECK(entry.problem.empty());
    else CHECK(entry.problem == "holds the entry of key " + b.hex());
    bad += entry.problem.empty() ? 0 : 1;
  }
  CHECK(bad == 2);
  CHECK_FALSE(cache.load(a));

  CHECK(clear_entries(dir.path).files == 3);
  CHECK(list_entries(dir.path).empty());
  CHECK(fs::exists(dir.path / "notes.txt"));  // only the cache's own files are removed
}
TEST_CASE("kernel bundles: the public functions export this process's cache and import it back, or say why not") {
  TempDir dir;
  fs::create_directories(dir.path);
  const fs::path bundle = dir.path / "app.bundle", junk = dir.path / "junk.bundle";
  write_bytes(junk, "not a bundle at all");
  if (process_disk_cache() == nullptr) {  // SINTER_CACHE=0: both say the cache is off
    CHECK_THROWS_WITH_AS(export_kernel_bundle(bundle.string()), doctest::Contains("disk kernel cache is off"),
                         ConfigError);
    CHECK_THROWS_AS(import_kernel_bundle(junk.string()), ConfigError);
    return;
  }
  Array<float> x(std::vector<float>{1, 2, 3});
  CHECK(Array<float>(sinter::cbrt(x) * 2.5f - 1.0f).to_vector().size() == 3);  // at least one kernel in the cache
  const KernelBundleSummary exported = export_kernel_bundle(bundle.string());
  CHECK(exported.kernels >= 1);
  CHECK(exported.bytes > 0);
  const KernelBundleSummary imported = import_kernel_bundle(bundle.string());
  CHECK(imported.kernels == exported.kernels);
  CHECK(imported.targets == exported.targets);
  CHECK_THROWS_WITH_AS(import_kernel_bundle(junk.string()), doctest::Contains(junk.string().c_str()), Error);
}

#endif
