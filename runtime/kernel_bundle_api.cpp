// The public face of kernel bundles (include/sinter/kernel_bundle.h) over runtime/cache's.
#include "runtime/cache/bundle.h"
#include "runtime/cache/cache_config.h"
#include "runtime/cache/disk_cache.h"
#include "runtime/cache_targets.h"
#include "sinter/error.h"
#include "sinter/kernel_bundle.h"

namespace sinter {
namespace {

cache::DiskCache& disk_cache_or_throw(const char* what) {
  cache::DiskCache* disk = cache::process_disk_cache();  // throws ConfigError for bad settings
  if (!disk)
    throw ConfigError(std::string(what) + ": the disk kernel cache is off (" + cache::read_disk_cache_config().reason +
                      ")");
  return *disk;
}

KernelBundleSummary summary_of(cache::BundleSummary s) {
  return {s.entries, s.payload_bytes, std::move(s.targets), s.skipped_bad, s.skipped_other};
}

}  // namespace

KernelBundleSummary export_kernel_bundle(const std::string& file) {
  const cache::DiskCache& disk = disk_cache_or_throw("export_kernel_bundle");
  return summary_of(cache::export_bundle(disk.directory(), file, cache::process_cache_targets()));
}

KernelBundleSummary import_kernel_bundle(const std::string& file) {
  cache::DiskCache& disk = disk_cache_or_throw("import_kernel_bundle");
  return summary_of(cache::import_bundle(file, disk, cache::process_cache_targets()));
}

}  // namespace sinter
