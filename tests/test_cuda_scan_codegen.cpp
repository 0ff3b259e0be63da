// CUDA scan kernels without a GPU: scan kernels planned from cumsum, cumprod, cummax and cummin
// of every dtype, along every axis of 1-3-d arrays, of views, broadcasts and fused producers, are
// lowered and compiled by NVRTC to sm_90 CUBIN with a clean log; the generated text has the entry
// points and the look-back the launcher relies on. The kernels run on the GPU in the [cuda] cases
// of tests/test_scans.cpp.
#include <set>

#include "codegen/cuda/cuda_prelude.h"
#include "codegen/cuda/lower_scan_to_cuda.h"
#include "codegen/cuda/lower_to_cuda.h"
#include "runtime/cuda/nvrtc.h"
#include "runtime/cuda/scan_kernel.h"
#include "support.h"

using namespace sinter;

namespace {

/// The scan kernel of `op` over axis `axis` of `x` (an Array or expression), as the library plans it.
template <class E> ir::KernelIR scan_kernel(Op op, const E& x, int axis) {
  ir::NodePtr operand = detail::lazy_node(x);
  if (op == Op::Sum || op == Op::Prod) operand = ir::make_cast(operand, detail::sum_dtype(operand->dtype));
  const ir::NodePtr reduction = ir::make_reduce(op, operand, 1U << axis, false);
  std::lock_guard lock(ir::graph_mutex());
  ir::KernelIR k = fuse::plan_scan(reduction).kernel;
  ir::verify(k);
  return k;
}

/// Every op along every axis of 1-3-d arrays of T (`every_axis`), or of a matrix (the scanned
/// axis last, written at the flat index, and first, through the output layout).
template <class T> void add_axes(std::vector<ir::KernelIR>& kernels, std::set<std::string>& names, bool every_axis) {
  const std::vector<Shape> shapes =
      every_axis ? std::vector<Shape>{Shape{37}, Shape{6, 7}, Shape{3, 4, 5}} : std::vector<Shape>{Shape{6, 7}};
  for (const Shape& shape : shapes) {
    const auto x = test::ones_array<T>(shape);
    for (int axis = 0; axis < shape.ndim(); ++axis)
      for (Op op : {Op::Sum, Op::Prod, Op::Max, Op::Min}) {
        ir::KernelIR k = scan_kernel(op, x, axis);
        if (names.insert(k.name()).second) kernels.push_back(std::move(k));
      }
  }
}

std::string compile_log(const std::vector<ir::KernelIR>& kernels, const std::string& what) {
  std::string unit = "// " + what + "\n" + gpu::cuda_prelude(4);
  for (const ir::KernelIR& k : kernels) {
    INFO(ir::to_string(k));
    REQUIRE(k.is_scan());
    unit += gpu::lower_scan_to_cuda_definitions(k);
  }
  const gpu::CudaImage image = gpu::compile_cuda(unit, what + ".cu", "sm_90");
  CHECK(image.is_cubin);
  MESSAGE(kernels.size() << " scan kernels, NVRTC " << image.compile_ms << " ms");
  return image.log;
}

}  // namespace

TEST_CASE(
    "cuda codegen: scan kernels of every dtype and op, and of every axis, compile to sm_90 CUBIN with a clean log") {
  std::vector<ir::KernelIR> kernels;
  std::set<std::string> names;
  for (DType t : kAllDTypes) test::with_type(t, [&](auto v) { add_axes<decltype(v)>(kernels, names, false); });
  add_axes<float>(kernels, names, true);
  add_axes<std::int32_t>(kernels, names, true);
  std::set<bool> output_layouts;
  for (const ir::KernelIR& k : kernels) { output_layouts.insert(k.output_layout(0) >= 0); }
  CHECK(output_layouts == std::set<bool>{false, true});  // the scanned axis last (flat) and not
  CHECK(compile_log(kernels, "scans") == "");
}

TEST_CASE("cuda codegen: scans of views, broadcasts and fused producers compile with a clean log") {
  const auto m = test::ones_array<float>(Shape{6, 7});
  const auto w = test::ones_array<float>(Shape{7});
  const auto b = test::ones_array<double>(Shape{3, 4, 5});
  std::vector<ir::KernelIR> kernels;
  kernels.push_back(scan_kernel(Op::Sum, m.transpose(), 1));
  kernels.push_back(scan_kernel(Op::Max, m(Slice{std::nullopt, std::nullopt, -1}, Slice{1, -1}), 0));
  kernels.push_back(scan_kernel(Op::Sum, exp(m * w) + 1.0f, 0));  // a math-library call per element
  kernels.push_back(scan_kernel(Op::Prod, w.broadcast_to(Shape{6, 7}), 0));
  kernels.push_back(scan_kernel(Op::Min, b.permute({2, 0, 1}), 1));
  kernels.push_back(scan_kernel(Op::Sum, sin(b) * b, 2));
  CHECK(compile_log(kernels, "scan_geometries") == "");
}

TEST_CASE("cuda codegen: a scan kernel's source has four entry points, float64 accumulation and the look-back") {
  const auto v = test::ones_array<float>(Shape{1000});
  const ir::KernelIR k = scan_kernel(Op::Sum, v, 0);
  const std::string source = gpu::lower_to_cuda(k);
  INFO(source);
  CHECK(source.find("#include") == std::string::npos);
  for (bool tiles : {false, true})
    for (bool wide : {false, true})
      CHECK(source.find(gpu::scan_entry_point(k, tiles, wide) + "(") != std::string::npos);
  CHECK(source.find("unsigned int n, unsigned int length, unsigned int* counter, unsigned int* flags, void* "
                    "aggregates, void* inclusive)") != std::string::npos);
  CHECK(source.find("double running") != std::string::npos);          // float32 sums accumulate in float64
  CHECK(source.find("atomicAdd(counter, 1u)") != std::string::npos);  // tiles in launch order
  CHECK(source.find("__threadfence();\n        flags[t] = 1u;") != std::string::npos);       // value before flag
  CHECK(source.find("__ballot_sync(0xffffffffu, in_row && f == 2u)") != std::string::npos);  // warp look-back
  const gpu::CudaImage image = gpu::compile_cuda(source, "scan_sum.cu", "sm_90");
  CHECK(image.log.empty());
  CHECK_FALSE(image.data.empty());
}

TEST_CASE("cuda scan launch: long rows and few rows take the tile scan, many short rows a thread each") {
  CHECK(gpu::scan_uses_tiles(1, std::int64_t{1} << 28, 132));  // the flat cumsum
  CHECK(gpu::scan_uses_tiles(4, 100000, 132));                 // a few long rows
  CHECK(gpu::scan_uses_tiles(100, 1000, 132));                 // too few rows to fill the device
  CHECK_FALSE(gpu::scan_uses_tiles(1 << 20, 64, 132));         // many short rows
  CHECK_FALSE(gpu::scan_uses_tiles(8192, 8, 132));             // rows shorter than a thread's items
  CHECK_FALSE(gpu::scan_uses_tiles(1 << 20, 2000, 132));       // many rows, under a tile each
}
