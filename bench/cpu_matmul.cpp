// CPU matrix products (docs/matmul.md): sinter's matmul and dot against the BLAS it loads called
// directly, sinter's reduction-based product (the dot of before BLAS: sum(a[:, :, None] * b, 1),
// one fused kernel), and Eigen. Square n x n x n, float32 and float64, best of a few runs after
// a warm-up; GFLOP/s counts 2 n^3.
//   build/bench/sinter_bench_matmul [--no-reduction] [n ...]   (default 256 1024 2048)
// --no-reduction leaves out the reduction product (tens of seconds at 2048).
#include <dlfcn.h>
#include <sinter/sinter.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#ifdef SINTER_BENCH_EIGEN
#include <Eigen/Dense>
#endif

namespace {

template <class F> double best_s(F&& f, int repeats) {
  f();  // warm-up: compiles sinter's kernels, starts BLAS's threads
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  return best;
}

enum { kRowMajor = 101, kNoTrans = 111 };
template <class T> using Gemm = void (*)(int, int, int, int, int, int, T, const T*, int, const T*, int, T, T*, int);

bool with_reduction = true;

template <class T> void run(std::int64_t n, void* blas) {
  using namespace sinter;
  const Shape shape{n, n};
  std::vector<T> va(static_cast<std::size_t>(n * n)), vb(va.size()), vc(va.size());
  for (std::size_t i = 0; i < va.size(); ++i) {
    va[i] = static_cast<T>(static_cast<double>(i % 17) * 0.125 - 1);
    vb[i] = static_cast<T>(static_cast<double>(i % 13) * 0.25 - 1.5);
  }
  const Array<T> a(va, shape);
  const Array<T> b(vb, shape);
  const int repeats = n >= 2048 ? 3 : 5;
  const double flop = 2.0 * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n);
  auto row = [&](const char* what, double s) {
    std::printf("| %lld | %s | %s | %.6f | %.1f |\n", static_cast<long long>(n), sizeof(T) == 4 ? "float32" : "float64",
                what, s, flop / s * 1e-9);
    std::fflush(stdout);
  };
  row("sinter matmul", best_s([&] { matmul(a, b).eval(); }, repeats));
  row("sinter dot (BLAS dgemm)", best_s([&] { dot(a, b).eval(); }, repeats));
  if (blas) {
    auto gemm = reinterpret_cast<Gemm<T>>(dlsym(blas, sizeof(T) == 4 ? "cblas_sgemm" : "cblas_dgemm"));
    const int ni = static_cast<int>(n);
    row("OpenBLAS called directly", best_s(
                                        [&] {
                                          gemm(kRowMajor, kNoTrans, kNoTrans, ni, ni, ni, T(1), va.data(), ni,
                                               vb.data(), ni, T(0), vc.data(), ni);
                                        },
                                        repeats));
  }
  // The reduction dot of before: one fused multiply-and-sum kernel (float32 accumulates in float64).
  if (with_reduction)
    row("sinter reduction (old dot)", best_s([&] { sum(a.expand_dims(-1) * b, 1).eval(); }, n >= 2048 ? 1 : 3));
#ifdef SINTER_BENCH_EIGEN
  using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Matrix ea = Eigen::Map<const Matrix>(va.data(), n, n);
  const Matrix eb = Eigen::Map<const Matrix>(vb.data(), n, n);
  Matrix ec(n, n);
  row("Eigen", best_s([&] { ec.noalias() = ea * eb; }, repeats));
#endif
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::int64_t> sizes;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--no-reduction") with_reduction = false;
    else sizes.push_back(std::atoll(argv[i]));
  }
  if (sizes.empty()) sizes = {256, 1024, 2048};
  void* blas = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);  // the library sinter loads first
  std::printf("| n | dtype | what | seconds | GFLOP/s |\n|---|---|---|---|---|\n");
  for (std::int64_t n : sizes) {
    run<float>(n, blas);
    run<double>(n, blas);
  }
  return 0;
}
