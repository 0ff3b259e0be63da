// A 128-bit content hash for disk-cache keys and entry checksums. Not cryptographic: the cache
// directory belongs to the user, so the concern is accidental collision, which 128 bits of a
// well-mixed hash makes negligible.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace sinter::cache {

struct Hash128 {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  friend bool operator==(const Hash128&, const Hash128&) = default;
  /// 32 lowercase hex digits, high word first.
  std::string hex() const;
};

/// Hashes a sequence of fields. Each field's length is mixed in, so ("ab", "c") and ("a", "bc")
/// hash differently.
class ContentHasher {
 public:
  ContentHasher& add(std::string_view field);
  ContentHasher& add(std::uint64_t value);
  Hash128 finish() const;

 private:
  void mix_word(std::uint64_t word);
  std::uint64_t a_ = 0x243f6a8885a308d3ULL;  // digits of pi: arbitrary, fixed seeds
  std::uint64_t b_ = 0x13198a2e03707344ULL;
  std::uint64_t words_ = 0;
};

/// The hash of one byte string.
Hash128 hash_bytes(std::string_view bytes);

}  // namespace sinter::cache
