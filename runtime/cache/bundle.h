// Kernel bundles: the disk-cache entries of chosen targets in one file, so that an application
// can ship its compiled kernels and load them on machines that never compile them. A bundle
// records the target of every entry; import refuses a bundle holding any target this process
// does not build for, and checks the whole file before writing a single entry.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace sinter::cache {

class DiskCache;

struct BundleSummary {
  std::size_t entries = 0;
  std::uint64_t payload_bytes = 0;
  std::vector<std::string> targets;  // of the entries in the bundle
  std::size_t skipped_bad = 0;       // export: entries left out as truncated or corrupt
  std::size_t skipped_other = 0;     // export: entries left out as built for other targets
};

/// Writes the valid entries of `cache_directory` built for one of `targets` into `file`
/// (atomically: a temporary file renamed into place). Throws sinter::Error when the directory
/// cannot be read or the file cannot be written.
BundleSummary export_bundle(const std::filesystem::path& cache_directory, const std::filesystem::path& file,
                            const std::vector<std::string>& targets);

/// Checks `file` whole (magic, version, every checksum, every target one of `targets`), then
/// stores each entry in `cache`. Throws sinter::Error naming the file and what is wrong: not a
/// bundle, truncated, a corrupt entry, another cache format, or a target this process does not
/// build for (naming it and this process's targets). Nothing is written unless all is well.
BundleSummary import_bundle(const std::filesystem::path& file, DiskCache& cache,
                            const std::vector<std::string>& targets);

}  // namespace sinter::cache
