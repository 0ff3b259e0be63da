// The disk kernel cache: compiled images (CUBIN, PTX, CPU objects) kept across processes, keyed
// by a hash of everything that determines them. Each entry also names, in plain text, the target
// it was built for (what the key hashes besides the source), so a tool can list and bundle
// entries by target. Entries are written atomically and checked on every load; a bad entry is
// reported as a miss (the caller rebuilds and stores it again), never returned.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/cache/content_hash.h"

namespace sinter::cache {

/// Bumped whenever the entry layout or the meaning of a key changes; part of every key.
inline constexpr std::uint32_t kCacheFormatVersion = 2;

/// The key of a compiled kernel: hash of the source, compiler version, target, options and format.
Hash128 kernel_cache_key(std::string_view source, std::string_view compiler_version, std::string_view target,
                         std::span<const std::string> options);

/// What a load found.
enum class CacheLookup {
  Hit,       // a valid entry, returned
  Miss,      // no entry
  Rejected,  // an entry that is truncated, corrupt or for another key: ignored, to be replaced
  Disabled,  // the cache is off (after a write failure)
};

/// One entry as stored: its key, the target it was built for, and the compiled image.
struct CacheEntry {
  Hash128 key;
  std::string target;
  std::vector<char> payload;
};

/// Reads and checks the entry file at `path`: the entry, or nullopt with `problem` saying what
/// is wrong (unreadable, truncated, bad magic or version, a checksum mismatch). Does not compare
/// the key with the file name; callers that care do.
std::optional<CacheEntry> read_entry_file(const std::filesystem::path& path, std::string& problem);

/// The key an entry file's name (<32 hex digits>.kernel) stands for, or nullopt for other files.
std::optional<Hash128> key_of_entry_file(const std::filesystem::path& path);

class DiskCache {
 public:
  /// A cache keeping its entries in `directory` (created at the first store).
  explicit DiskCache(std::filesystem::path directory);

  /// The entry's payload when a valid entry for `key` exists. `outcome`, when given, says why not.
  std::optional<std::vector<char>> load(const Hash128& key, CacheLookup* outcome = nullptr) const;

  /// Writes the entry atomically (temporary file, then rename over any old entry), so readers
  /// and concurrent writers, in this process or others, only ever see whole entries. Returns
  /// false when the directory cannot be written: the first failure logs one warning and turns
  /// the cache off for the rest of the process; the caller carries on without it.
  /// `target` names what the entry was built for (the backend's cache target, e.g.
  /// cuda_cache_target or the CPU JIT's), as the key hashes it; bundles are checked against it.
  bool store(const Hash128& key, std::string_view target, std::span<const char> payload);

  /// False once a write failure has turned the cache off.
  bool enabled() const { return enabled_.load(std::memory_order_relaxed); }
  const std::filesystem::path& directory() const { return directory_; }
  std::filesystem::path entry_path(const Hash128& key) const;

 private:
  void disable(const std::string& why);

  std::filesystem::path directory_;
  std::atomic<bool> enabled_{true};
  std::atomic<bool> warned_{false};
  std::atomic<std::uint64_t> temp_counter_{0};
};

/// The process-wide disk cache configured by the environment (cache_config.h), in
/// <root>/kernels; created on first call, nullptr when the cache is off. Throws ConfigError for
/// bad environment values (on every call, so the error is never lost).
DiskCache* process_disk_cache();

}  // namespace sinter::cache
