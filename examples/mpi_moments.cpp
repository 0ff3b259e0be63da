// sinter under MPI: each rank computes a fused sinter expression over its slice of the samples
// and the ranks combine their results with MPI_Allreduce directly on sinter's memory (data(): no
// copies). Rank 0 then checks the combined result against the same computation in one process.
//   mpirun -np 2 build/examples/mpi_moments        (docs/distributed.md)
// The work: Fourier moments m_j = sum_k f(x_k) cos(j x_k) of f(x) = exp(-x^2) sin(7x) over
// x_k = k / n, k < n, for j < 64: a broadcast of a (64, 1) column against a (1, slice) row, reduced
// over the row in one kernel, never storing the (64, slice) matrix.
#include <mpi.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "sinter/sinter.h"

namespace {

constexpr std::int64_t kSamples = std::int64_t{1} << 20;
constexpr std::int64_t kMoments = 64;

// The moments of samples [begin, end): an array of kMoments float64 values on the CPU.
sinter::Array<double> moments(std::int64_t begin, std::int64_t end) {
  using namespace sinter;
  const Array<double> x = arange<double>(begin, end) * (1.0 / static_cast<double>(kSamples));
  const Array<double> f = exp(-x * x) * sin(x * 7.0);
  const Array<double> j = arange<double>(kMoments).reshape(Shape{kMoments, 1});
  const Array<double> row = x.reshape(Shape{1, end - begin});
  return sum(f.reshape(Shape{1, end - begin}) * cos(j * row), {1});
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  const std::int64_t begin = kSamples * rank / ranks, end = kSamples * (rank + 1) / ranks;

  // Each rank's partial moments, then their sum over the ranks, in place in sinter's memory.
  const sinter::Array<double> partial = moments(begin, end);
  MPI_Allreduce(MPI_IN_PLACE, partial.data(), static_cast<int>(kMoments), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);

  int status = 0;
  if (rank == 0) {
    const std::vector<double> combined = partial.to_vector(), alone = moments(0, kSamples).to_vector();
    double worst = 0;
    for (std::int64_t k = 0; k < kMoments; ++k) {
      const auto i = static_cast<std::size_t>(k);
      worst = std::max(worst, std::abs(combined[i] - alone[i]) / std::max(1.0, std::abs(alone[i])));
    }
    std::printf("%d ranks: moment 0 = %.12f, moment 1 = %.12f; largest relative difference from one process %.2e\n",
                ranks, combined[0], combined[1], worst);
    // Sums of 2^20 doubles in another order differ by up to about n * eps = 2.3e-10 relative
    // (the interpreter, on a machine without the LLVM backend, adds in yet another order).
    status = worst <= 1e-10 ? 0 : 1;
    if (status) std::printf("FAILED: the ranks' combined moments differ from one process's\n");
  }
  MPI_Bcast(&status, 1, MPI_INT, 0, MPI_COMM_WORLD);
  MPI_Finalize();
  return status;
}
