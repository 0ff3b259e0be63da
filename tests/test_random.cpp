// Random numbers (include/sinter/random.h): Philox-4x32-10 against its published known-answer
// vectors, every generator element by element against the host's computation of the same
// element (so CPU and GPU give the same bits), the distributions by Kolmogorov-Smirnov tests on
// large samples with fixed keys, fusion into consumers, and bad parameters.
#include <algorithm>
#include <cmath>

#include "support.h"

using namespace sinter;
using random::Key;
using random::philox_bits;

namespace {

// The host's uniform in [0, 1), as docs/random.md defines it.
double host_unit(std::uint64_t key, std::uint64_t i, std::uint64_t draw, bool wide) {
  if (!wide) return static_cast<double>(philox_bits(key, i, draw) >> 8) * 0x1p-24;
  const double a = static_cast<double>(philox_bits(key, i, draw) >> 5);
  const double b = static_cast<double>(philox_bits(key, i, draw + 1) >> 6);
  return (a * 0x1p26 + b) * 0x1p-53;
}

// Kolmogorov-Smirnov statistic of `sample` against the distribution function `cdf`.
template <class T, class Cdf> double ks_statistic(std::vector<T> sample, Cdf cdf) {
  std::sort(sample.begin(), sample.end());
  const auto n = static_cast<double>(sample.size());
  double d = 0;
  for (std::size_t i = 0; i < sample.size(); ++i) {
    const double f = cdf(static_cast<double>(sample[i]));
    d = std::max({d, f - static_cast<double>(i) / n, static_cast<double>(i + 1) / n - f});
  }
  return d;
}

// The 0.1% critical value of the one-sample KS statistic for large n.
double ks_critical(std::size_t n) { return 1.95 / std::sqrt(static_cast<double>(n)); }

}  // namespace

TEST_CASE("philox4x32_10 gives Random123's published known-answer vectors") {
  // Random123's kat_vectors, the three philox4x32 10 lines: counter, key -> output.
  using W4 = std::array<std::uint32_t, 4>;
  using W2 = std::array<std::uint32_t, 2>;
  CHECK(random::philox4x32_10(W4{0, 0, 0, 0}, W2{0, 0}) == W4{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8});
  CHECK(random::philox4x32_10(W4{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, W2{0xffffffff, 0xffffffff}) ==
        W4{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd});
  CHECK(random::philox4x32_10(W4{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, W2{0xa4093822, 0x299f31d0}) ==
        W4{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1});
  // The element function takes the counter's and the key's low words first.
  CHECK(philox_bits(0x299f31d0a4093822ULL, 0x85a308d3243f6a88ULL, 0x0370734413198a2eULL) == 0xd16cfe09);
  static_assert(random::philox4x32_10({0, 0, 0, 0}, {0, 0})[0] == 0x6627e8d5, "usable at compile time");
}

SINTER_DEVICE_TEST(random_bits_elements,
                   "random::bits is Philox's word 0 at each element's flat index, for every shape and key") {
  for (std::uint64_t key :
       {std::uint64_t{0}, std::uint64_t{42}, ~std::uint64_t{0}, std::uint64_t{0x8000000000000000}}) {
    CAPTURE(key);
    for (const Shape& shape : {Shape::vector(1), Shape::vector(1000), Shape{37, 29}, Shape{3, 4, 5}}) {
      const std::vector<std::uint32_t> got = random::bits(Key(key), shape, device).to_vector();
      REQUIRE(got.size() == static_cast<std::size_t>(shape.numel()));
      for (std::size_t i = 0; i < got.size(); ++i)
        if (got[i] != philox_bits(key, i)) {
          FAIL_CHECK("element " << i << ": " << got[i] << ", Philox " << philox_bits(key, i));
          break;
        }
    }
  }
  CHECK(random::bits(Key(7), Shape::vector(0), device).to_vector().empty());
}

SINTER_DEVICE_TEST(random_uniform_elements,
                   "random::uniform is the documented function of the bits, exactly, in float32 and float64") {
  const std::uint64_t key = 0x1234567890abcdefULL;
  const std::vector<float> f = random::uniform<float>(Key(key), Shape::vector(4096), 0.0f, 1.0f, device).to_vector();
  const std::vector<double> d = random::uniform<double>(Key(key), Shape{64, 64}, 0.0, 1.0, device).to_vector();
  for (std::size_t i = 0; i < f.size(); ++i) {
    REQUIRE(f[i] == static_cast<float>(host_unit(key, i, 0, false)));
    REQUIRE(d[i] == host_unit(key, i, 0, true));
    REQUIRE((f[i] >= 0.0f && f[i] < 1.0f));
    REQUIRE((d[i] >= 0.0 && d[i] < 1.0));
  }
  // A range: low + (high - low) * u, computed in the element type.
  const std::vector<float> r = random::uniform<float>(Key(key), Shape::vector(256), -2.0f, 6.0f, device).to_vector();
  for (std::size_t i = 0; i < r.size(); ++i) {
    REQUIRE(r[i] == static_cast<float>(host_unit(key, i, 0, false)) * 8.0f + -2.0f);
    REQUIRE((r[i] >= -2.0f && r[i] < 6.0f));
  }
}

SINTER_DEVICE_TEST(random_integers_elements,
                   "random::integers is floor(u * range) + low, in range, for every integer type") {
  const std::uint64_t key = 99;
  auto check = [&](auto low, auto high) {
    using T = decltype(low);
    CAPTURE(name_of(dtype_v<T>));
    const std::vector<T> got = random::integers<T>(Key(key), Shape::vector(2000), low, high, device).to_vector();
    const double range = static_cast<double>(high) - static_cast<double>(low);
    for (std::size_t i = 0; i < got.size(); ++i) {
      const double offset = std::min(std::floor(host_unit(key, i, 0, true) * range), range - 1);
      REQUIRE(static_cast<double>(got[i]) == offset + static_cast<double>(low));
    }
  };
  check(std::int32_t{-3}, std::int32_t{7});
  check(std::int64_t{-5000000000}, std::int64_t{-5000000000 + 4294967296});
  check(std::int8_t{-128}, std::int8_t{127});
  check(std::uint8_t{0}, std::uint8_t{255});
  check(std::uint32_t{10}, std::uint32_t{4000000000u});
  // Every value of a small range appears, and nothing outside it.
  const std::vector<std::int32_t> dice =
      random::integers<std::int32_t>(Key(3), Shape::vector(6000), 1, 7, device).to_vector();
  std::array<int, 8> seen{};
  for (std::int32_t v : dice) ++seen[static_cast<std::size_t>(std::clamp(v, 0, 7))];
  CHECK(seen[0] == 0);
  CHECK(seen[7] == 0);
  for (int v = 1; v <= 6; ++v) CHECK(seen[static_cast<std::size_t>(v)] > 800);
}

SINTER_DEVICE_TEST(random_distributions,
                   "uniform and normal pass Kolmogorov-Smirnov tests on 10^6 samples (fixed keys, 0.1% level)") {
  const std::size_t n = 1'000'000;
  const Shape shape = Shape::vector(static_cast<std::int64_t>(n));
  const auto uniform_cdf = [](double x) { return std::clamp(x, 0.0, 1.0); };
  const auto normal_cdf = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
  CHECK(ks_statistic(random::uniform<float>(Key(1), shape, 0.0f, 1.0f, device).to_vector(), uniform_cdf) <
        ks_critical(n));
  CHECK(ks_statistic(random::uniform<double>(Key(2), shape, 0.0, 1.0, device).to_vector(), uniform_cdf) <
        ks_critical(n));
  CHECK(ks_statistic(random::normal<float>(Key(3), shape, 0.0f, 1.0f, device).to_vector(), normal_cdf) <
        ks_critical(n));
  CHECK(ks_statistic(random::normal<double>(Key(4), shape, 0.0, 1.0, device).to_vector(), normal_cdf) < ks_critical(n));
  // Mean and standard deviation of a shifted, scaled normal, within 5 standard errors.
  const std::vector<double> z = random::normal<double>(Key(5), shape, 3.0, 2.0, device).to_vector();
  double sum = 0, sum2 = 0;
  for (double v : z) {
    sum += v;
    sum2 += v * v;
  }
  const double mean = sum / static_cast<double>(n);
  const double var = sum2 / static_cast<double>(n) - mean * mean;
  CHECK(std::fabs(mean - 3.0) < 5 * 2.0 / std::sqrt(static_cast<double>(n)));
  CHECK(std::fabs(var - 4.0) < 5 * 4.0 * std::sqrt(2.0 / static_cast<double>(n)));
  // A test that can fail: a shifted uniform is far from the uniform distribution.
  CHECK(ks_statistic(random::uniform<float>(Key(1), Shape::vector(10000), 0.1f, 1.1f, device).to_vector(),
                     uniform_cdf) > ks_critical(10000));
}

SINTER_DEVICE_TEST(random_normal_elements, "random::normal is Box-Muller of the two documented uniforms") {
  const std::uint64_t key = 11;
  const std::vector<double> z = random::normal<double>(Key(key), Shape::vector(1000), 0.0, 1.0, device).to_vector();
  const std::vector<float> zf = random::normal<float>(Key(key), Shape::vector(1000), 0.0f, 1.0f, device).to_vector();
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double want =
        std::sqrt(-2 * std::log(1 - host_unit(key, i, 0, true))) * std::cos(2 * M_PI * host_unit(key, i, 2, true));
    REQUIRE(z[i] == doctest::Approx(want).epsilon(1e-12).scale(1));
    const double u1 = 1 - host_unit(key, i, 0, false), u2 = host_unit(key, i, 2, false);
    const double want_f = std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
    REQUIRE(zf[i] == doctest::Approx(want_f).epsilon(1e-5).scale(1));
  }
}

SINTER_DEVICE_TEST(
    random_fusion,
    "random arrays fuse into their consumers (one kernel in 1-D), keys are parameters, views are consistent") {
  const Shape shape{300, 200};
  const std::uint64_t key = 5;
  // A one-dimensional random array is computed inside its consumer's kernel.
  reset_counters();
  const double total = sum(sin(random::uniform<double>(Key(key), Shape::vector(60000), 0.0, 1.0, device))).item();
  CHECK(counters().kernel_launches == 1);
  double want_total = 0;
  for (std::size_t i = 0; i < 60000; ++i) want_total += std::sin(host_unit(key, i, 0, true));
  CHECK(total == doctest::Approx(want_total).epsilon(1e-12));
  // More dimensions: each element is still the one at its flat index (a reduction over the
  // first axis visits them in another order).
  const std::vector<double> col = sum(sin(random::uniform<double>(Key(key), shape, 0.0, 1.0, device)), 0).to_vector();
  for (std::size_t c = 0; c < 200; ++c) {
    double want = 0;
    for (std::size_t r = 0; r < 300; ++r) want += std::sin(host_unit(key, r * 200 + c, 0, true));
    REQUIRE(col[c] == doctest::Approx(want).epsilon(1e-12));
  }
  // A new key or a new range reuses the compiled kernels.
  const std::uint64_t compiled = counters().kernels_compiled;
  for (std::uint64_t k = 100; k < 105; ++k) {
    (void)sum(sin(random::uniform<double>(Key(k), Shape::vector(60000), 0.0, 1.0, device))).item();
    (void)sum(sin(random::uniform<double>(Key(k), shape, 0.0, 1.0, device)), 0).to_vector();
  }
  CHECK(counters().kernels_compiled == compiled);
  // (Values chosen apart from the draw numbers 0-3 and each other: equal scalars of an
  // expression share one kernel parameter, so a coincidence would change the structure.)
  (void)random::integers<std::int32_t>(Key(1000), Shape::vector(10), 3, 13, device).to_vector();
  const std::uint64_t after_integers = counters().kernels_compiled;
  (void)random::integers<std::int32_t>(Key(2000), Shape::vector(10), -50, 50, device).to_vector();
  CHECK(counters().kernels_compiled == after_integers);
  // A view of a random array holds the whole array's elements at its positions.
  const std::vector<std::uint32_t> part = random::bits(Key(key), shape, device)(Slice{2, 5}, Slice{7, 10}).to_vector();
  REQUIRE(part.size() == 9);
  for (std::size_t r = 0; r < 3; ++r)
    for (std::size_t c = 0; c < 3; ++c) CHECK(part[r * 3 + c] == philox_bits(key, (r + 2) * 200 + c + 7));
  // Equal keys give equal arrays; split and fold_in give different ones.
  const Key k(77);
  const auto [a, b] = random::split(k);
  CHECK(a == random::fold_in(k, 0));
  CHECK(a != b);
  CHECK(a != k);
  CHECK(random::bits(k, Shape::vector(64), device).to_vector() ==
        random::bits(k, Shape::vector(64), device).to_vector());
  CHECK(random::bits(a, Shape::vector(64), device).to_vector() !=
        random::bits(b, Shape::vector(64), device).to_vector());
}

TEST_CASE("random generators refuse bad parameters with ValueError naming them") {
  const Shape s = Shape::vector(4);
  CHECK_THROWS_WITH_AS(random::uniform<float>(Key(1), s, 1.0f, 1.0f), doctest::Contains("low < high"), ValueError);
  CHECK_THROWS_AS(random::uniform<double>(Key(1), s, 0.0, INFINITY), ValueError);
  CHECK_THROWS_AS(random::uniform<double>(Key(1), s, NAN, 1.0), ValueError);
  CHECK_THROWS_WITH_AS(random::normal<float>(Key(1), s, 0.0f, -1.0f), doctest::Contains("stddev"), ValueError);
  CHECK_THROWS_WITH_AS(random::integers<std::int32_t>(Key(1), s, 5, 5), doctest::Contains("low < high"), ValueError);
  CHECK_THROWS_WITH_AS(random::integers<std::int64_t>(Key(1), s, 0, std::int64_t{1} << 40), doctest::Contains("2^32"),
                       ValueError);
  // The process stays usable.
  CHECK(random::integers<std::int32_t>(Key(1), s, 0, 2).to_vector().size() == 4);
}
