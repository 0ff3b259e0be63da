// Gathers and the CUDA lowering (docs/indexing.md, "Not there yet"): until gather and index_check
// have CUDA spellings, a kernel with them is refused with a CompileError naming the op, never
// lowered to a kernel that reads the wrong elements. Needs no GPU.
#include "codegen/cuda/lower_to_cuda.h"
#include "support.h"

using namespace sinter;

TEST_CASE("cuda codegen: a kernel with a gather is refused with a CompileError naming the op") {
  const Array<float> x({1, 2, 3});
  const Array<std::int64_t> idx(std::vector<std::int64_t>{2, 0});
  const Array<float> y = take(x, idx + 1) * 2.0f;
  const ir::KernelIR kernel = test::planned_kernel(y.node());
  try {
    (void)gpu::lower_to_cuda(kernel);
    FAIL_CHECK("lowered a gather to CUDA");
  } catch (const CompileError& e) {
    const std::string what = e.what();
    CHECK_MESSAGE((what.find("'gather'") != std::string::npos || what.find("'index_check'") != std::string::npos),
                  what);
  }
}
