// Entry format (host byte order), 56-byte header, then the target text, then the payload:
//   "SINTERKC" | u32 format version | u32 header bytes | u64 key high | u64 key low |
//   u64 target bytes | u64 payload bytes | u64 checksum (low word of hash_bytes(target + payload))
// A file whose size, magic, version, key or checksum disagree is rejected, never loaded.
#include "runtime/cache/disk_cache.h"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>
#include <thread>

#include "runtime/cache/cache_config.h"
#include "runtime/cuda/logger.h"
#include "sinter/error.h"

namespace sinter::cache {
namespace {

constexpr char kMagic[8] = {'S', 'I', 'N', 'T', 'E', 'R', 'K', 'C'};

struct EntryHeader {
  char magic[8];
  std::uint32_t format_version;
  std::uint32_t header_bytes;
  std::uint64_t key_high;
  std::uint64_t key_low;
  std::uint64_t target_bytes;
  std::uint64_t payload_bytes;
  std::uint64_t checksum;
};
static_assert(sizeof(EntryHeader) == 56, "the on-disk header has a fixed size");

// Longer target texts are refused as damage (a real one is a few hundred bytes).
constexpr std::uint64_t kMaxTargetBytes = 1 << 16;

/// The checksum of everything after the header: the target text and the payload.
std::uint64_t checksum(std::span<const char> body) {
  return hash_bytes(std::string_view(body.data(), body.size())).low;
}

/// Why `bytes` is not a valid entry, or an empty string when it is; `key` and `target_bytes`
/// are filled from the header.
std::string validate(const std::vector<char>& bytes, Hash128& key, std::size_t& target_bytes) {
  if (bytes.size() < sizeof(EntryHeader)) return "truncated header (" + std::to_string(bytes.size()) + " bytes)";
  EntryHeader h;
  std::memcpy(&h, bytes.data(), sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return "not a sinter cache entry (bad magic)";
  if (h.format_version != kCacheFormatVersion || h.header_bytes != sizeof(EntryHeader))
    return "format version " + std::to_string(h.format_version) + ", expected " + std::to_string(kCacheFormatVersion);
  const std::size_t body = bytes.size() - sizeof(EntryHeader);
  if (h.target_bytes > kMaxTargetBytes || h.target_bytes + h.payload_bytes != body)
    return "target and payload are " + std::to_string(body) + " bytes, header says " + std::to_string(h.target_bytes) +
           " + " + std::to_string(h.payload_bytes);
  if (h.checksum != checksum(std::span(bytes).subspan(sizeof(EntryHeader)))) return "checksum mismatch";
  key = Hash128{h.key_high, h.key_low};
  target_bytes = static_cast<std::size_t>(h.target_bytes);
  return {};
}

std::optional<std::vector<char>> read_whole_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) return std::nullopt;
  const std::streamoff size = file.tellg();
  if (size < 0) return std::nullopt;
  std::vector<char> bytes(static_cast<std::size_t>(size));
  file.seekg(0);
  if (!file.read(bytes.data(), size)) return std::nullopt;
  return bytes;
}

/// write(2) until done; false with errno set on failure.
bool write_all(int fd, const char* data, std::size_t bytes) {
  while (bytes > 0) {
    const ssize_t written = ::write(fd, data, bytes);
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += written;
    bytes -= static_cast<std::size_t>(written);
  }
  return true;
}

}  // namespace

std::optional<CacheEntry> read_entry_file(const std::filesystem::path& path, std::string& problem) {
  std::optional<std::vector<char>> bytes = read_whole_file(path);
  if (!bytes) {
    problem = "cannot be read";
    return std::nullopt;
  }
  CacheEntry entry;
  std::size_t target_bytes = 0;
  problem = validate(*bytes, entry.key, target_bytes);
  if (!problem.empty()) return std::nullopt;
  const auto body = bytes->begin() + static_cast<std::ptrdiff_t>(sizeof(EntryHeader));
  const auto payload = body + static_cast<std::ptrdiff_t>(target_bytes);
  entry.target.assign(body, payload);
  entry.payload.assign(payload, bytes->end());
  return entry;
}

std::optional<Hash128> key_of_entry_file(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  constexpr std::string_view kSuffix = ".kernel";
  if (name.size() != 32 + kSuffix.size() || !name.ends_with(kSuffix)) return std::nullopt;
  for (std::size_t i = 0; i < 32; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(name[i])) || std::isupper(static_cast<unsigned char>(name[i])))
      return std::nullopt;
  return Hash128{std::stoull(name.substr(0, 16), nullptr, 16), std::stoull(name.substr(16, 16), nullptr, 16)};
}

Hash128 kernel_cache_key(std::string_view source, std::string_view compiler_version, std::string_view target,
                         std::span<const std::string> options) {
  ContentHasher hasher;
  hasher.add(std::uint64_t{kCacheFormatVersion}).add(source).add(compiler_version).add(target);
  hasher.add(std::uint64_t{options.size()});
  for (const std::string& option : options) hasher.add(option);
  return hasher.finish();
}

DiskCache::DiskCache(std::filesystem::path directory) : directory_(std::move(directory)) {}

std::filesystem::path DiskCache::entry_path(const Hash128& key) const { return directory_ / (key.hex() + ".kernel"); }

std::optional<std::vector<char>> DiskCache::load(const Hash128& key, CacheLookup* outcome) const {
  auto report = [&](CacheLookup what) {
    if (outcome) *outcome = what;
  };
  if (!enabled()) {
    report(CacheLookup::Disabled);
    return std::nullopt;
  }
  const std::filesystem::path path = entry_path(key);
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    gpu::logger()->debug("disk cache miss: {}", path.string());
    report(CacheLookup::Miss);
    return std::nullopt;
  }
  std::string why;
  std::optional<CacheEntry> entry = read_entry_file(path, why);
  if (entry && entry->key != key) why = "entry belongs to another key";
  if (!why.empty()) {
    gpu::logger()->debug("disk cache entry {} rejected ({}): rebuilding it", path.string(), why);
    report(CacheLookup::Rejected);
    return std::nullopt;
  }
  gpu::logger()->debug("disk cache hit: {} ({} bytes, {})", path.string(), entry->payload.size(), entry->target);
  report(CacheLookup::Hit);
  return std::move(entry->payload);
}

bool DiskCache::store(const Hash128& key, std::string_view target, std::span<const char> payload) {
  if (!enabled()) return false;
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  if (error) {
    disable("cannot create it: " + error.message());
    return false;
  }
  EntryHeader header{};
  std::memcpy(header.magic, kMagic, sizeof kMagic);
  header.format_version = kCacheFormatVersion;
  header.header_bytes = sizeof(EntryHeader);
  header.key_high = key.high;
  header.key_low = key.low;
  header.target_bytes = target.size();
  header.payload_bytes = payload.size();
  std::vector<char> body(target.begin(), target.end());
  body.insert(body.end(), payload.begin(), payload.end());
  header.checksum = checksum(body);

  // A name no other writer uses: process id, thread, and a per-cache counter.
  const std::filesystem::path final_path = entry_path(key);
  const std::filesystem::path temp_path =
      directory_ / (key.hex() + ".tmp." + std::to_string(::getpid()) + "." +
                    std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()) & 0xffffff) + "." +
                    std::to_string(temp_counter_.fetch_add(1)));
  const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    disable("cannot create " + temp_path.filename().string() + ": " + std::strerror(errno));
    return false;
  }
  const bool written =
      write_all(fd, reinterpret_cast<const char*>(&header), sizeof header) && write_all(fd, body.data(), body.size());
  const int write_errno = errno;
  // No fsync: a crash can leave a short entry behind the rename, and the checksum rejects it.
  const bool closed = ::close(fd) == 0;
  if (!written || !closed) {
    ::unlink(temp_path.c_str());
    disable(std::string("cannot write an entry: ") + std::strerror(written ? errno : write_errno));
    return false;
  }
  if (::rename(temp_path.c_str(), final_path.c_str()) != 0) {
    const int rename_errno = errno;
    ::unlink(temp_path.c_str());
    disable(std::string("cannot rename an entry into place: ") + std::strerror(rename_errno));
    return false;
  }
  gpu::logger()->debug("disk cache stored {} ({} bytes)", final_path.string(), payload.size());
  return true;
}

void DiskCache::disable(const std::string& why) {
  enabled_.store(false, std::memory_order_relaxed);
  if (!warned_.exchange(true))
    gpu::logger()->warn("sinter: the disk kernel cache at '{}' cannot be written ({}); continuing without it, "
                        "so kernels are compiled again in every process. Set SINTER_CACHE_DIR to a writable "
                        "directory, or SINTER_CACHE=0 to turn the cache off.",
                        directory_.string(), why);
}

DiskCache* process_disk_cache() {
  struct Outcome {
    std::unique_ptr<DiskCache> cache;
    std::string config_error;  // a ConfigError's message, thrown again on every call
  };
  static Outcome outcome = [] {
    Outcome o;
    try {
      const DiskCacheConfig config = read_disk_cache_config();
      if (config.enabled) {
        o.cache = std::make_unique<DiskCache>(config.root / "kernels");
        gpu::logger()->debug("disk kernel cache at {} ({})", o.cache->directory().string(), config.reason);
      } else {
        gpu::logger()->debug("disk kernel cache off: {}", config.reason);
      }
    } catch (const ConfigError& e) {
      o.config_error = e.what();
    }
    return o;
  }();
  if (!outcome.config_error.empty()) throw ConfigError(outcome.config_error);
  return outcome.cache.get();
}

}  // namespace sinter::cache
