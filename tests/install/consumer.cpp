// Links against the installed libsinter and checks one fused result against a closed form.
#include <sinter/sinter.h>

#include <cmath>
#include <cstdio>

int main() {
  sinter::Array<double> x = sinter::arange<double>(1000);
  sinter::Array<double> y = sinter::sqrt(x * x + 1.0);
  for (std::int64_t i = 0; i < 1000; i += 111) {
    const double expected = std::sqrt(static_cast<double>(i) * static_cast<double>(i) + 1.0);
    if (y.at(i) != expected) {
      std::printf("consumer: y[%lld] = %.17g, expected %.17g\n", static_cast<long long>(i), y.at(i), expected);
      return 1;
    }
  }
  std::printf("consumer: ok (%s)\n", sinter::counters().to_string().c_str());
  return sinter::counters().kernel_launches == 1 ? 0 : 1;
}
