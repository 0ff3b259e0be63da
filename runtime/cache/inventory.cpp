// Walks a disk-cache directory; each entry is read through read_entry_file, the same check a load makes.
#include "runtime/cache/inventory.h"

#include <algorithm>
#include <system_error>

#include "runtime/cache/disk_cache.h"
#include "sinter/error.h"

namespace sinter::cache {
namespace {

namespace fs = std::filesystem;

/// The files directly in `directory`, sorted; none when it does not exist.
std::vector<fs::path> files_in(const fs::path& directory) {
  std::error_code error;
  if (!fs::exists(directory, error)) return {};
  std::vector<fs::path> files;
  fs::directory_iterator it(directory, error);
  for (; !error && it != fs::directory_iterator(); it.increment(error))
    if (it->is_regular_file(error)) files.push_back(it->path());
  if (error) throw Error("cannot read the kernel cache directory '" + directory.string() + "': " + error.message());
  std::sort(files.begin(), files.end());
  return files;
}

/// A temporary file a store left behind when its process died: <32 hex digits>.tmp.<...>.
bool is_leftover_temporary(const fs::path& path) {
  const std::string name = path.filename().string();
  return name.size() > 37 && name.compare(32, 5, ".tmp.") == 0 &&
         key_of_entry_file(fs::path(name.substr(0, 32) + ".kernel")).has_value();
}

}  // namespace

std::vector<EntryInfo> list_entries(const fs::path& directory) {
  std::vector<EntryInfo> entries;
  for (const fs::path& path : files_in(directory)) {
    const std::optional<Hash128> key = key_of_entry_file(path);
    if (!key) continue;
    EntryInfo info;
    info.path = path;
    info.key = *key;
    std::error_code error;
    info.file_bytes = fs::file_size(path, error);
    if (std::optional<CacheEntry> entry = read_entry_file(path, info.problem)) {
      if (entry->key != *key) {
        info.problem = "holds the entry of key " + entry->key.hex();
      } else {
        info.target = std::move(entry->target);
        info.payload_bytes = entry->payload.size();
      }
    }
    entries.push_back(std::move(info));
  }
  return entries;
}

ClearResult clear_entries(const fs::path& directory) {
  ClearResult result;
  for (const fs::path& path : files_in(directory)) {
    if (!key_of_entry_file(path) && !is_leftover_temporary(path)) continue;
    std::error_code size_error, remove_error;
    const std::uintmax_t bytes = fs::file_size(path, size_error);
    if (!fs::remove(path, remove_error) && remove_error)
      throw Error("cannot remove '" + path.string() + "' from the kernel cache: " + remove_error.message());
    ++result.files;
    if (!size_error) result.bytes += bytes;
  }
  return result;
}

}  // namespace sinter::cache
