// Environment configuration: parsed once, invalid values raise sinter::ConfigError naming the
// variable and the value.
#include "config.h"

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "logging.h"
#include "sinter/error.h"

namespace sinter::config {
namespace {

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

}  // namespace

long parse_integer(const char* name, std::string_view text, long lo, long hi, bool power_of_two) {
  // from_chars takes no sign but '-', no space, no locale: " 4" and "4 " are both refused.
  long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  const bool whole = error == std::errc() && end == text.data() + text.size() && !text.empty();
  if (!whole || value < lo || value > hi || (power_of_two && !std::has_single_bit(static_cast<unsigned long>(value))))
    throw ConfigError(std::string(name) + "=\"" + std::string(text) + "\" is invalid: expected " +
                      (power_of_two ? "a power of two" : "an integer") + " from " + std::to_string(lo) + " to " +
                      std::to_string(hi));
  return value;
}

std::size_t parse_choice(const char* name, std::string_view text, std::initializer_list<std::string_view> choices) {
  std::size_t k = 0;
  std::string expected;
  for (std::string_view choice : choices) {
    if (text == choice) return k;
    expected += (k == 0 ? "" : k + 1 == choices.size() ? " or " : ", ") + std::string(choice);
    ++k;
  }
  throw ConfigError(std::string(name) + "=\"" + std::string(text) + "\" is invalid: expected " + expected);
}

int num_threads() {
  static const int n = [] {
    if (auto v = env("SINTER_NUM_THREADS")) return static_cast<int>(parse_integer("SINTER_NUM_THREADS", *v, 1, 1024));
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  }();
  return n;
}

int max_pending_nodes() {
  static const int n = [] {
    if (auto v = env("SINTER_MAX_PENDING"))
      return static_cast<int>(parse_integer("SINTER_MAX_PENDING", *v, 1, 1 << 20));
    return 512;
  }();
  return n;
}

int kernel_cache_size() {
  static const int n = [] {
    if (auto v = env("SINTER_KERNEL_CACHE_SIZE"))
      return static_cast<int>(parse_integer("SINTER_KERNEL_CACHE_SIZE", *v, 16, 1 << 20));
    return 4096;
  }();
  return n;
}

std::size_t cpu_cache_bytes() {
  static const std::size_t bytes = [] {
    constexpr std::size_t kMiB = std::size_t{1} << 20;
    if (auto v = env("SINTER_CPU_CACHE_MB"))
      return static_cast<std::size_t>(parse_integer("SINTER_CPU_CACHE_MB", *v, 0, 1 << 20)) * kMiB;
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long page = sysconf(_SC_PAGESIZE);
    const std::size_t physical =
        pages > 0 && page > 0 ? static_cast<std::size_t>(pages) * static_cast<std::size_t>(page) : 0;
    return std::min<std::size_t>(physical / 4, 4096 * kMiB);
  }();
  return bytes;
}

const std::optional<std::string>& dump_dir() {
  static const std::optional<std::string> dir = env("SINTER_DUMP_DIR");
  return dir;
}

const std::string& log_level() {
  static const std::string level = [] {
    std::string name = env("SINTER_LOG_LEVEL").value_or("warn");
    parse_choice("SINTER_LOG_LEVEL", name, {"trace", "debug", "info", "warn", "error", "critical", "off"});
    return name;
  }();
  return level;
}

void dump(const std::string& file_name, const std::string& text) {
  const auto& dir = dump_dir();
  if (!dir) return;
  std::ofstream out(*dir + "/" + file_name);
  out << text;
  if (!out) {
    static std::once_flag warned;
    std::call_once(warned, [&] { log().warn("SINTER_DUMP_DIR={}: cannot write {}; not dumping", *dir, file_name); });
  }
}

}  // namespace sinter::config
