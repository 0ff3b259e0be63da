// Quick start: lazy expressions, one fused kernel, reading results, and the counters.
#include <sinter/sinter.h>

#include <cstdio>

int main() {
  sinter::Array<float> x = {1.0f, 2.0f, 3.0f, 4.0f};
  sinter::Array<float> y = {4.0f, 3.0f, 2.0f, 1.0f};

  auto e = x * x + y * y;                     // an expression: nothing runs yet
  sinter::Array<float> r = sinter::sqrt(e);   // still pending
  sinter::Array<float> s = r * 2.0f + 1.0f;   // fuses with r

  std::printf("kernel that will run:\n%s", s.kernel_ir().c_str());
  for (float v : s.to_vector()) std::printf("%g ", static_cast<double>(v));  // one kernel computes r and s
  std::printf("\nr[0] = %g\n%s\n", static_cast<double>(r.at(0)), sinter::counters().to_string().c_str());
}
