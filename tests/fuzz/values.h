// Random element values for the fuzzer and its regression tests: a mix of small numbers,
// integral floats (ties for floor and comparisons), huge values and each type's edge values.
// Values are raw bits in a uint64 (the IR's scalar encoding), so every type travels alike.
#pragma once
#include <bit>
#include <cstdint>
#include <limits>
#include <vector>

#include "sinter/dtype.h"

namespace fuzz {

/// splitmix64: small, fast, and the same sequence on every platform (std:: distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, n) (n > 0).
  std::uint64_t below(std::uint64_t n) { return next() % n; }
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

/// One random value of `dtype`, as bits.
inline std::uint64_t random_value(sinter::DType dtype, Rng& rng) {
  using sinter::DType;
  const std::uint64_t kind = rng.below(8);
  auto float_value = [&]() -> double {
    switch (kind) {
      case 0: return rng.uniform(-4, 4);
      case 1: return static_cast<double>(static_cast<std::int64_t>(rng.below(21)) - 10);      // integral: ties
      case 2: return static_cast<double>(static_cast<std::int64_t>(rng.below(9)) - 4) * 0.5;  // halves
      case 3: return rng.uniform(-1e6, 1e6);
      case 4: {
        static const double edges[] = {0.0,
                                       -0.0,
                                       std::numeric_limits<double>::infinity(),
                                       -std::numeric_limits<double>::infinity(),
                                       std::numeric_limits<double>::quiet_NaN(),
                                       1e-310,
                                       -1e-40,
                                       1e-45,
                                       3.4028234663852886e38,
                                       1e300,
                                       -1e300,
                                       2147483647.0,
                                       2147483648.0,
                                       -2147483649.0,
                                       9.2233720368547758e18,
                                       -9.2233720368547758e18,
                                       88.72,
                                       -103.9,
                                       710.0,
                                       1.5e-39};
        return edges[rng.below(sizeof edges / sizeof edges[0])];
      }
      default: return rng.uniform(-100, 100);
    }
  };
  auto int_value = [&]() -> std::int64_t {
    switch (kind) {
      case 0:
      case 1:
      case 2: return static_cast<std::int64_t>(rng.below(21)) - 10;
      case 3: return static_cast<std::int64_t>(rng.next());
      case 4: {
        static const std::int64_t edges[] = {0,
                                             1,
                                             -1,
                                             127,
                                             -128,
                                             255,
                                             32767,
                                             -32768,
                                             65535,
                                             4294967295LL,
                                             2147483647,
                                             -2147483647 - 1,
                                             2147483648LL,
                                             -2147483649LL,
                                             std::numeric_limits<std::int64_t>::max(),
                                             std::numeric_limits<std::int64_t>::min(),
                                             16777217,
                                             9007199254740993LL};
        return edges[rng.below(sizeof edges / sizeof edges[0])];
      }
      default: return static_cast<std::int64_t>(rng.below(2001)) - 1000;
    }
  };
  switch (dtype) {
    case DType::Bool: return rng.below(2);
    case DType::Int32: return static_cast<std::uint32_t>(static_cast<std::int32_t>(int_value()));
    case DType::Int64: return static_cast<std::uint64_t>(int_value());
    // The element's bytes, zero-extended (the IR's scalar encoding); wide draws wrap to the type.
    case DType::Int8:
    case DType::UInt8: return static_cast<std::uint8_t>(int_value());
    case DType::Int16:
    case DType::UInt16: return static_cast<std::uint16_t>(int_value());
    case DType::UInt32: return static_cast<std::uint32_t>(int_value());
    case DType::Float32: return std::bit_cast<std::uint32_t>(static_cast<float>(float_value()));
    case DType::Float64: return std::bit_cast<std::uint64_t>(float_value());
  }
  return 0;
}

/// `n` random values of `dtype` from `seed`.
inline std::vector<std::uint64_t> random_values(sinter::DType dtype, std::int64_t n, std::uint64_t seed) {
  Rng rng(seed);
  std::vector<std::uint64_t> v(static_cast<std::size_t>(n));
  for (auto& x : v) x = random_value(dtype, rng);
  return v;
}

}  // namespace fuzz
