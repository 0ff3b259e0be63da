// CUDA codegen of view kernels without a GPU: kernels planned from real view expressions
// (shifted slices, transposes, negative steps, broadcast_to; unit, zero and runtime inner
// strides; every dtype) are lowered and compiled by NVRTC to sm_90 CUBIN with a clean log.
#include <set>

#include "codegen/cuda/cuda_prelude.h"
#include "codegen/cuda/lower_to_cuda.h"
#include "runtime/cuda/nvrtc.h"
#include "support.h"

using namespace sinter;

namespace {

template <class T> void add_kernels(std::vector<ir::KernelIR>& kernels) {
  auto a = test::ones_array<T>(Shape{6, 7});
  auto b = test::ones_array<T>(Shape{3, 4, 5});
  const Slice inner{1, -1};
  std::vector<Array<T>> views = {a(Slice{0, -2}, inner),
                                 a.transpose(),
                                 a(Slice{std::nullopt, std::nullopt, -1}, all),
                                 a(all, Slice{std::nullopt, std::nullopt, -2}),
                                 b.permute({2, 0, 1}),
                                 a(2).broadcast_to(Shape{4, 7}),
                                 a(all, 3).expand_dims(1).broadcast_to(Shape{6, 5})};
  for (const auto& v : views) {
    if constexpr (std::is_same_v<T, bool>) {
      kernels.push_back(test::planned_kernel(Array<bool>(!v).node()));
    } else {
      kernels.push_back(test::planned_kernel(Array<T>(v * v + T(1)).node()));
    }
  }
  // The stencil: five shifted slices of one array, one kernel.
  if constexpr (!std::is_same_v<T, bool>)
    kernels.push_back(test::planned_kernel(Array<T>(a(Slice{0, -2}, inner) + a(Slice{2, std::nullopt}, inner) +
                                                    a(inner, Slice{0, -2}) + a(inner, Slice{2, std::nullopt}) -
                                                    a(inner, inner) * T(4))
                                               .node()));
}

}  // namespace

TEST_CASE("cuda codegen: view kernels of every dtype compile to sm_90 CUBIN with a clean NVRTC log") {
  std::vector<ir::KernelIR> kernels;
  add_kernels<bool>(kernels);
  add_kernels<std::int32_t>(kernels);
  add_kernels<std::int64_t>(kernels);
  add_kernels<float>(kernels);
  add_kernels<double>(kernels);
  std::set<ir::InnerStride> inner;
  std::string unit = "// view kernels\n" + gpu::cuda_prelude(4);
  std::set<std::string> names;
  for (const ir::KernelIR& k : kernels) {
    INFO(ir::to_string(k));
    CHECK(k.rank > 0);
    for (const auto& l : k.layouts) inner.insert(l.inner);
    if (names.insert(k.name()).second) unit += gpu::lower_to_cuda_definitions(k);
  }
  CHECK(inner == std::set<ir::InnerStride>{ir::InnerStride::Unit, ir::InnerStride::Zero, ir::InnerStride::Runtime});
  const gpu::CudaImage image = gpu::compile_cuda(unit, "views.cu", "sm_90");
  CHECK(image.is_cubin);
  CHECK(image.log.empty());
  MESSAGE(names.size() << " distinct view kernels, NVRTC " << image.compile_ms << " ms");
}

TEST_CASE("cuda codegen: the stencil of shifted slices is one kernel with five inputs and one layout") {
  Array<float> a = test::ones_array<float>(Shape{8, 9});
  const Slice inner{1, -1};
  Array<float> lap = a(Slice{0, -2}, inner) + a(Slice{2, std::nullopt}, inner) + a(inner, Slice{0, -2}) +
                     a(inner, Slice{2, std::nullopt}) - a(inner, inner) * 4.0f;
  const ir::KernelIR k = test::planned_kernel(lap.node());
  CHECK(k.inputs.size() == 5);   // one slot per offset into the same buffer
  CHECK(k.layouts.size() == 1);  // the same strides: one layout
  CHECK(k.layouts[0].inner == ir::InnerStride::Unit);
  const std::string source = gpu::lower_to_cuda(k);
  INFO(source);
  for (int i = 0; i < 5; ++i) CHECK(source.find("in" + std::to_string(i) + "[o0]") != std::string::npos);
  CHECK(gpu::compile_cuda(source, "stencil.cu", "sm_90").log.empty());
}
