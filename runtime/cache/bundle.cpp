// Bundle format (host byte order):
//   "SINTERKB" | u32 bundle version | u32 cache format version | u64 target count | u64 entry count
//   per target: u64 bytes | text
//   per entry:  u64 key high | u64 key low | u64 target index | u64 payload bytes |
//               u64 checksum (low word of hash of key, target text and payload) | payload
// and nothing after the last entry. The checksum binds each payload to its key and target, so a
// flipped bit anywhere in an entry is caught before anything is imported.
#include "runtime/cache/bundle.h"

#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <string_view>

#include "runtime/cache/disk_cache.h"
#include "runtime/cache/inventory.h"
#include "sinter/error.h"

namespace sinter::cache {
namespace {

namespace fs = std::filesystem;

constexpr char kBundleMagic[8] = {'S', 'I', 'N', 'T', 'E', 'R', 'K', 'B'};
constexpr std::uint32_t kBundleVersion = 1;

std::uint64_t entry_checksum(const Hash128& key, std::string_view target, std::string_view payload) {
  return ContentHasher().add(key.high).add(key.low).add(target).add(payload).finish().low;
}

void append(std::string& out, const void* data, std::size_t bytes) {
  out.append(static_cast<const char*>(data), bytes);
}
void append_u64(std::string& out, std::uint64_t value) { append(out, &value, sizeof value); }

/// Reads a bundle's bytes in order; running past the end is a truncated bundle.
class Reader {
 public:
  Reader(std::string_view bytes, const fs::path& file) : bytes_(bytes), file_(file) {}

  std::string_view take(std::size_t count, const std::string& what) {
    if (count > bytes_.size() - offset_)
      fail("truncated: it ends inside " + what + " (" + std::to_string(bytes_.size()) + " bytes)");
    const std::string_view out = bytes_.substr(offset_, count);
    offset_ += count;
    return out;
  }
  std::uint64_t u64(const std::string& what) {
    std::uint64_t value = 0;
    std::memcpy(&value, take(sizeof value, what).data(), sizeof value);
    return value;
  }
  std::uint32_t u32(const std::string& what) {
    std::uint32_t value = 0;
    std::memcpy(&value, take(sizeof value, what).data(), sizeof value);
    return value;
  }
  bool at_end() const { return offset_ == bytes_.size(); }
  [[noreturn]] void fail(const std::string& why) const {
    throw Error("kernel bundle '" + file_.string() + "' refused: " + why);
  }

 private:
  std::string_view bytes_;
  const fs::path& file_;
  std::size_t offset_ = 0;
};

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error("cannot open kernel bundle '" + file.string() + "': " + std::strerror(errno));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw Error("cannot read kernel bundle '" + file.string() + "'");
  return bytes;
}

std::string quoted_list(const std::vector<std::string>& items) {
  if (items.empty()) return "none";
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "'" : ", '") + item + "'";
  return out;
}

}  // namespace

BundleSummary export_bundle(const fs::path& cache_directory, const fs::path& file,
                            const std::vector<std::string>& targets) {
  BundleSummary summary;
  std::string entries;
  for (const EntryInfo& info : list_entries(cache_directory)) {
    if (!info.problem.empty()) {
      ++summary.skipped_bad;
      continue;
    }
    if (std::find(targets.begin(), targets.end(), info.target) == targets.end()) {
      ++summary.skipped_other;
      continue;
    }
    std::string problem;
    std::optional<CacheEntry> entry = read_entry_file(info.path, problem);
    if (!entry) {  // changed since it was listed
      ++summary.skipped_bad;
      continue;
    }
    auto index = static_cast<std::uint64_t>(std::find(summary.targets.begin(), summary.targets.end(), entry->target) -
                                            summary.targets.begin());
    if (index == summary.targets.size()) summary.targets.push_back(entry->target);
    const std::string_view payload(entry->payload.data(), entry->payload.size());
    append_u64(entries, entry->key.high);
    append_u64(entries, entry->key.low);
    append_u64(entries, index);
    append_u64(entries, payload.size());
    append_u64(entries, entry_checksum(entry->key, entry->target, payload));
    entries.append(payload);
    ++summary.entries;
    summary.payload_bytes += payload.size();
  }

  std::string out;
  append(out, kBundleMagic, sizeof kBundleMagic);
  const std::uint32_t versions[2] = {kBundleVersion, kCacheFormatVersion};
  append(out, versions, sizeof versions);
  append_u64(out, summary.targets.size());
  append_u64(out, summary.entries);
  for (const std::string& target : summary.targets) {
    append_u64(out, target.size());
    out += target;
  }
  out += entries;

  // Written beside the destination and renamed, so a reader never sees half a bundle.
  const fs::path temp = fs::path(file.string() + ".tmp." + std::to_string(::getpid()));
  {
    std::ofstream stream(temp, std::ios::binary | std::ios::trunc);
    stream.write(out.data(), static_cast<std::streamsize>(out.size()));
    stream.close();
    if (!stream) {
      std::error_code ignored;
      fs::remove(temp, ignored);
      throw Error("cannot write kernel bundle '" + file.string() + "'");
    }
  }
  std::error_code error;
  fs::rename(temp, file, error);
  if (error) {
    std::error_code ignored;
    fs::remove(temp, ignored);
    throw Error("cannot write kernel bundle '" + file.string() + "': " + error.message());
  }
  return summary;
}

BundleSummary import_bundle(const fs::path& file, DiskCache& cache, const std::vector<std::string>& targets) {
  const std::string bytes = read_file(file);
  Reader in(bytes, file);
  if (bytes.size() < sizeof kBundleMagic || std::memcmp(bytes.data(), kBundleMagic, sizeof kBundleMagic) != 0)
    in.fail("not a sinter kernel bundle (bad magic)");
  in.take(sizeof kBundleMagic, "the magic");
  if (const std::uint32_t version = in.u32("the header"); version != kBundleVersion)
    in.fail("bundle format version " + std::to_string(version) + ", this sinter reads version " +
            std::to_string(kBundleVersion));
  if (const std::uint32_t format = in.u32("the header"); format != kCacheFormatVersion)
    in.fail("its kernels are of cache format " + std::to_string(format) + ", this sinter's is " +
            std::to_string(kCacheFormatVersion) + " (export the bundle again with this version)");
  const std::uint64_t target_count = in.u64("the header");
  const std::uint64_t entry_count = in.u64("the header");

  BundleSummary summary;
  for (std::uint64_t t = 0; t < target_count; ++t) {
    const std::uint64_t length = in.u64("target " + std::to_string(t));
    summary.targets.emplace_back(in.take(length, "target " + std::to_string(t)));
    if (std::find(targets.begin(), targets.end(), summary.targets.back()) == targets.end())
      in.fail("it was built for '" + summary.targets.back() + "', and this process builds for " + quoted_list(targets));
  }

  std::vector<CacheEntry> entries;
  for (std::uint64_t e = 0; e < entry_count; ++e) {
    const std::string what = "entry " + std::to_string(e);
    CacheEntry entry;
    entry.key.high = in.u64(what);
    entry.key.low = in.u64(what);
    const std::uint64_t index = in.u64(what);
    if (index >= summary.targets.size())
      in.fail(what + " names target " + std::to_string(index) + " of " + std::to_string(summary.targets.size()));
    const std::uint64_t payload_bytes = in.u64(what);
    const std::uint64_t checksum = in.u64(what);
    const std::string_view payload = in.take(payload_bytes, what + " (key " + entry.key.hex() + ")");
    entry.target = summary.targets[index];
    if (checksum != entry_checksum(entry.key, entry.target, payload))
      in.fail(what + " (key " + entry.key.hex() + ") is corrupt: checksum mismatch");
    entry.payload.assign(payload.begin(), payload.end());
    summary.payload_bytes += payload.size();
    entries.push_back(std::move(entry));
  }
  if (!in.at_end()) in.fail("unexpected bytes after its last entry");

  for (const CacheEntry& entry : entries)
    if (!cache.store(entry.key, entry.target, entry.payload))
      throw Error("cannot import kernel bundle '" + file.string() + "': the kernel cache directory '" +
                  cache.directory().string() + "' cannot be written");
  summary.entries = entries.size();
  return summary;
}

}  // namespace sinter::cache
