// CUDA row kernels without a GPU: the row kernels the planner makes (softmax, layer norm over two
// axes with broadcast operands, transposed operands, per-row results whose last phase reduces,
// integer rows with argmax, held intermediates) are lowered and compiled by NVRTC to sm_90 CUBIN
// with a clean log; the generated text runs every phase of a tile in one entry point; the
// launcher's grid for row kernels keeps one part per row.
// Their results on the GPU are checked by tests/test_row_kernels.cpp.
#include <set>

#include "codegen/cuda/cuda_prelude.h"
#include "codegen/cuda/lower_row_kernel_to_cuda.h"
#include "codegen/cuda/lower_to_cuda.h"
#include "fuse/plan.h"
#include "runtime/cuda/nvrtc.h"
#include "runtime/cuda/reduction_launch.h"
#include "support.h"

using namespace sinter;

namespace {

/// The row kernel that evaluating `nodes` together would run (REQUIRE: it is one).
ir::KernelIR planned_row_kernel(std::initializer_list<ir::NodePtr> nodes) {
  std::lock_guard lock(ir::graph_mutex());
  std::vector<ir::NodePtr> roots;
  for (const ir::NodePtr& n : nodes) roots.push_back(ir::resolved(n));
  const ir::Node* reduction = nullptr;
  fuse::RowGeometry rows;
  const std::vector<ir::NodePtr> foreign = fuse::foreign_shaped_pending(roots, roots[0]->shape, &reduction, &rows);
  INFO(foreign.size() << " nodes to compute first, the first of shape "
                      << (foreign.empty() ? "" : foreign[0]->shape.to_string()));
  REQUIRE(foreign.empty());
  REQUIRE(rows.from >= 0);
  ir::KernelIR k = fuse::plan_kernel(roots, reduction, rows).kernel;
  REQUIRE(k.is_row_kernel());
  return k;
}

template <class T> Array<T> data(const Shape& shape) {
  std::vector<T> v(static_cast<std::size_t>(shape.numel()));
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<T>((i * 37) % 11);
  return Array<T>(v, shape);
}

std::vector<ir::KernelIR> row_kernels() {
  std::vector<ir::KernelIR> kernels;
  Array<float> x = data<float>(Shape{6, 40});
  auto shifted = sinter::exp(x - max(x, 1, true));
  kernels.push_back(planned_row_kernel({Array<float>(shifted / sum(shifted, 1, true)).node()}));  // softmax, flat
  Array<float> cube = data<float>(Shape{3, 4, 10});
  Array<float> gamma = data<float>(Shape{10});
  auto centered = cube - mean(cube, {1, 2}, true);
  auto norm = centered / sinter::sqrt(mean(centered * centered, {1, 2}, true) + 1e-5f) * gamma + 1.0f;
  kernels.push_back(planned_row_kernel({Array<float>(norm).node()}));  // layer norm: two axes, a broadcast
  Array<float> t = data<float>(Shape{40, 6}).transpose();
  kernels.push_back(planned_row_kernel({Array<float>(t - max(t, 1, true)).node()}));  // a runtime stride
  Array<float> m = max(x, 1, true);
  // log-sum-exp: the last phase reduces; m, held, is written too.
  kernels.push_back(planned_row_kernel({Array<float>(sinter::log(sum(sinter::exp(x - m), 1, true)) + m).node()}));
  Array<double> d = data<double>(Shape{5, 33});
  auto dc = d - mean(d, 1, true);
  kernels.push_back(planned_row_kernel({Array<double>(mean(dc * dc, 1, true)).node()}));  // variance, float64
  Array<std::int32_t> i = data<std::int32_t>(Shape{6, 45});
  kernels.push_back(planned_row_kernel({Array<std::int64_t>(i - sum(i, 1, true) + argmax(i, 1, true)).node()}));
  kernels.push_back(planned_row_kernel({Array<bool>(i == max(i, 1, true)).node()}));  // a bool output
  return kernels;
}

}  // namespace

TEST_CASE("cuda codegen: row kernels of every pattern compile to sm_90 CUBIN with a clean log") {
  const std::vector<ir::KernelIR> kernels = row_kernels();
  std::set<int> phases, reduce_ranks;
  std::set<std::string> names;
  std::string unit = "// row kernels\n" + gpu::cuda_prelude(4);
  for (const ir::KernelIR& k : kernels) {
    INFO(ir::to_string(k));
    phases.insert(k.phases);
    reduce_ranks.insert(k.reduce_rank);
    if (names.insert(k.name()).second) unit += gpu::lower_to_cuda_definitions(k);
  }
  CHECK(phases == std::set<int>{2, 3});
  CHECK(reduce_ranks.count(2) == 1);
  const gpu::CudaImage image = gpu::compile_cuda(unit, "row_kernels.cu", "sm_90");
  CHECK(image.is_cubin);
  CHECK_MESSAGE(image.log.empty(), image.log);
  MESSAGE(names.size() << " row kernels, NVRTC " << image.compile_ms << " ms");
}

TEST_CASE("cuda codegen: a row kernel runs every phase of a tile in one entry point") {
  Array<float> x = data<float>(Shape{6, 40});
  auto shifted = sinter::exp(x - max(x, 1, true));
  const ir::KernelIR k = planned_row_kernel({Array<float>(shifted / sum(shifted, 1, true)).node()});
  REQUIRE(k.phases == 3);
  const std::string source = gpu::lower_to_cuda(k);
  INFO(source);
  CHECK(source.find("extern \"C\" __global__ void __launch_bounds__(256) " + k.name() + "(") != std::string::npos);
  CHECK(source.find(k.name() + "_rows<unsigned int>") != std::string::npos);
  std::size_t tiles = 0, barriers = 0;
  for (std::size_t at = source.find("_tile<Index>("); at != std::string::npos;
       at = source.find("_tile<Index>(", at + 1))
    ++tiles;
  for (std::size_t at = source.find("__syncthreads();  // the row's leader"); at != std::string::npos;
       at = source.find("__syncthreads();  // the row's leader", at + 1))
    ++barriers;
  CHECK(tiles == 6);     // a call per phase, rows held in registers and not
  CHECK(barriers == 4);  // after each phase whose values a later one reads
  CHECK(source.find("const bool held = reduce_n % 4 == 0 && reduce_n <= (Index)16 * L.elem_lanes") !=
        std::string::npos);
  CHECK(source.find("__shared__ float rows_c1[256];") != std::string::npos);  // the sum's slots
  // Every one of the three compiles on its own at each vector width.
  for (int elements : {1, 2, 4, 8}) {
    CAPTURE(elements);
    const gpu::CudaImage image = gpu::compile_cuda(gpu::lower_to_cuda(k, {elements}), "row_widths.cu", "sm_90");
    CHECK_MESSAGE(image.log.empty(), image.log);
    CHECK_FALSE(image.data.empty());
  }
}

TEST_CASE("cuda launch: a row kernel's grid has one part per row") {
  gpu::ReductionReads reads;
  reads.flat = true;
  const std::uint64_t scalars[1] = {0};
  // 16 rows of 65536 on 132 multiprocessors: a reduction would split each row over blocks.
  const gpu::ReductionGrid split = gpu::plan_reduction_grid(reads, 16, 65536, scalars, 132, 8);
  CHECK(split.parts > 1);
  const gpu::ReductionGrid rows = gpu::plan_row_grid(reads, 16, 65536, scalars, 132, 8);
  CHECK(rows.parts == 1);
  CHECK(rows.counters == 0);
  CHECK(rows.lanes == split.lanes);
  CHECK(rows.scratch_bytes == 0);
  // 16384 rows of 4096: a block per row (a reduction would give each 64 threads, and hold 4x
  // as many rows at once), so that the rows resident on a multiprocessor stay in its L1.
  const gpu::ReductionGrid many = gpu::plan_row_grid(reads, 16384, 4096, scalars, 132, 8);
  CHECK(gpu::plan_reduction_grid(reads, 16384, 4096, scalars, 132, 8).lanes == 4);
  CHECK(many.lanes == 1);
  CHECK(many.blocks == 16384);
  // Rows of 1024: 64 threads each, 16 elements per thread; rows of 40: a thread each.
  CHECK(gpu::plan_row_grid(reads, 65536, 1024, scalars, 132, 8).lanes == 4);
  CHECK(gpu::plan_row_grid(reads, 6, 40, scalars, 132, 8).lanes == 128);
}
