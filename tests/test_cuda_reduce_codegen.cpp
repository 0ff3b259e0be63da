// CUDA reduction kernels without a GPU: every reduction op with every operand dtype it accepts
// (hand-built IR), and kernels planned from real reductions (full, last axis, first axis, middle
// and several axes, fused producers and consumers, views and broadcasts, several reductions in
// one kernel, argmin/argmax, dot) are lowered and compiled by NVRTC to sm_90 CUBIN with a clean
// log; the generated text has the parts the launcher relies on; the launcher's work sharing for
// the sizes that matter on an H100.
#include <mutex>
#include <set>

#include "codegen/cuda/cuda_prelude.h"
#include "codegen/cuda/lower_reduction_to_cuda.h"
#include "codegen/cuda/lower_to_cuda.h"
#include "runtime/cuda/nvrtc.h"
#include "runtime/cuda/reduction_launch.h"
#include "support.h"
#include "test_cuda_kernels.h"

using namespace sinter;

namespace {

/// The kernel that evaluating `e` (an Array or an expression) would run.
template <class E> void add_planned(std::vector<ir::KernelIR>& kernels, const E& e) {
  kernels.push_back(test::planned_kernel(detail::lazy_node(e)));
}

/// Kernels planned from reductions of arrays of T: with `every_geometry`, each geometry the
/// planner makes; else one of each kind of read (flat, a runtime stride, two reduced dimensions).
template <class T> void add_geometries(std::vector<ir::KernelIR>& kernels, bool every_geometry) {
  auto v = test::ones_array<T>(Shape{37});
  auto m = test::ones_array<T>(Shape{6, 7});
  auto b = test::ones_array<T>(Shape{3, 4, 5});
  add_planned(kernels, sum(m, {1}));     // last axis: rows, flat
  add_planned(kernels, argmax(m, {0}));  // first axis: columns, a runtime inner stride
  add_planned(kernels, min(b, {0, 2}));  // two reduced dimensions that do not merge
  if (!every_geometry) return;
  add_planned(kernels, sum(v));  // full, flat
  add_planned(kernels, sum(m));  // full over two axes, merged: flat
  add_planned(kernels, sum(m, {0}));
  add_planned(kernels, sum(b, {1}));           // middle axis
  add_planned(kernels, sum(b, {0, 1}, true));  // keepdims
  add_planned(kernels, prod(m, {1}));
  add_planned(kernels, max(b, {2}));
  add_planned(kernels, argmin(m, {1}));
  add_planned(kernels, argmax(b, {0, 2}));
  add_planned(kernels, any(m, {0}));
  add_planned(kernels, all(b, {1, 2}));
  add_planned(kernels, argmin(m.transpose(), {1}));  // a view
  add_planned(kernels, max(m(Slice{std::nullopt, std::nullopt, -1}, Slice{1, -1}), {1}));
  add_planned(kernels, sum(m(2).broadcast_to(Shape{4, 7}), {0}));  // a broadcast along the reduced axis
  add_planned(kernels, min(b.permute({2, 0, 1}), {0}));
  if constexpr (!std::is_same_v<T, bool>) {
    auto w = test::ones_array<T>(Shape{7});
    auto c = test::ones_array<T>(Shape{6, 1});
    add_planned(kernels, mean(m, {1}));                        // per output: a division
    add_planned(kernels, sum(m * w, {1}) * T(2) + c(all, 0));  // producer and consumer with reads
    add_planned(kernels, max(m - w, {0}) - min(m - w, {0}));   // two reductions, one kernel
    add_planned(kernels, argmax(m * c, {1}) + argmin(m, {1}));
    add_planned(kernels, sum(exp(m * m), {1}));  // a math-library call per element
    add_planned(kernels, dot(m, w));             // matrix-vector
    add_planned(kernels, dot(w, w));             // inner product
  }
}

std::string compile_log(const std::vector<ir::KernelIR>& kernels, const std::string& what,
                        std::set<std::string>& names) {
  std::string unit = "// " + what + "\n" + gpu::cuda_prelude(4);
  for (const ir::KernelIR& k : kernels) {
    INFO(ir::to_string(k));
    REQUIRE(k.is_reduction());
    if (names.insert(k.name()).second) unit += gpu::lower_to_cuda_definitions(k);
  }
  const gpu::CudaImage image = gpu::compile_cuda(unit, what + ".cu", "sm_90");
  CHECK(image.is_cubin);
  MESSAGE(names.size() << " distinct kernels, NVRTC " << image.compile_ms << " ms");
  return image.log;
}

}  // namespace

TEST_CASE(
    "cuda codegen: every reduction with every operand dtype it accepts compiles to sm_90 CUBIN with a clean log") {
  const std::vector<ir::KernelIR> kernels = cuda_test::reduction_kernels_for_every_op_and_dtype();
  std::set<Op> ops;
  for (const ir::KernelIR& k : kernels) ops.insert(k.body.back().op);
  CHECK(ops.size() == 8);
  CHECK(kernels.size() == 6 * kNumDTypes + 2);  // sum, prod, min, max, argmin, argmax of each; any, all
  std::set<std::string> names;
  CHECK(compile_log(kernels, "reductions", names) == "");
}

TEST_CASE("cuda codegen: planned reduction kernels of every geometry compile with a clean log") {
  std::vector<ir::KernelIR> kernels;
  add_geometries<float>(kernels, true);
  add_geometries<bool>(kernels, true);
  add_geometries<std::int32_t>(kernels, false);
  add_geometries<std::int64_t>(kernels, false);
  add_geometries<double>(kernels, false);
  std::set<ir::InnerStride> inner;
  std::set<int> reduce_ranks;
  for (const ir::KernelIR& k : kernels) {
    for (const auto& l : k.layouts) inner.insert(l.inner);
    reduce_ranks.insert(k.reduce_rank);
  }
  CHECK(inner == std::set<ir::InnerStride>{ir::InnerStride::Unit, ir::InnerStride::Zero, ir::InnerStride::Runtime});
  CHECK(reduce_ranks == std::set<int>{0, 1, 2});
  std::set<std::string> names;
  CHECK(compile_log(kernels, "reduction_geometries", names) == "");
}

TEST_CASE("cuda codegen: reduction translation units compile on their own for every vector width") {
  auto m = test::ones_array<double>(Shape{6, 7});
  const ir::KernelIR k = test::planned_kernel(argmax(m, {1}).node());
  for (int elements : {1, 2, 4, 8}) {
    CAPTURE(elements);
    const gpu::CudaImage image = gpu::compile_cuda(gpu::lower_to_cuda(k, {elements}), "widths.cu", "sm_90");
    CHECK(image.log.empty());
    CHECK_FALSE(image.data.empty());
  }
}

TEST_CASE("cuda codegen: a reduction kernel's source has the parts its launcher and its semantics rely on") {
  auto m = test::ones_array<float>(Shape{6, 7});
  const ir::KernelIR full = test::planned_kernel(sum(m).node());
  const std::string name = full.name();
  const std::string source = gpu::lower_to_cuda(full);
  INFO(source);
  CHECK(source.find("#include") == std::string::npos);
  // The fixed parameter layout after the scalars, in both index widths.
  CHECK(source.find(
            "void __launch_bounds__(256) " + name +
            "(const float* __restrict__ in0, float* __restrict__ out0, unsigned int n, unsigned int reduce_n, "
            "unsigned int lanes, unsigned int outputs_inner, unsigned int* counters, unsigned long long* scratch)") !=
        std::string::npos);
  CHECK(source.find(
            "void __launch_bounds__(256) " + name +
            "_i64(const float* __restrict__ in0, float* __restrict__ out0, long long n, long long reduce_n, "
            "unsigned int lanes, unsigned int outputs_inner, unsigned int* counters, unsigned long long* scratch)") !=
        std::string::npos);
  // float32 sums accumulate in float64 and round once.
  CHECK(source.find("{ double a1; }") != std::string::npos);
  CHECK(source.find("a.a1 += (double)e.v0;") != std::string::npos);
  CHECK(source.find("const float v1 = sinter_float64_to_float32(a.a1);") != std::string::npos);
  // Flat elements: 16-byte loads behind an alignment guard.
  CHECK(source.find("reinterpret_cast<unsigned long long>(in0) % 16 == 0") != std::string::npos);
  // Two vector groups per trip, both loaded before the first element is folded.
  const auto second_load = source.find("const sinter_f32x4 in0_v1 = *reinterpret_cast<const sinter_f32x4*>(in0 + i1);");
  CHECK(source.find("const sinter_f32x4 in0_v0 = *reinterpret_cast<const sinter_f32x4*>(in0 + i0);") !=
        std::string::npos);
  REQUIRE(second_load != std::string::npos);
  CHECK(second_load < source.find("in0_v0.v[j]"));
  // Threads combine by warp shuffles, then shared memory; blocks through scratch and the last block.
  CHECK(source.find("b.a1 = __shfl_down_sync(0xffffffffu, a.a1, offset);") != std::string::npos);
  CHECK(source.find("__shared__ sinter_slot value[256];") != std::string::npos);
  CHECK(source.find("__threadfence();") != std::string::npos);
  CHECK(source.find("last_block = atomicAdd(counters + tile, 1u) == (unsigned int)parts - 1u;") != std::string::npos);
  CHECK(source.find("if (threadIdx.x == 0) counters[tile] = 0u;") != std::string::npos);  // zero for the next kernel
  CHECK(source.find("const volatile sinter_slot* s") != std::string::npos);  // other blocks' partial states
  // The element function is inlined when it calls no math library function, else one __noinline__ copy.
  CHECK(source.find("__device__ __forceinline__ " + name + "_elements " + name + "_element(") != std::string::npos);
  const ir::KernelIR with_exp = test::planned_kernel(sum(exp(m), {1}).node());
  CHECK(gpu::lower_to_cuda(with_exp).find("__device__ __noinline__ " + with_exp.name() + "_elements") !=
        std::string::npos);

  SUBCASE("columns: each element's offset is the kept part plus one multiply, four loads per trip") {
    const ir::KernelIR k = test::planned_kernel(sum(m, {0}).node());
    REQUIRE(k.rank == 2);
    REQUIRE(k.reduce_rank == 1);
    const std::string s = gpu::lower_to_cuda(k);
    INFO(s);
    CHECK(s.find("long long at0_3 = kept0 + (long long)r3 * s" + std::to_string(k.layouts[0].stride_slot + 1) + ";") !=
          std::string::npos);
    CHECK(s.find("kept0 += c * s" + std::to_string(k.layouts[0].stride_slot) + ";") != std::string::npos);
    // Four elements per trip, all loaded before the first is folded.
    const auto fourth_load = s.find("const float x3_0 = in0[at0_3];");
    REQUIRE(fourth_load != std::string::npos);
    CHECK(fourth_load < s.find("_fold(a, "));
    CHECK(s.find("_v = *reinterpret_cast") == std::string::npos);
  }

  SUBCASE("argmin and argmax carry a position and combine by (value, position)") {
    const ir::KernelIR k = test::planned_kernel(argmax(m, {1}).node());
    const std::string s = gpu::lower_to_cuda(k);
    INFO(s);
    CHECK(s.find("sinter_arg_combine<false>(a.a1, a.p1, e.v0, r);") != std::string::npos);
    CHECK(s.find("sinter_arg_combine<false>(a.a1, a.p1, b.a1, b.p1);") != std::string::npos);
    CHECK(s.find("a.p1 = -1ll;") != std::string::npos);
    CHECK(s.find("const long long v1 = a.p1;") != std::string::npos);
    CHECK(s.find("__shared__ sinter_slot position[256];") != std::string::npos);
  }
}

// ir::verify (called by the lowering) rejects it: a bug in whatever built the IR.
TEST_CASE("cuda codegen: reduction IR outside the rules is rejected with InternalError") {
  auto reduction = [](Op op, DType operand, DType result) {
    cuda_test::KernelBuilder b;
    const int x = b.input(operand);
    const int r = b.push(op, result, {x});
    b.k.body[static_cast<std::size_t>(r)].per_output = true;
    return b.finish({r});
  };
  CHECK_NOTHROW(gpu::lower_to_cuda(reduction(Op::Sum, DType::Float32, DType::Float32)));
  CHECK_THROWS_AS(gpu::lower_to_cuda(reduction(Op::Any, DType::Float32, DType::Bool)), InternalError);
  CHECK_THROWS_AS(gpu::lower_to_cuda(reduction(Op::Sum, DType::Float32, DType::Float64)), InternalError);
  CHECK_THROWS_AS(gpu::lower_to_cuda(reduction(Op::ArgMax, DType::Float32, DType::Int32)), InternalError);
  {  // only per-output instructions may be written
    cuda_test::KernelBuilder b;
    const int x = b.input(DType::Float32);
    const int r = b.push(Op::Sum, DType::Float32, {x});
    b.k.body[static_cast<std::size_t>(r)].per_output = true;
    const ir::KernelIR k = b.finish({x, r});
    CHECK_THROWS_AS(gpu::lower_to_cuda(k), InternalError);
    try {
      gpu::lower_to_cuda(k);
    } catch (const InternalError& e) { CHECK(std::string(e.what()).find("per-output") != std::string::npos); }
  }
  {  // a reduction's outputs are written at the output index, never through a layout
    ir::KernelIR k = reduction(Op::Max, DType::Int32, DType::Int32);
    k.output_layouts = {0};
    CHECK_THROWS_WITH_AS(gpu::lower_to_cuda(k), doctest::Contains("has a layout"), InternalError);
  }
  {  // a per-output instruction cannot use a per-element value except through a reduction
    cuda_test::KernelBuilder b;
    const int x = b.input(DType::Float32);
    const int r = b.push(Op::Sum, DType::Float32, {x});
    const int mixed = b.push(Op::Add, DType::Float32, {r, x});
    b.k.body[static_cast<std::size_t>(r)].per_output = true;
    b.k.body[static_cast<std::size_t>(mixed)].per_output = true;
    CHECK_THROWS_AS(gpu::lower_to_cuda(b.finish({mixed})), InternalError);
  }
}

namespace {

constexpr int kH100Multiprocessors = 132;
constexpr int kResidentBlocks = 8;  // 2048 threads per multiprocessor at 256 per block
constexpr std::uint64_t kFillingBlocks = std::uint64_t{2} * kH100Multiprocessors * kResidentBlocks;

gpu::ReductionGrid h100_grid(const gpu::ReductionReads& reads, std::int64_t n, std::int64_t reduce_n,
                             const std::vector<std::uint64_t>& scalars = {}) {
  return gpu::plan_reduction_grid(reads, n, reduce_n, scalars, kH100Multiprocessors, kResidentBlocks);
}

}  // namespace

TEST_CASE("cuda reductions: the launcher reads the strides the generated kernel reads") {
  auto m = test::ones_array<float>(Shape{6, 7});
  const ir::KernelIR rows = test::planned_kernel(sum(m, {1}).node());
  const gpu::ReductionReads flat = gpu::reduction_reads(rows);
  CHECK(flat.flat);
  CHECK(flat.strides.empty());
  CHECK(flat.partial_slots == 1);
  const Array<std::int64_t> columns_argmax = argmax(m, {0});
  fuse::KernelPlan plan;
  {
    std::lock_guard lock(ir::graph_mutex());
    const ir::NodePtr roots[] = {columns_argmax.node()};
    plan = fuse::plan_kernel(roots);
  }
  const gpu::ReductionReads columns = gpu::reduction_reads(plan.kernel);
  CHECK_FALSE(columns.flat);
  REQUIRE(columns.strides.size() == 1);
  CHECK(plan.scalars.at(static_cast<std::size_t>(columns.strides[0].first)) == 1);   // across outputs
  CHECK(plan.scalars.at(static_cast<std::size_t>(columns.strides[0].second)) == 7);  // along an output's elements
  CHECK(columns.partial_slots == 2);                                                 // a value and a position
  const gpu::ReductionGrid g =
      gpu::plan_reduction_grid(columns, 7, 6, plan.scalars, kH100Multiprocessors, kResidentBlocks);
  CHECK(g.outputs_inner);
}

TEST_CASE("cuda reductions: the work sharing on an H100 for a full sum and both axes of a matrix") {
  gpu::ReductionReads flat;
  flat.flat = true;
  flat.partial_slots = 1;
  gpu::ReductionReads strided;  // a row-major matrix read along its columns
  strided.strides = {{0, 1}};
  strided.partial_slots = 1;
  const std::int64_t side = 16384;

  SUBCASE("a full sum of 2^28 elements: whole blocks along the elements, split to fill the device twice over") {
    const auto g = h100_grid(flat, 1, std::int64_t{1} << 28);
    CHECK_FALSE(g.outputs_inner);
    CHECK(g.lanes == 1);
    CHECK(g.blocks == 1);
    CHECK(g.parts == kFillingBlocks);
    CHECK(g.counters == 1);
    CHECK(g.scratch_bytes == 8 * kFillingBlocks);  // one partial state per part
  }
  SUBCASE("the rows of a 16384^2 matrix: two warps per row (fewer would not fill the device), no split") {
    const auto g = h100_grid(flat, side, side);
    CHECK_FALSE(g.outputs_inner);
    CHECK(g.lanes == 4);
    CHECK(g.blocks == side / 4);
    CHECK(g.parts == 1);  // 4096 tiles fill the device twice over
    CHECK(g.scratch_bytes == 0);
  }
  SUBCASE("the rows of a 4096^2 matrix: two warps per row fill the device once, no split") {
    const auto g = h100_grid(flat, 4096, 4096);
    CHECK(g.lanes == 4);
    CHECK(g.blocks == 1024);
    CHECK(g.parts == 1);  // each thread would read fewer than kMinElementsPerThread elements
    CHECK(g.scratch_bytes == 0);
  }
  SUBCASE("the rows of a 256 x 2^20 matrix: a block per row (fewer rows than resident threads / 256), split") {
    const auto g = h100_grid(flat, 256, std::int64_t{1} << 20);
    CHECK(g.lanes == 1);
    CHECK(g.blocks == 256);
    CHECK(g.parts == (kFillingBlocks + 255) / 256);
  }
  SUBCASE("the rows of a 16384^2 matrix with at most a warp per row: eight rows per block") {
    const auto g = gpu::plan_reduction_grid(flat, side, side, {}, kH100Multiprocessors, kResidentBlocks, {32});
    CHECK_FALSE(g.outputs_inner);
    CHECK(g.lanes == 8);
    CHECK(g.blocks == side / 8);
    CHECK(g.parts == 2);  // 2048 tiles fill the device less than twice over
  }
  SUBCASE("the columns of a 16384^2 matrix: consecutive threads on consecutive columns, rows split over parts") {
    const auto g = h100_grid(strided, side, side, {1, static_cast<std::uint64_t>(side)});
    CHECK(g.outputs_inner);
    CHECK(g.lanes == 256);
    CHECK(g.blocks == side / 256);
    CHECK(g.blocks * g.parts >= kFillingBlocks);
    CHECK(side / g.parts >= gpu::kMinElementsPerThread);
    CHECK(g.counters == g.blocks);
  }
  SUBCASE("a transposed matrix's rows are its columns, and the other way round") {
    CHECK(h100_grid(strided, side, side, {static_cast<std::uint64_t>(side), 1}).outputs_inner == false);
  }
  SUBCASE("few long columns: a block takes them all, many blocks split the rows") {
    const auto g = h100_grid(strided, 8, std::int64_t{1} << 24, {1, 8});
    CHECK(g.outputs_inner);
    CHECK(g.lanes == 8);
    CHECK(g.blocks == 1);
    CHECK(g.parts == kFillingBlocks);
    CHECK(g.scratch_bytes == std::size_t{8} * 8 * kFillingBlocks);
  }
  SUBCASE("short rows: a thread per row") {
    const auto g = h100_grid(flat, std::int64_t{1} << 24, 3);
    CHECK(g.lanes == 256);
    CHECK(g.parts == 1);
  }
  SUBCASE("rows of a few hundred elements: a warp or less per row") {
    CHECK(h100_grid(flat, 100000, 512).lanes == 256 / 32);
    CHECK(h100_grid(flat, 100000, 100).lanes == 256 / 4);
  }
  SUBCASE("nothing to reduce: one part, no scratch") {
    const auto g = h100_grid(flat, 5, 0);
    CHECK(g.parts == 1);
    CHECK(g.scratch_bytes == 0);
  }
  SUBCASE("a small full reduction stays in one block") {
    const auto g = h100_grid(flat, 1, 1000);
    CHECK(g.parts == 1);
    CHECK(g.blocks == 1);
  }
}
