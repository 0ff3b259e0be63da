// Named intermediates (auto expressions used several times) share a build memo with their
// copies (include/sinter/expr.h): these tests check that it changes no value and no evaluation
// semantics: results against the loops, a write between two uses, an intermediate evaluated in
// between, and reuse across a chain whose copies would otherwise multiply.
#include <cmath>
#include <vector>

#include "support.h"

using namespace sinter;

namespace {

std::vector<float> values(std::size_t n, float scale) {
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = scale * (static_cast<float>(i % 97) - 48.0f) / 97.0f;
  return v;
}

}  // namespace

SINTER_DEVICE_TEST(build_memo_values,
                   "build memo: an auto intermediate used many times, inside other intermediates used "
                   "many times, gives the loops' values in one kernel") {
  const std::size_t n = 1000;
  const std::vector<float> hx = values(n, 1.0f), hy = values(n, 0.5f);
  const Array<float> x(hx, device), y(hy, device);
  auto d = x * y + 0.25f;
  auto k = 1.0f / (1.0f + abs(d));
  auto poly = k * (0.5f + k * (0.25f + k * (0.125f + k)));
  auto w = where(d < 0.0f, 1.0f - poly, poly) * d;
  const auto before = counters().kernel_launches;
  const std::vector<float> got = Array<float>(w * w - abs(d) + k).to_vector();
  CHECK(counters().kernel_launches - before == 1);
  for (std::size_t i = 0; i < n; ++i) {
    const float dv = hx[i] * hy[i] + 0.25f;
    const float kv = 1.0f / (1.0f + std::abs(dv));
    const float pv = kv * (0.5f + kv * (0.25f + kv * (0.125f + kv)));
    const float wv = (dv < 0.0f ? 1.0f - pv : pv) * dv;
    const float want = wv * wv - std::abs(dv) + kv;
    REQUIRE_MESSAGE(std::abs(got[i] - want) <= 1e-6f * (1.0f + std::abs(want)), "element " << i);
  }
}

SINTER_DEVICE_TEST(build_memo_writes,
                   "build memo: an intermediate used again after a write to its input sees the write, "
                   "and an array evaluated from it before the write keeps the old values") {
  Array<float> x(std::vector<float>{1, 2, 3, 4}, device);
  auto e = x * 2.0f;
  const Array<float> a = e + 1.0f;  // e's node is recorded in its memo, still pending
  CHECK(a.to_vector() == std::vector<float>{3, 5, 7, 9});
  const Array<float> h = e;  // the recorded node, pending
  CHECK(h.to_vector() == std::vector<float>{2, 4, 6, 8});
  x(0) = 10.0f;
  const Array<float> b = e + 1.0f;  // h's node was evaluated: e is built again, over the new x
  CHECK(b.to_vector() == std::vector<float>{21, 5, 7, 9});
  CHECK(h.to_vector() == std::vector<float>{2, 4, 6, 8});
  x(1) = 20.0f;
  CHECK(Array<float>(e - 0.0f).to_vector() == std::vector<float>{20, 40, 6, 8});
}

SINTER_DEVICE_TEST(build_memo_chain,
                   "build memo: a chain of intermediates each used twice by the next (2^12 copies of the "
                   "first without the memo) builds and computes the closed form") {
  const Array<float> x(std::vector<float>{1.0f, 2.0f, 0.5f}, device);
  auto a0 = x + 1.0f;  // each level adds the previous level to itself and subtracts it once more
  auto a1 = a0 + a0 - a0;
  auto a2 = a1 + a1 - a1;
  auto a3 = a2 + a2 - a2;
  auto a4 = a3 + a3 - a3;
  auto a5 = a4 + a4 - a4;
  auto a6 = a5 + a5 - a5;
  auto a7 = a6 + a6 - a6;
  const std::vector<float> got = Array<float>(a7 * 2.0f).to_vector();
  CHECK(got == std::vector<float>{4.0f, 6.0f, 3.0f});
}
