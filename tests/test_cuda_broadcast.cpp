// CUDA codegen of broadcast kernels without a GPU: kernels planned from real broadcast
// expressions (ranks 1 to 4 after simplification, unit and zero inner strides, every dtype) and
// a hand-built one with a runtime inner stride are lowered and compiled by NVRTC to sm_90 CUBIN
// with a clean log; the generated text carries the index math the interpreter does.
#include <set>

#include "codegen/cuda/cuda_prelude.h"
#include "codegen/cuda/lower_to_cuda.h"
#include "runtime/cuda/nvrtc.h"
#include "support.h"

using namespace sinter;

namespace {

template <class T> void add_kernels(std::vector<ir::KernelIR>& kernels) {
  const std::vector<std::pair<Shape, Shape>> pairs = {{{7}, {1}},
                                                      {{3, 5}, {5}},
                                                      {{3, 5}, {3, 1}},
                                                      {{4, 1, 6}, {5, 1}},
                                                      {{2, 3, 4, 5}, {3, 1, 5}},
                                                      {{2, 1, 4, 1}, {3, 1, 6}}};
  for (const auto& [a, b] : pairs) {
    auto x = test::ones_array<T>(a), y = test::ones_array<T>(b);
    if constexpr (std::is_same_v<T, bool>)
      kernels.push_back(test::planned_kernel(Array<bool>(where(x, y, x || y)).node()));
    else kernels.push_back(test::planned_kernel(Array<T>(maximum(x, y) * y - x).node()));
  }
}

}  // namespace

TEST_CASE("cuda codegen: broadcast kernels of every dtype and rank compile to sm_90 CUBIN with a clean NVRTC log") {
  std::vector<ir::KernelIR> kernels;
  add_kernels<bool>(kernels);
  add_kernels<std::int32_t>(kernels);
  add_kernels<std::int64_t>(kernels);
  add_kernels<float>(kernels);
  add_kernels<double>(kernels);
  std::set<int> ranks;
  std::string unit = "// broadcast kernels\n" + gpu::cuda_prelude(4);
  std::set<std::string> names;
  for (const ir::KernelIR& k : kernels) {
    INFO(ir::to_string(k));
    CHECK(k.rank > 0);
    ranks.insert(k.rank);
    if (names.insert(k.name()).second) unit += gpu::lower_to_cuda_definitions(k);
  }
  CHECK(ranks == std::set<int>{1, 2, 3, 4});
  const gpu::CudaImage image = gpu::compile_cuda(unit, "broadcast.cu", "sm_90");
  CHECK(image.is_cubin);
  CHECK(image.log.empty());
  MESSAGE(names.size() << " distinct broadcast kernels, NVRTC " << image.compile_ms << " ms");
}

TEST_CASE("cuda codegen: a broadcast operand is read at the element index its strides give") {
  Array<float> x = test::ones_array<float>(Shape{4, 6}), y = test::ones_array<float>(Shape{4, 1});
  const ir::KernelIR k = test::planned_kernel(Array<float>(x + y).node());
  REQUIRE(k.rank == 2);
  REQUIRE(k.layouts.size() == 1);
  const std::string source = gpu::lower_to_cuda(k);
  INFO(source);
  // The innermost size and the layout's innermost stride, from the scalar parameters.
  CHECK(source.find("const Index size = (Index)s" + std::to_string(k.shape_slot + 1) + ";") != std::string::npos);
  CHECK(source.find("o0 += c * s" + std::to_string(k.layouts[0].stride_slot + 1) + ";") != std::string::npos);
  CHECK(source.find("in1[o0]") != std::string::npos);  // the broadcast operand
  CHECK(source.find("in0[i]") != std::string::npos);   // the full-shape one, at the flat index
  // Rows a multiple of 4 long go by groups of 4 elements of one row: coordinates once, the
  // broadcast operand read once, the contiguous one and the output as vectors when aligned.
  CHECK(source.find("const Index groups = row % 4 == 0 ? n / 4 : 0;") != std::string::npos);
  CHECK(source.find("const float in1_at0_v = in1[o0];") != std::string::npos);
  CHECK(source.find("if (reinterpret_cast<unsigned long long>(in0 + first) % 16 == 0) {") != std::string::npos);
  CHECK(source.find("in0_v = *reinterpret_cast<const sinter_f32x4*>(in0 + first);") != std::string::npos);
  CHECK(source.find("*reinterpret_cast<sinter_f32x4*>(out0 + first) = out0_v;") != std::string::npos);
  CHECK(source.find("for (Index i = groups * 4 + thread; i < n; i += stride) {") != std::string::npos);
  const gpu::CudaImage image = gpu::compile_cuda(source, "broadcast_one.cu", "sm_90");
  CHECK(image.log.empty());
}

TEST_CASE("cuda codegen: a layout with a runtime inner stride compiles") {
  ir::KernelIR k;
  k.inputs = {DType::Float64};
  k.scalars = {DType::Int64, DType::Int64, DType::Int64, DType::Int64};
  k.rank = 2;
  k.shape_slot = 0;
  k.layouts = {{2, ir::InnerStride::Runtime}};
  ir::Instr load{Op::Buffer, DType::Float64};
  load.slot = 0;
  load.layout = 0;
  k.body = {load};
  k.outputs = {0};
  k.seal();
  const std::string source = gpu::lower_to_cuda(k);
  CHECK(source.find("in0[o0]") != std::string::npos);
  CHECK(gpu::compile_cuda(source, "strided.cu", "sm_90").log.empty());
  // A layout the kernel does not declare is refused (ir::verify: InternalError), not miscompiled.
  k.body[0].layout = 1;
  k.seal();
  CHECK_THROWS_WITH_AS(gpu::lower_to_cuda(k), doctest::Contains("reads through layout 1 of 1"), InternalError);
}
