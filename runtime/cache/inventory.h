// What a disk-cache directory holds, entry by entry: for the cache tool's list, size, verify and
// clear (tools/sinter_cache.cpp), and for exporting bundles.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "runtime/cache/content_hash.h"

namespace sinter::cache {

struct EntryInfo {
  std::filesystem::path path;
  Hash128 key;         // from the file name
  std::string target;  // empty when the entry is bad
  std::uint64_t file_bytes = 0;
  std::uint64_t payload_bytes = 0;
  std::string problem;  // why the entry is bad (truncated, corrupt, under another key's name); empty when good
};

/// Every entry file (<32 hex digits>.kernel) in `directory`, checked, sorted by file name; none
/// when the directory does not exist. Throws sinter::Error when it exists but cannot be read.
std::vector<EntryInfo> list_entries(const std::filesystem::path& directory);

struct ClearResult {
  std::size_t files = 0;
  std::uint64_t bytes = 0;
};

/// Removes every entry file and leftover temporary file from `directory` (nothing else in it).
/// Throws sinter::Error naming the file that cannot be removed.
ClearResult clear_entries(const std::filesystem::path& directory);

}  // namespace sinter::cache
