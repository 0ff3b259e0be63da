// Where the disk kernel cache lives, read from the environment: SINTER_CACHE_DIR, else
// $XDG_CACHE_HOME/sinter, else ~/.cache/sinter; SINTER_CACHE=0 turns it off. Bad values raise
// ConfigError naming the variable, so a typo is never silently ignored.
#pragma once
#include <filesystem>
#include <functional>
#include <string>

namespace sinter::cache {

struct DiskCacheConfig {
  bool enabled = true;
  std::filesystem::path root;  // e.g. /home/me/.cache/sinter
  std::string reason;          // how root was chosen, or why the cache is off
};

/// getenv-shaped: the value of a variable, or nullptr when unset.
using EnvironmentLookup = std::function<const char*(const char* name)>;

/// Reads SINTER_CACHE, SINTER_CACHE_DIR, XDG_CACHE_HOME and HOME through `lookup`.
/// Throws ConfigError when SINTER_CACHE is neither 0 nor 1, or SINTER_CACHE_DIR is set but empty.
DiskCacheConfig read_disk_cache_config(const EnvironmentLookup& lookup);

/// The same, from the process environment.
DiskCacheConfig read_disk_cache_config();

}  // namespace sinter::cache
