// CUDA codegen of writes into views without a GPU: write kernels planned from real targets
// (a transposed view, a strided column, a reversed slice, a whole array in place) store through
// the target's layout and compile to sm_90 CUBIN with a clean NVRTC log.
#include "codegen/cuda/lower_to_cuda.h"
#include "fuse/plan.h"
#include "runtime/cuda/nvrtc.h"
#include "support.h"

using namespace sinter;

namespace {

/// The write kernel of target = value (value of the target's shape), as evaluation plans it.
ir::KernelIR write_kernel(const Array<float>& target, const Array<float>& value) {
  std::lock_guard lock(ir::graph_mutex());
  return fuse::plan_write(target.node(), value.node()).kernel;
}

}  // namespace

TEST_CASE("cuda codegen: writes into strided views store through the target's layout and compile to sm_90 CUBIN") {
  Array<float> a = test::ones_array<float>(Shape{6, 7});
  a.eval();
  const Array<float> row = test::ones_array<float>(Shape{7});
  struct Case {
    const char* what;
    Array<float> target;
    Array<float> value;
    bool strided;  // the store goes through a layout
  };
  const Case cases[] = {
      {"transposed view", a.transpose(), Array<float>(a.transpose() * 2.0f), true},
      {"a column", a(all, 3), Array<float>(a(all, 3) + 1.0f), true},
      {"reversed rows", a(Slice{std::nullopt, std::nullopt, -1}, all),
       Array<float>(row.broadcast_to(Shape{6, 7}) * 3.0f), true},
      {"the whole array in place", a, Array<float>(a * a), false},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const ir::KernelIR k = write_kernel(c.target, c.value);
    INFO(ir::to_string(k));
    REQUIRE(!k.outputs.empty());
    CHECK((k.output_layout(0) >= 0) == c.strided);
    const std::string source = gpu::lower_to_cuda(k);
    INFO(source);
    if (c.strided) CHECK(source.find("out0[o" + std::to_string(k.output_layout(0)) + "]") != std::string::npos);
    const gpu::CudaImage image = gpu::compile_cuda(source, "write.cu", "sm_90");
    CHECK(image.is_cubin);
    CHECK(image.log.empty());
  }
}
