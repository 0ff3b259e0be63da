// Mandelbrot escape times with sinter::while_loop: each pixel iterates z = z^2 + c until |z| > 2
// or the cap, in a real loop per element inside one fused kernel (docs/custom-kernels.md).
// Checks the counts against a plain C++ loop and writes them as a PGM image.
//   mandelbrot [width height max_iterations [output.pgm]]
#include <sinter/sinter.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

int main(int argc, char** argv) {
  const int width = argc > 3 ? std::atoi(argv[1]) : 320;
  const int height = argc > 3 ? std::atoi(argv[2]) : 240;
  const int max_iterations = argc > 3 ? std::atoi(argv[3]) : 256;
  const std::string path = argc > 4 ? argv[4] : "mandelbrot.pgm";
  using sinter::Array;
  using sinter::Shape;

  // c = re + i im over [-2.2, 0.8] x [-1.2, 1.2]: a row of re and a column of im, broadcast.
  const Array<float> re = sinter::arange<float>(width) * (3.0f / static_cast<float>(width)) - 2.2f;
  const Array<float> im = Array<float>(sinter::arange<float>(height) * (2.4f / static_cast<float>(height)) - 1.2f)
                              .reshape(Shape{height, 1});
  const auto zero = sinter::zeros<float>(Shape{height, width});

  const auto start = std::chrono::steady_clock::now();
  const auto [x, y, count] = sinter::while_loop(
      zero, zero, sinter::zeros<std::int32_t>(Shape{height, width}),
      [](const auto& zr, const auto& zi, const auto&) { return zr * zr + zi * zi <= 4.0f; },
      [&](const auto& zr, const auto& zi, const auto& n) {
        return std::tuple{Array<float>(zr * zr - zi * zi + re), Array<float>(2.0f * zr * zi + im),
                          Array<std::int32_t>(n + 1)};
      },
      sinter::max_iterations(max_iterations));
  const std::vector<std::int32_t> counts = count.to_vector();
  const double sinter_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  // The same with a plain loop (one thread).
  const std::vector<float> res = re.to_vector(), ims = im.to_vector();
  const auto loop_start = std::chrono::steady_clock::now();
  int mismatches = 0;
  for (int r = 0; r < height; ++r)
    for (int c = 0; c < width; ++c) {
      float zr = 0, zi = 0;
      std::int32_t n = 0;
      while (zr * zr + zi * zi <= 4.0f && n < max_iterations) {
        const float next = zr * zr - zi * zi + res[static_cast<std::size_t>(c)];
        zi = 2.0f * zr * zi + ims[static_cast<std::size_t>(r)];
        zr = next;
        ++n;
      }
      mismatches +=
          n != counts[static_cast<std::size_t>(r) * static_cast<std::size_t>(width) + static_cast<std::size_t>(c)];
    }
  const double loop_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - loop_start).count();

  std::ofstream out(path, std::ios::binary);
  out << "P5\n" << width << " " << height << "\n255\n";
  for (std::int32_t n : counts) out.put(static_cast<char>(n >= max_iterations ? 0 : 255 - (n * 255) / max_iterations));
  std::printf(
      "mandelbrot %dx%d, at most %d iterations: sinter %.1f ms (compile included), plain loop %.1f ms; "
      "%d mismatches; wrote %s\n",
      width, height, max_iterations, sinter_ms, loop_ms, mismatches, path.c_str());
  return mismatches == 0 ? 0 : 1;
}
