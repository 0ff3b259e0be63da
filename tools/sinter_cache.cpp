// sinter-cache: lists, sizes, verifies and clears the disk kernel cache, and exports and imports
// kernel bundles (docs/caching.md, "The cache tool and bundles"). The cache directory is the one
// the library resolves (SINTER_CACHE_DIR, XDG_CACHE_HOME, HOME); the work is the library's.
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "runtime/cache/bundle.h"
#include "runtime/cache/cache_config.h"
#include "runtime/cache/disk_cache.h"
#include "runtime/cache/inventory.h"
#include "runtime/cache_targets.h"
#include "sinter/error.h"

namespace {

namespace cache = sinter::cache;

constexpr const char* kUsage =
    "usage: sinter-cache COMMAND\n"
    "  list         each entry: key, payload bytes, target (or what is wrong with it)\n"
    "  size         how many entries and bytes the cache holds\n"
    "  verify       checks every entry; exit status 1 when one is bad\n"
    "  clear        removes every entry\n"
    "  targets      the targets this machine builds kernels for\n"
    "  export FILE  writes the entries built for this machine's targets into a bundle\n"
    "  import FILE  checks a bundle, then adds its entries to the cache\n"
    "The cache is SINTER_CACHE_DIR, else $XDG_CACHE_HOME/sinter, else ~/.cache/sinter.\n";

/// The process's disk cache, or an Error saying why it is off.
cache::DiskCache& disk_cache() {
  cache::DiskCache* disk = cache::process_disk_cache();  // throws ConfigError for bad settings
  if (!disk) throw sinter::Error("the disk kernel cache is off: " + cache::read_disk_cache_config().reason);
  return *disk;
}

void print_summary(const char* verb, const std::string& file, const cache::BundleSummary& summary) {
  std::printf("%s %zu entries (%llu bytes) %s %s\n", verb, summary.entries,
              static_cast<unsigned long long>(summary.payload_bytes),
              std::strcmp(verb, "imported") == 0 ? "from" : "to", file.c_str());
  for (const std::string& target : summary.targets) std::printf("  target: %s\n", target.c_str());
  if (summary.skipped_other > 0) std::printf("  left out %zu entries built for other targets\n", summary.skipped_other);
  if (summary.skipped_bad > 0)
    std::printf("  left out %zu bad entries (see sinter-cache verify)\n", summary.skipped_bad);
}

int run(std::string_view command, const char* argument) {
  const cache::DiskCache& disk = disk_cache();
  const auto& directory = disk.directory();
  if (command == "list" || command == "verify" || command == "size") {
    std::size_t bad = 0;
    unsigned long long bytes = 0;
    const auto entries = cache::list_entries(directory);
    for (const cache::EntryInfo& entry : entries) {
      bytes += entry.file_bytes;
      if (!entry.problem.empty()) ++bad;
      if (command == "list" && entry.problem.empty())
        std::printf("%s %10llu  %s\n", entry.key.hex().c_str(), static_cast<unsigned long long>(entry.payload_bytes),
                    entry.target.c_str());
      else if (command != "size" && !entry.problem.empty())
        std::printf("%s: %s\n", entry.path.string().c_str(), entry.problem.c_str());
    }
    if (command == "size") std::printf("%zu entries, %llu bytes in %s\n", entries.size(), bytes, directory.c_str());
    if (command == "verify")
      std::printf("%zu entries checked, %zu bad, in %s\n", entries.size(), bad, directory.c_str());
    return command == "verify" && bad > 0 ? 1 : 0;
  }
  if (command == "clear") {
    const cache::ClearResult cleared = cache::clear_entries(directory);
    std::printf("removed %zu files (%llu bytes) from %s\n", cleared.files,
                static_cast<unsigned long long>(cleared.bytes), directory.c_str());
    return 0;
  }
  if (command == "targets") {
    for (const std::string& target : cache::process_cache_targets()) std::printf("%s\n", target.c_str());
    return 0;
  }
  if (command == "export") {
    print_summary("exported", argument, cache::export_bundle(directory, argument, cache::process_cache_targets()));
    return 0;
  }
  if (command == "import") {
    print_summary("imported", argument, cache::import_bundle(argument, disk_cache(), cache::process_cache_targets()));
    return 0;
  }
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view command = argc > 1 ? argv[1] : "";
  const bool takes_file = command == "export" || command == "import";
  const bool known = takes_file || command == "list" || command == "size" || command == "verify" ||
                     command == "clear" || command == "targets";
  if (command == "--help" || command == "-h") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (!known || argc != (takes_file ? 3 : 2)) {
    if (!known && !command.empty()) std::fprintf(stderr, "sinter-cache: unknown command '%s'\n", argv[1]);
    std::fputs(kUsage, stderr);
    return 2;
  }
  try {
    return run(command, takes_file ? argv[2] : nullptr);
  } catch (const sinter::Error& e) {
    std::fprintf(stderr, "sinter-cache: %s\n", e.what());
    return 1;
  }
}
