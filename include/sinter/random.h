// Random numbers from a counter-based generator (docs/random.md). Every array is a pure function
// of a key and each element's flat index: nothing is stored, the generator fuses into whatever
// consumes it, and the same key gives the same elements on every device, for any thread count
// or launch shape.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "sinter/array.h"
#include "sinter/export.h"
#include "sinter/math.h"

namespace sinter::random {

/// Philox-4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3",
/// SC'11): ten rounds that map a 128-bit counter and a 64-bit key to four 32-bit words. The
/// generator's every element is word 0 of this function; it is public so that a host program can
/// reproduce any element, and tests check it against the published known-answer vectors.
constexpr std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> counter,
                                                     std::array<std::uint32_t, 2> key) {
  constexpr std::uint64_t kMul0 = 0xD2511F53;
  constexpr std::uint64_t kMul1 = 0xCD9E8D57;
  constexpr std::uint32_t kWeyl0 = 0x9E3779B9;
  constexpr std::uint32_t kWeyl1 = 0xBB67AE85;
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      key[0] += kWeyl0;
      key[1] += kWeyl1;
    }
    const std::uint64_t p0 = kMul0 * counter[0];
    const std::uint64_t p1 = kMul1 * counter[2];
    counter = {static_cast<std::uint32_t>(p1 >> 32) ^ counter[1] ^ key[0], static_cast<std::uint32_t>(p1),
               static_cast<std::uint32_t>(p0 >> 32) ^ counter[3] ^ key[1], static_cast<std::uint32_t>(p0)};
  }
  return counter;
}

/// Element `index` of draw `draw` under `key`: what every generator below starts from.
constexpr std::uint32_t philox_bits(std::uint64_t key, std::uint64_t index, std::uint64_t draw = 0) {
  const auto lo = [](std::uint64_t v) { return static_cast<std::uint32_t>(v); };
  const auto hi = [](std::uint64_t v) { return static_cast<std::uint32_t>(v >> 32); };
  return philox4x32_10({lo(index), hi(index), lo(draw), hi(draw)}, {lo(key), hi(key)})[0];
}

/// A generator's state: 64 bits. Equal keys give equal arrays; derive independent keys with
/// split or fold_in rather than by arithmetic on seeds.
class Key {
 public:
  /// The key of `seed`: random::uniform<float>(Key(42), Shape{n}) (docs/random.md).
  constexpr explicit Key(std::uint64_t seed) : value_(seed) {}
  /// The 64 bits of state (Philox's key).
  constexpr std::uint64_t value() const { return value_; }
  friend constexpr bool operator==(Key, Key) = default;

 private:
  std::uint64_t value_;
};

/// The key `data` names under `key`: distinct data give independent keys (words 0 and 1 of
/// Philox under `key` at counter (data, 2^64 - 1), a counter no array element uses).
constexpr Key fold_in(Key key, std::uint64_t data) {
  const auto k = key.value();
  const auto w = philox4x32_10(
      {static_cast<std::uint32_t>(data), static_cast<std::uint32_t>(data >> 32), 0xFFFFFFFFu, 0xFFFFFFFFu},
      {static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(k >> 32)});
  return Key(std::uint64_t{w[0]} | std::uint64_t{w[1]} << 32);
}

/// Two independent keys from one (fold_in of 0 and 1); use each once.
constexpr std::array<Key, 2> split(Key key) { return {fold_in(key, 0), fold_in(key, 1)}; }

namespace detail {
/// The uint32 array of draw `draw` under `key`: element i is philox_bits(key, i, draw).
SINTER_API Array<std::uint32_t> bits_draw(Key key, const Shape& shape, std::uint64_t draw, Device device);
/// Uniform in [0, 1) with 24 (float32) or 53 (float64) random bits, from draws `draw` (and draw + 1).
SINTER_API Array<double> unit_double(Key key, const Shape& shape, std::uint64_t draw, bool wide, Device device);
}  // namespace detail

/// Uniformly distributed 32-bit words: element i is philox_bits(key.value(), i).
inline Array<std::uint32_t> bits(Key key, const Shape& shape, Device device = cpu()) {
  return detail::bits_draw(key, shape, 0, device);
}

/// Uniform in [low, high): low + (high - low) * u with u a multiple of 2^-24 (float32) or 2^-53
/// (float64) in [0, 1), every multiple equally likely. Throws ValueError unless low < high,
/// both finite.
template <Element T>
requires(is_float(dtype_v<T>)) Array<T> uniform(Key key, const Shape& shape, T low = 0, T high = 1,
                                                Device device = cpu()) {
  if (!(low < high) || !std::isfinite(low) || !std::isfinite(high))
    throw ValueError("random::uniform: needs finite low < high, got [" + std::to_string(low) + ", " +
                     std::to_string(high) + ")");
  Array<T> u = cast<T>(detail::unit_double(key, shape, 0, std::is_same_v<T, double>, device));
  if (low == T{0} && high == T{1}) return u;
  return Array<T>(u * (high - low) + low);
}

/// Normally distributed with the given mean and standard deviation (Box-Muller from two uniform
/// draws, computed in T). Throws ValueError unless stddev >= 0 and both are finite.
template <Element T>
requires(is_float(dtype_v<T>)) Array<T> normal(Key key, const Shape& shape, T mean = 0, T stddev = 1,
                                               Device device = cpu()) {
  if (!(stddev >= 0) || !std::isfinite(mean) || !std::isfinite(stddev))
    throw ValueError("random::normal: needs a finite mean and a finite stddev >= 0, got mean " + std::to_string(mean) +
                     ", stddev " + std::to_string(stddev));
  constexpr bool wide = std::is_same_v<T, double>;
  // 1 - u is in (0, 1]: the logarithm is finite.
  Array<T> radius_u = cast<T>(1.0 - detail::unit_double(key, shape, 0, wide, device));
  Array<T> angle_u = cast<T>(detail::unit_double(key, shape, 2, wide, device));
  constexpr T kTwoPi = static_cast<T>(6.283185307179586476925286766559);
  Array<T> z = sqrt(T{-2} * log(radius_u)) * cos(kTwoPi * angle_u);
  if (mean == T{0} && stddev == T{1}) return z;
  return Array<T>(z * stddev + mean);
}

/// Uniform integers in [low, high), each value equally likely up to a relative bias of at most
/// (high - low) / 2^53 (from a 53-bit uniform). Throws ValueError unless low < high and
/// high - low <= 2^32.
template <Element T>
requires(is_integer(dtype_v<T>)) Array<T> integers(Key key, const Shape& shape, T low, T high, Device device = cpu()) {
  const auto range = static_cast<double>(high) - static_cast<double>(low);
  if (!(low < high) || range > 4294967296.0)
    throw ValueError("random::integers: needs low < high and high - low <= 2^32, got [" + std::to_string(low) + ", " +
                     std::to_string(high) + ")");
  // u * range < range exactly unless rounding reaches it: the minimum keeps the last value in range.
  Array<double> offset = minimum(floor(detail::unit_double(key, shape, 0, true, device) * range), range - 1.0);
  return Array<T>(cast<T>(cast<std::int64_t>(offset) + static_cast<std::int64_t>(low)));
}

}  // namespace sinter::random
