// Parsing of the disk-cache environment variables (see cache_config.h for the rules).
#include "runtime/cache/cache_config.h"

#include <cstdlib>
#include <string_view>

#include "config.h"
#include "sinter/error.h"

namespace sinter::cache {

DiskCacheConfig read_disk_cache_config(const EnvironmentLookup& lookup) {
  DiskCacheConfig config;
  if (const char* switch_value = lookup("SINTER_CACHE")) {
    if (sinter::config::parse_choice("SINTER_CACHE", switch_value, {"0", "1"}) == 0) {
      config.enabled = false;
      config.reason = "disabled by SINTER_CACHE=0";
      return config;
    }
  }
  if (const char* dir = lookup("SINTER_CACHE_DIR")) {
    if (*dir == '\0')
      throw ConfigError("SINTER_CACHE_DIR is set but empty: give a directory, or unset it for the default "
                        "($XDG_CACHE_HOME/sinter or ~/.cache/sinter)");
    config.root = dir;
    config.reason = "from SINTER_CACHE_DIR";
    return config;
  }
  // The XDG base-directory spec says to ignore a relative XDG_CACHE_HOME.
  if (const char* xdg = lookup("XDG_CACHE_HOME"); xdg && *xdg == '/') {
    config.root = std::filesystem::path(xdg) / "sinter";
    config.reason = "from XDG_CACHE_HOME";
    return config;
  }
  if (const char* home = lookup("HOME"); home && *home) {
    config.root = std::filesystem::path(home) / ".cache" / "sinter";
    config.reason = "from HOME";
    return config;
  }
  config.enabled = false;
  config.reason = "neither SINTER_CACHE_DIR, XDG_CACHE_HOME nor HOME is set";
  return config;
}

DiskCacheConfig read_disk_cache_config() {
  return read_disk_cache_config([](const char* name) -> const char* { return std::getenv(name); });
}

}  // namespace sinter::cache
