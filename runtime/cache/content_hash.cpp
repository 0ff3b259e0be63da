// Two 64-bit lanes, each word run through a strong 64-bit finalizer before it is folded in, and
// a final cross-mix of the lanes. Fast enough to checksum a CUBIN on every disk-cache load.
#include "runtime/cache/content_hash.h"

#include <cstdio>
#include <cstring>

namespace sinter::cache {
namespace {

constexpr std::uint64_t rotate_left(std::uint64_t x, int bits) { return (x << bits) | (x >> (64 - bits)); }

/// A bijective 64-bit mixer (the MurmurHash3 finalizer constants).
constexpr std::uint64_t finalize(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

}  // namespace

std::string Hash128::hex() const {
  char text[33];
  std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(high),
                static_cast<unsigned long long>(low));
  return text;
}

void ContentHasher::mix_word(std::uint64_t word) {
  ++words_;
  a_ ^= finalize(word + 0x9e3779b97f4a7c15ULL * words_);
  a_ = rotate_left(a_, 27) * 0x87c37b91114253d5ULL + b_;
  b_ ^= finalize(word ^ 0x4cf5ad432745937fULL);
  b_ = rotate_left(b_, 31) * 0x52dce729ULL + a_;
}

ContentHasher& ContentHasher::add(std::string_view field) {
  const char* p = field.data();
  std::size_t left = field.size();
  for (; left >= 8; left -= 8, p += 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    mix_word(word);
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, p, left);
  mix_word(tail);
  mix_word(field.size());
  return *this;
}

ContentHasher& ContentHasher::add(std::uint64_t value) {
  mix_word(value);
  return *this;
}

Hash128 ContentHasher::finish() const {
  std::uint64_t a = a_ + b_, b = b_ + a_ * 3;
  a = finalize(a ^ words_);
  b = finalize(b + a);
  return Hash128{a, finalize(a ^ rotate_left(b, 17))};
}

Hash128 hash_bytes(std::string_view bytes) { return ContentHasher().add(bytes).finish(); }

}  // namespace sinter::cache
