// Positive control: the NumPy-like spellings that must keep compiling next to the refused ones
// (a harness that fails every snippet would otherwise pass).
// expect: compiles
#include <cstddef>
#include <cstdint>
#include <optional>

#include "sinter/sinter.h"

using namespace sinter;

void use(const Array<float>& x, const Array<std::int32_t>& m, std::size_t i, long axis) {
  Array<float> relu = maximum(x - 1.0f, 0.0f);
  Array<float> a = sum(x, 1);
  Array<float> b = sum(x, {0, 1});
  Array<float> c = sum(x, 1, true);
  Array<float> d = sum(x, axis, false);
  Array<float> e = sum(x, {}, true);
  Array<std::int32_t> f = min(m, -1);
  Array<bool> g = all(x > 0.0f, 0, true);
  Array<std::int64_t> h = argmax(x, i);
  Array<float> v = x(1, Slice{2, std::nullopt, -1});
  Array<float> w = x(all, i, Slice{std::nullopt, 3});
  Array<float> y = x.expand_dims(0).squeeze(-1);
  float at = x.at(i) + x.at(-1) + x.at(std::int64_t{2});
  Array<float> z = zeros<float>(3u) + ones<float>(std::size_t{3}) + full<float>(3, 2) + full<float>({3}, 0.5);
  Array<std::int32_t> k = full<std::int32_t>(3, 2.5) + arange<std::int32_t>(5);
  m(0) = 7;
  m(1) = 2.5;
  Device gpu = cuda(1);
  Shape s = Shape::vector(i);
  // The math library: integer and bool bitwise operators, % and // of floats, predicates.
  Array<std::int32_t> bits = ((m & 3) | (m << 2)) ^ ~m >> 1;
  Array<bool> masks = (x > 0.0f) & ~(x < 1.0f);
  Array<float> rem = x % 2.0f + floor_divide(x, 2) + fmod(x, 1.5f) + round(x, 2) + clip(x, 0, 1);
  Array<bool> nan = isnan(x) | isnan(m) | signbit(m);
  Array<double> fp = float_power(x, 2);
  m %= 3;
  m <<= 1;
  (void)bits, (void)masks, (void)rem, (void)nan, (void)fp;
  (void)relu, (void)a, (void)b, (void)c, (void)d, (void)e, (void)f, (void)g, (void)h, (void)v, (void)w;
  (void)y, (void)at, (void)z, (void)k, (void)gpu, (void)s;
}
