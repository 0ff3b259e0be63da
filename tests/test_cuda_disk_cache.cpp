// The disk kernel cache: round trips, rejection of truncated/corrupt/foreign entries, an
// unwritable directory (one warning, then carry on), concurrent writers in threads and in two
// processes, and the environment variables that configure it. Pure host code: runs everywhere.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/sinks/ringbuffer_sink.h>

#include "runtime/cache/cache_config.h"
#include "runtime/cache/disk_cache.h"
#include "runtime/cuda/logger.h"
#include "sinter/error.h"

extern char** environ;

namespace fs = std::filesystem;
using namespace sinter::cache;

namespace {

/// A fresh directory under the system temp dir, removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    static std::atomic<int> counter{0};
    path = fs::temp_directory_path() /
           ("sinter_disk_cache_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

std::vector<char> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

std::vector<char> read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& p, const std::vector<char>& bytes) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

const Hash128 kKey = kernel_cache_key("extern \"C\" __global__ void k() {}", "13.0", "sm_90", {});
const std::string kTarget = "cuda: NVRTC 13.0; sm_90; --gpu-architecture=sm_90";
// An entry's 56-byte header and its target text come before the payload.
const std::size_t kBeforePayload = 56 + kTarget.size();

CacheLookup lookup(const DiskCache& cache, const Hash128& key) {
  CacheLookup outcome = CacheLookup::Miss;
  (void)cache.load(key, &outcome);
  return outcome;
}

/// Captures what the sinter logger writes while it lives.
struct CapturedLog {
  std::shared_ptr<spdlog::logger> logger = sinter::gpu::logger();
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(64);
  CapturedLog() { logger->sinks().push_back(sink); }
  ~CapturedLog() {
    auto& sinks = logger->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), sink), sinks.end());
  }
  int count(const std::string& needle) const {
    int n = 0;
    for (const std::string& line : sink->last_formatted()) n += line.find(needle) != std::string::npos;
    return n;
  }
};

std::map<std::string, const char*> g_fake_environment;
const char* fake_getenv(const char* name) {
  auto it = g_fake_environment.find(name);
  return it == g_fake_environment.end() ? nullptr : it->second;
}

}  // namespace

TEST_CASE("disk cache: a stored entry loads back byte for byte, and leaves no temporary file") {
  TempDir dir;
  DiskCache cache(dir.path / "kernels");
  CHECK(lookup(cache, kKey) == CacheLookup::Miss);
  std::vector<char> payload(100000);
  for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 7 + 3);
  REQUIRE(cache.store(kKey, kTarget, payload));
  CacheLookup outcome{};
  auto loaded = cache.load(kKey, &outcome);
  CHECK(outcome == CacheLookup::Hit);
  REQUIRE(loaded);
  CHECK(*loaded == payload);
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir.path / "kernels")) {
    ++files;
    CHECK(entry.path().filename().string().find(".tmp.") == std::string::npos);
  }
  CHECK(files == 1);

  SUBCASE("an empty payload is a valid entry") {
    const Hash128 other = kernel_cache_key("empty", "13.0", "sm_90", {});
    REQUIRE(cache.store(other, kTarget, {}));
    auto empty = cache.load(other);
    REQUIRE(empty);
    CHECK(empty->empty());
  }
  SUBCASE("storing again replaces the entry") {
    REQUIRE(cache.store(kKey, kTarget, bytes_of("second version")));
    CHECK(*cache.load(kKey) == bytes_of("second version"));
  }
}

TEST_CASE("disk cache: the key changes with source, compiler version, target, options and nothing else") {
  const std::vector<std::string> options = {"--fmad=false"};
  const Hash128 base = kernel_cache_key("source", "13.0", "sm_90", options);
  CHECK(base == kernel_cache_key("source", "13.0", "sm_90", options));
  CHECK(base != kernel_cache_key("source ", "13.0", "sm_90", options));
  CHECK(base != kernel_cache_key("source", "13.1", "sm_90", options));
  CHECK(base != kernel_cache_key("source", "13.0", "sm_100", options));
  CHECK(base != kernel_cache_key("source", "13.0", "sm_90", {}));
  const std::vector<std::string> split = {"--fmad=", "false"};
  CHECK(base != kernel_cache_key("source", "13.0", "sm_90", split));
  CHECK(base.hex().size() == 32);
}

TEST_CASE("disk cache: truncated, corrupt and foreign entries are rejected, then rebuilt and replaced") {
  TempDir dir;
  DiskCache cache(dir.path);
  const std::vector<char> payload = bytes_of(std::string(5000, 'x') + "cubin");
  REQUIRE(cache.store(kKey, kTarget, payload));
  const fs::path path = cache.entry_path(kKey);
  const std::vector<char> good = read_file(path);
  REQUIRE(good.size() == payload.size() + kBeforePayload);

  auto damage_then_expect_rejection = [&](const std::vector<char>& damaged) {
    write_file(path, damaged);
    CHECK(lookup(cache, kKey) == CacheLookup::Rejected);
    CHECK_FALSE(cache.load(kKey));
    // The caller rebuilds and stores: the bad entry is replaced.
    REQUIRE(cache.store(kKey, kTarget, payload));
    CacheLookup outcome{};
    auto reloaded = cache.load(kKey, &outcome);
    CHECK(outcome == CacheLookup::Hit);
    CHECK(reloaded == payload);
  };

  SUBCASE("empty file") { damage_then_expect_rejection({}); }
  SUBCASE("truncated inside the header") { damage_then_expect_rejection({good.begin(), good.begin() + 20}); }
  SUBCASE("header only") { damage_then_expect_rejection({good.begin(), good.begin() + 56}); }
  SUBCASE("header and target only") {
    damage_then_expect_rejection({good.begin(), good.begin() + static_cast<std::ptrdiff_t>(kBeforePayload)});
  }
  SUBCASE("truncated payload") { damage_then_expect_rejection({good.begin(), good.end() - 1}); }
  SUBCASE("trailing garbage") {
    std::vector<char> longer = good;
    longer.push_back('!');
    damage_then_expect_rejection(longer);
  }
  SUBCASE("one payload bit flipped") {
    std::vector<char> flipped = good;
    flipped[kBeforePayload + 1234] = static_cast<char>(flipped[kBeforePayload + 1234] ^ 0x10);
    damage_then_expect_rejection(flipped);
  }
  SUBCASE("one target bit flipped") {
    std::vector<char> flipped = good;
    flipped[56 + 3] = static_cast<char>(flipped[56 + 3] ^ 0x01);
    damage_then_expect_rejection(flipped);
  }
  SUBCASE("bad magic") {
    std::vector<char> bad = good;
    bad[0] = 'X';
    damage_then_expect_rejection(bad);
  }
  SUBCASE("another format version") {
    std::vector<char> bad = good;
    bad[8] = static_cast<char>(bad[8] + 1);
    damage_then_expect_rejection(bad);
  }
  SUBCASE("an entry of another key copied under this name") {
    const Hash128 other = kernel_cache_key("other source", "13.0", "sm_90", {});
    REQUIRE(cache.store(other, kTarget, payload));
    damage_then_expect_rejection(read_file(cache.entry_path(other)));
  }
  SUBCASE("a file that is not an entry at all") { damage_then_expect_rejection(bytes_of("\x7f" "ELF not a cache entry")); }
}

TEST_CASE("disk cache: an unwritable directory warns once and the program carries on without it") {
  TempDir dir;
  // A path under a regular file can never be created, even by root (which ignores permission bits).
  write_file(dir.path / "not_a_directory", bytes_of("file"));
  DiskCache cache(dir.path / "not_a_directory" / "kernels");
  CapturedLog log;
  CHECK(lookup(cache, kKey) == CacheLookup::Miss);
  CHECK_FALSE(cache.store(kKey, kTarget, bytes_of("payload")));
  CHECK_FALSE(cache.enabled());
  CHECK_FALSE(cache.store(kKey, kTarget, bytes_of("payload")));
  CHECK_FALSE(cache.store(kernel_cache_key("other", "13.0", "sm_90", {}), kTarget, bytes_of("payload")));
  CHECK(lookup(cache, kKey) == CacheLookup::Disabled);
  CHECK(log.count("cannot be written") == 1);
  CHECK(log.count("not_a_directory") == 1);

  if (::geteuid() != 0) {
    SUBCASE("a read-only directory (only meaningful when not root)") {
      fs::create_directories(dir.path / "readonly");
      fs::permissions(dir.path / "readonly", fs::perms::owner_read | fs::perms::owner_exec);
      DiskCache readonly(dir.path / "readonly");
      CHECK_FALSE(readonly.store(kKey, kTarget, bytes_of("payload")));
      CHECK(log.count("cannot be written") == 2);
      fs::permissions(dir.path / "readonly", fs::perms::owner_all);
    }
  }
}

TEST_CASE("disk cache: threads writing and reading the same entry at once all succeed") {
  TempDir dir;
  DiskCache cache(dir.path);
  const std::vector<char> payload = bytes_of(std::string(200000, 'k'));
  std::atomic<int> failed_stores{0}, rejected_loads{0}, hits{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 40; ++i) {
        if (!cache.store(kKey, kTarget, payload)) ++failed_stores;
        CacheLookup outcome{};
        auto loaded = cache.load(kKey, &outcome);
        if (outcome == CacheLookup::Rejected) ++rejected_loads;
        if (outcome == CacheLookup::Hit && loaded == payload) ++hits;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(failed_stores == 0);
  CHECK(rejected_loads == 0);
  CHECK(hits == 8 * 40);
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}

namespace {
constexpr const char* kChildDirVariable = "SINTER_TEST_DISK_CACHE_CHILD_DIR";
constexpr const char* kChildTestName = "disk cache child writer process";
}  // namespace

// Not a test on its own: the body of each child process of the next test (a no-op otherwise).
TEST_CASE("disk cache child writer process") {
  const char* directory = std::getenv(kChildDirVariable);
  if (directory == nullptr) return;
  DiskCache cache(directory);
  const std::vector<char> payload = bytes_of(std::string(300000, 'p'));
  for (int i = 0; i < 100; ++i) {
    REQUIRE(cache.store(kKey, kTarget, payload));
    CacheLookup outcome{};
    auto loaded = cache.load(kKey, &outcome);
    REQUIRE(outcome == CacheLookup::Hit);
    REQUIRE(loaded == payload);
  }
}

TEST_CASE("disk cache: two processes writing the same entry at once both succeed") {
  if (std::getenv(kChildDirVariable) != nullptr) return;  // never recurse from a child
  TempDir dir;
  // Each child is this test binary running only the child test case above (posix_spawn rather
  // than fork: safe even when other tests have left threads running).
  const std::string exe = fs::read_symlink("/proc/self/exe").string();
  const std::string filter = std::string("--test-case=") + kChildTestName;
  const std::string env_entry = std::string(kChildDirVariable) + "=" + dir.path.string();
  std::vector<char*> env;
  for (char** e = environ; *e; ++e) env.push_back(*e);
  env.push_back(const_cast<char*>(env_entry.c_str()));
  env.push_back(nullptr);
  char* argv[] = {const_cast<char*>(exe.c_str()), const_cast<char*>(filter.c_str()), nullptr};

  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0);
  pid_t children[2];
  for (pid_t& child : children) REQUIRE(posix_spawn(&child, exe.c_str(), &quiet, nullptr, argv, env.data()) == 0);
  posix_spawn_file_actions_destroy(&quiet);
  for (pid_t child : children) {
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  DiskCache cache(dir.path);
  CHECK(lookup(cache, kKey) == CacheLookup::Hit);
}

TEST_CASE("disk cache configuration: SINTER_CACHE, SINTER_CACHE_DIR, XDG_CACHE_HOME, HOME") {
  g_fake_environment = {{"HOME", "/home/ada"}};
  auto config = [] { return read_disk_cache_config(fake_getenv); };

  SUBCASE("default: ~/.cache/sinter") {
    CHECK(config().enabled);
    CHECK(config().root == fs::path("/home/ada/.cache/sinter"));
  }
  SUBCASE("XDG_CACHE_HOME wins over HOME; a relative one is ignored") {
    g_fake_environment["XDG_CACHE_HOME"] = "/var/cache/ada";
    CHECK(config().root == fs::path("/var/cache/ada/sinter"));
    g_fake_environment["XDG_CACHE_HOME"] = "relative/cache";
    CHECK(config().root == fs::path("/home/ada/.cache/sinter"));
  }
  SUBCASE("SINTER_CACHE_DIR overrides both") {
    g_fake_environment["XDG_CACHE_HOME"] = "/var/cache/ada";
    g_fake_environment["SINTER_CACHE_DIR"] = "/scratch/kernels";
    CHECK(config().root == fs::path("/scratch/kernels"));
  }
  SUBCASE("SINTER_CACHE=0 disables, SINTER_CACHE=1 enables") {
    g_fake_environment["SINTER_CACHE"] = "0";
    CHECK_FALSE(config().enabled);
    g_fake_environment["SINTER_CACHE"] = "1";
    CHECK(config().enabled);
  }
  SUBCASE("any other SINTER_CACHE value is a ConfigError naming the variable and the value") {
    for (const char* bad : {"", "yes", "true", "2", " 0", "00"}) {
      g_fake_environment["SINTER_CACHE"] = bad;
      CHECK_THROWS_AS(config(), sinter::ConfigError);
      try {
        config();
      } catch (const sinter::ConfigError& e) {
        CHECK(std::string(e.what()).find("SINTER_CACHE") != std::string::npos);
        CHECK(std::string(e.what()).find(std::string("SINTER_CACHE=\"") + bad + "\" is invalid") != std::string::npos);
      }
    }
  }
  SUBCASE("an empty SINTER_CACHE_DIR is a ConfigError") {
    g_fake_environment["SINTER_CACHE_DIR"] = "";
    CHECK_THROWS_AS(config(), sinter::ConfigError);
  }
  SUBCASE("no HOME and nothing else: off, saying why") {
    g_fake_environment.clear();
    CHECK_FALSE(config().enabled);
    CHECK(config().reason.find("HOME") != std::string::npos);
  }
}
