// CUDA codegen without a GPU: hand-built kernel IR for every op of the catalogue with every
// dtype it accepts is lowered and compiled by NVRTC to CUBIN for sm_90 with a clean log; the
// generated text is checked for the properties that matter (vector loads, 32-bit indexing, no
// #include, the helper each op's semantics needs).
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include "codegen/cuda/cuda_prelude.h"
#include "codegen/cuda/cuda_spelling.h"
#include "codegen/cuda/lower_to_cuda.h"
#include "ir/kernel.h"
#include "runtime/cuda/nvrtc.h"
#include "runtime/cuda/tuning.h"
#include "sinter/error.h"
#include "support.h"
#include "test_cuda_kernels.h"

using namespace sinter;
using gpu::lower_to_cuda;
using namespace cuda_test;

namespace {

std::string function_text(const std::string& source, const std::string& signature_start) {
  const auto begin = source.find(signature_start);
  REQUIRE_MESSAGE(begin != std::string::npos, "no '" << signature_start << "' in the source");
  return source.substr(begin, source.find("\n}\n", begin) - begin);
}

}  // namespace

TEST_CASE("cuda codegen: every op with every dtype it accepts compiles to sm_90 CUBIN with a clean NVRTC log") {
  const std::vector<ir::KernelIR> kernels = kernels_for_every_op_and_dtype();
  // One translation unit for all of them: one NVRTC call instead of ~120.
  std::string unit = "// all ops\n" + gpu::cuda_prelude(4);
  std::set<std::string> names;
  for (const ir::KernelIR& k : kernels) {
    INFO(ir::to_string(k));
    CHECK(names.insert(k.name()).second);
    unit += gpu::lower_to_cuda_definitions(k);
  }
  MESSAGE(kernels.size() << " kernels in one translation unit of " << unit.size() << " bytes");
  CHECK(kernels.size() >= 110);
  const gpu::CudaImage image = gpu::compile_cuda(unit, "all_ops.cu", "sm_90");
  CHECK(image.is_cubin);
  CHECK_MESSAGE(image.log.empty(), image.log.substr(0, 4000));
  REQUIRE(image.data.size() > 4);
  CHECK(std::string(image.data.begin(), image.data.begin() + 4) ==
        "\x7f"
        "ELF");
  MESSAGE("NVRTC: " << image.compile_ms << " ms");
}

TEST_CASE("cuda codegen: complete translation units compile on their own, for every vector width") {
  for (int elements : {1, 2, 4, 8}) {
    CAPTURE(elements);
    const std::string source = lower_to_cuda(mixed_kernel(), {elements});
    const gpu::CudaImage image = gpu::compile_cuda(source, "mixed.cu", "sm_90");
    CHECK(image.log.empty());
    CHECK_FALSE(image.data.empty());
  }
}

TEST_CASE("cuda codegen: the generated source has the properties the backend relies on") {
  const ir::KernelIR k = mixed_kernel();
  const std::string source = lower_to_cuda(k);
  const std::string name = k.name();

  SUBCASE("no headers: everything is declared in the source itself") {
    CHECK(source.find("#include") == std::string::npos);
  }

  SUBCASE("two extern \"C\" entry points with the fixed parameter layout: pointers, scalars, n") {
    CHECK(source.find("extern \"C\" __global__ void __launch_bounds__(256) " + name +
                      "(const float* __restrict__ in0, "
                      "const double* __restrict__ in1, const bool* __restrict__ in2, const int* __restrict__ in3, "
                      "double* __restrict__ out0, float* __restrict__ out1, bool* __restrict__ out2, float s0, "
                      "long long s1, unsigned int n)") != std::string::npos);
    CHECK(source.find("extern \"C\" __global__ void __launch_bounds__(256) " + name + "_i64(") != std::string::npos);
    CHECK(gpu::entry_point_32(k) == name);
    CHECK(gpu::entry_point_64(k) == name + "_i64");
  }

  SUBCASE("the 32-bit entry point indexes in unsigned int only") {
    const std::string entry = function_text(source, "void __launch_bounds__(256) " + name + "(");
    CHECK(entry.find("_loop<unsigned int>(") != std::string::npos);
    CHECK(entry.find("unsigned long long") == std::string::npos);
    CHECK(entry.find("size_t") == std::string::npos);
    // Inside the loop every index variable has the template's Index type.
    const std::string loop = function_text(source, "__device__ __forceinline__ void " + name + "_loop(");
    for (const char* declaration : {"const Index thread", "const Index stride", "const Index groups",
                                    "Index g = thread", "const Index first", "Index j = 0", "Index i = groups"})
      CHECK_MESSAGE(loop.find(declaration) != std::string::npos, declaration);
    CHECK(loop.find("int64") == std::string::npos);
    CHECK(loop.find("long long g") == std::string::npos);
    const std::string wide = function_text(source, "void __launch_bounds__(256) " + name + "_i64(");
    CHECK(wide.find("_loop<unsigned long long>(") != std::string::npos);
  }

  SUBCASE("vector loads and stores of 4 elements for every read operand, a scalar tail, an alignment guard") {
    CHECK(source.find("const sinter_f32x4 in0_v = *reinterpret_cast<const sinter_f32x4*>(in0 + first);") !=
          std::string::npos);
    CHECK(source.find("const sinter_f64x4 in1_v = *reinterpret_cast<const sinter_f64x4*>(in1 + first);") !=
          std::string::npos);
    CHECK(source.find("const sinter_b8x4 in2_v = *reinterpret_cast<const sinter_b8x4*>(in2 + first);") !=
          std::string::npos);
    CHECK(source.find("in3_v") == std::string::npos);  // an unused input is never loaded
    CHECK(source.find("*reinterpret_cast<sinter_f64x4*>(out0 + first) = out0_v;") != std::string::npos);
    CHECK(source.find("*reinterpret_cast<sinter_f32x4*>(out1 + first) = out1_v;") != std::string::npos);
    CHECK(source.find("struct alignas(16) sinter_f64x4 { double v[4]; };") != std::string::npos);
    CHECK(source.find("struct alignas(4) sinter_b8x4 { bool v[4]; };") != std::string::npos);
    CHECK(source.find("reinterpret_cast<unsigned long long>(in2) % 4 == 0") != std::string::npos);
    CHECK(source.find("reinterpret_cast<unsigned long long>(in0) % 16 == 0") != std::string::npos);
    CHECK(source.find("for (Index i = groups * 4 + thread; i < n; i += stride)") != std::string::npos);
  }

  SUBCASE("one named value per instruction, scalars as parameters, the IR listing as a comment") {
    CHECK(source.find("const float v6 = v4 * s0;") == std::string::npos);  // scalars get their own named value
    CHECK(source.find("const float v4 = s0;") != std::string::npos);
    CHECK(source.find("const float v6 = v0 * v4;") != std::string::npos);
    CHECK(source.find("const long long v9 = (long long)i;") != std::string::npos);
    CHECK(source.find("const double v13 = sinter_minimum(v12, v1);") != std::string::npos);
    CHECK(source.find("//   %13 = minimum %12, %1 : float64") != std::string::npos);
  }

  SUBCASE("elements_per_thread = 1 emits no vector loop") {
    const std::string scalar_only = lower_to_cuda(k, {1});
    CHECK(scalar_only.find("reinterpret_cast<const sinter_") == std::string::npos);
    CHECK(scalar_only.find("for (Index i = groups * 1 + thread; i < n; i += stride)") != std::string::npos);
  }
}

TEST_CASE("cuda codegen: the PTX really uses 16-byte vector memory operations") {
  const std::string source = lower_to_cuda(mixed_kernel());
  const gpu::CudaImage ptx = gpu::compile_cuda(source, "mixed.cu", "compute_90");
  CHECK_FALSE(ptx.is_cubin);
  const std::string text(ptx.data.begin(), ptx.data.end());
  // 16-byte loads: through the read-only path (.nc) when the element function is inlined; with a
  // __noinline__ element function (math-library calls) the compiler keeps plain global loads.
  auto has = [&](const std::string& op) { return text.find(op) != std::string::npos; };
  CHECK((has("ld.global.nc.v4.f32") || has("ld.global.v4.f32")));
  CHECK((has("ld.global.nc.v2.f64") || has("ld.global.v2.f64")));
  CHECK(text.find("st.global.v4.f32") != std::string::npos);
  CHECK(text.find("st.global.v2.f64") != std::string::npos);
}

TEST_CASE("cuda codegen: the element function is inlined unless it calls the math library") {
  auto element_qualifier = [](Op op, const gpu::CudaCodegenOptions& options) {
    KernelBuilder b;
    const int x = b.input(DType::Float32);
    const int y = b.push(Op::Mul, DType::Float32, {x, x});
    const ir::KernelIR k = b.finish({b.push(op, DType::Float32, {y})});
    const std::string source = gpu::lower_to_cuda_definitions(k, options);
    if (source.find("__device__ __forceinline__ " + k.name() + "_outputs " + k.name() + "_element(") !=
        std::string::npos)
      return std::string("inline");
    if (source.find("__device__ __noinline__ " + k.name() + "_outputs " + k.name() + "_element(") != std::string::npos)
      return std::string("noinline");
    return std::string("neither");
  };
  CHECK(element_qualifier(Op::Neg, {}) == "inline");
  CHECK(element_qualifier(Op::Sqrt, {}) == "inline");  // one instruction sequence, no library call
  for (Op op : {Op::Exp, Op::Log, Op::Sin, Op::Cos, Op::Tanh, Op::Erf}) {
    CAPTURE(info(op).name);
    CHECK(element_qualifier(op, {}) == "noinline");
    gpu::CudaCodegenOptions forced;
    forced.inline_element = true;
    CHECK(element_qualifier(op, forced) == "inline");
  }
}

TEST_CASE("cuda codegen: each op is spelled with the helper its semantics need") {
  auto statement = [](Op op, DType operand, DType result) {
    KernelBuilder b;
    const int x = b.input(operand);
    const int r = info(op).arity == 1 ? b.push(op, result, {x}) : b.push(op, result, {x, b.input(operand)});
    const std::string source = gpu::lower_to_cuda_definitions(b.finish({r}));
    const std::string prefix = "const " + std::string(gpu::cuda_type(result)) + " v" + std::to_string(r) + " = ";
    const auto begin = source.find(prefix);
    REQUIRE(begin != std::string::npos);
    return source.substr(begin + prefix.size(), source.find(';', begin) - begin - prefix.size());
  };
  // Integers wrap without signed-overflow UB.
  CHECK(statement(Op::Add, DType::Int32, DType::Int32) == "sinter_wrapping_add(v0, v1)");
  CHECK(statement(Op::Mul, DType::Int64, DType::Int64) == "sinter_wrapping_mul(v0, v1)");
  CHECK(statement(Op::Neg, DType::Int64, DType::Int64) == "sinter_wrapping_neg(v0)");
  CHECK(statement(Op::Abs, DType::Int32, DType::Int32) == "sinter_wrapping_abs(v0)");
  // Floats are plain IEEE arithmetic and the standard (non-fast) math functions.
  CHECK(statement(Op::Add, DType::Float32, DType::Float32) == "v0 + v1");
  CHECK(statement(Op::Div, DType::Float64, DType::Float64) == "v0 / v1");
  CHECK(statement(Op::Sqrt, DType::Float32, DType::Float32) == "sqrtf(v0)");
  CHECK(statement(Op::Erf, DType::Float64, DType::Float64) == "erf(v0)");
  CHECK(statement(Op::Pow, DType::Float32, DType::Float32) == "powf(v0, v1)");
  CHECK(statement(Op::Abs, DType::Float32, DType::Float32) == "fabsf(v0)");
  // NaN- and signed-zero-aware minimum/maximum.
  CHECK(statement(Op::Minimum, DType::Float32, DType::Float32) == "sinter_minimum(v0, v1)");
  CHECK(statement(Op::Maximum, DType::Float64, DType::Float64) == "sinter_maximum(v0, v1)");
  // Casts with defined results everywhere.
  CHECK(statement(Op::Cast, DType::Float32, DType::Int32) == "sinter_saturating_int32(v0)");
  CHECK(statement(Op::Cast, DType::Float64, DType::Int64) == "sinter_saturating_int64(v0)");
  CHECK(statement(Op::Cast, DType::Float64, DType::Float32) == "sinter_float64_to_float32(v0)");
  CHECK(statement(Op::Cast, DType::Int64, DType::Int32) == "sinter_int64_to_int32(v0)");
  CHECK(statement(Op::Cast, DType::Float32, DType::Bool) == "v0 != 0");
  CHECK(statement(Op::Cast, DType::Bool, DType::Float64) == "(double)v0");
  CHECK(statement(Op::Cast, DType::Int64, DType::Float32) == "(float)v0");
  CHECK(statement(Op::Lt, DType::Float32, DType::Bool) == "v0 < v1");
  CHECK(statement(Op::And, DType::Bool, DType::Bool) == "v0 && v1");
}

// ir::verify (called by the lowering) rejects IR outside the type rules: a bug in whatever built it.
TEST_CASE(
    "cuda codegen: IR outside the catalogue's type rules is rejected with InternalError, bad options with "
    "CompileError") {
  auto lower_one = [](Op op, DType operand, DType result) {
    KernelBuilder b;
    const int x = b.input(operand);
    const int r = info(op).arity == 1 ? b.push(op, result, {x}) : b.push(op, result, {x, b.input(operand)});
    return lower_to_cuda(b.finish({r}));
  };
  CHECK_THROWS_AS(lower_one(Op::Sqrt, DType::Int32, DType::Int32), InternalError);
  CHECK_THROWS_AS(lower_one(Op::Add, DType::Bool, DType::Bool), InternalError);
  CHECK_THROWS_AS(lower_one(Op::Div, DType::Int64, DType::Int64), InternalError);
  CHECK_THROWS_AS(lower_one(Op::Not, DType::Float32, DType::Float32), InternalError);
  CHECK_THROWS_AS(lower_one(Op::Lt, DType::Float32, DType::Float32), InternalError);  // compare yields bool
  {
    KernelBuilder b;
    const int x = b.input(DType::Float32), y = b.input(DType::Float64);
    CHECK_THROWS_AS(lower_to_cuda(b.finish({b.push(Op::Add, DType::Float64, {x, y})})), InternalError);
  }
  {
    KernelBuilder b;
    const int c = b.input(DType::Int32), x = b.input(DType::Float32);
    CHECK_THROWS_AS(lower_to_cuda(b.finish({b.push(Op::Where, DType::Float32, {c, x, x})})), InternalError);
  }
  {
    KernelBuilder b;
    b.input(DType::Float32);
    b.k.body[0].dtype = DType::Float64;  // reads a float32 buffer as float64
    CHECK_THROWS_AS(lower_to_cuda(b.finish({0})), InternalError);
  }
  {
    KernelBuilder b;
    const int x = b.input(DType::Float32);
    const ir::KernelIR k = b.finish({x});
    CHECK_THROWS_AS(lower_to_cuda(k, {3}), CompileError);
    try {
      lower_to_cuda(k, {3});
    } catch (const CompileError& e) { CHECK(std::string(e.what()).find("elements_per_thread") != std::string::npos); }
  }
}

TEST_CASE("nvrtc: a failing compile raises CompileError with the NVRTC log and the numbered source") {
  const std::string bad = "extern \"C\" __global__ void broken(float* out) {\n  out[0] = undeclared_name;\n}\n";
  CHECK_THROWS_AS(gpu::compile_cuda_to_cubin(bad), CompileError);
  try {
    gpu::compile_cuda_to_cubin(bad);
  } catch (const CompileError& e) {
    const std::string message = e.what();
    CHECK(message.find("sm_90") != std::string::npos);
    CHECK(message.find("undeclared_name") != std::string::npos);                      // from the log
    CHECK(message.find("    2 |   out[0] = undeclared_name;") != std::string::npos);  // numbered source
  }
}

TEST_CASE("nvrtc: targets follow the compute capability, PTX only where NVRTC lacks the architecture") {
  CHECK(gpu::nvrtc_target_for(9, 0) == "sm_90");
  CHECK(gpu::nvrtc_target_for(8, 0) == "sm_80");
  const auto future = gpu::nvrtc_target_for(99, 0);
  REQUIRE(future);
  CHECK(future->starts_with("compute_"));
  CHECK_FALSE(gpu::nvrtc_target_for(2, 0));
  const auto options = gpu::nvrtc_options("sm_90");
  CHECK(std::find(options.begin(), options.end(), "--gpu-architecture=sm_90") != options.end());
  CHECK(std::find(options.begin(), options.end(), "--fmad=false") != options.end());
  CHECK(std::find(options.begin(), options.end(), "--use_fast_math") == options.end());
  CHECK_FALSE(gpu::nvrtc_version().empty());
}

TEST_CASE("nvrtc: --minimal (a shorter front end) leaves the CUBIN byte for byte the same") {
  std::vector<std::string> options = gpu::nvrtc_options("sm_90");
  const auto minimal = std::find(options.begin(), options.end(), "--minimal");
  if (minimal == options.end()) return;  // NVRTC before 12.4
  const std::string source = lower_to_cuda(mixed_kernel());
  const gpu::CudaImage with = gpu::compile_cuda_with_options(source, "minimal.cu", "sm_90", options);
  options.erase(minimal);
  const gpu::CudaImage without = gpu::compile_cuda_with_options(source, "minimal.cu", "sm_90", options);
  CHECK(with.log.empty());
  CHECK(with.data == without.data);
}

// ---- The tuning knobs (runtime/cuda/tuning.h), read once per process: checked in child runs ----

TEST_CASE("child: cuda tuning knobs" * doctest::skip()) {
  const gpu::CudaCodegenOptions& o = gpu::codegen_options();
  const gpu::ReductionTuning& t = gpu::reduction_tuning();
  MESSAGE("knobs: elements " << o.elements_per_thread << " inline " << (o.inline_element ? 1 : 0) << " batch "
                             << o.reduction_batch << " min_blocks " << o.min_blocks_per_multiprocessor << " waves "
                             << gpu::grid_waves() << " threads " << t.max_threads_per_output << " min_elements "
                             << t.min_elements_per_thread);
}

TEST_CASE("the CUDA tuning knobs take their documented values and name what is wrong with a bad one") {
  struct Run {
    const char* environment;
    bool valid;
    const char* output;  // the child's line of values, or the ConfigError's message
  };
  const Run runs[] = {
      {"env -u SINTER_CUDA_ELEMENTS_PER_THREAD -u SINTER_CUDA_INLINE_ELEMENT -u SINTER_CUDA_REDUCTION_BATCH "
       "-u SINTER_CUDA_GRID_WAVES -u SINTER_CUDA_REDUCTION_THREADS -u SINTER_CUDA_REDUCTION_MIN_ELEMENTS "
       "-u SINTER_CUDA_MIN_BLOCKS",
       true, "knobs: elements 4 inline 0 batch 4 min_blocks 0 waves 0 threads 256 min_elements 128"},
      {"SINTER_CUDA_ELEMENTS_PER_THREAD=8 SINTER_CUDA_INLINE_ELEMENT=1 SINTER_CUDA_REDUCTION_BATCH=16 "
       "SINTER_CUDA_GRID_WAVES=3 SINTER_CUDA_REDUCTION_THREADS=64 SINTER_CUDA_REDUCTION_MIN_ELEMENTS=4096 "
       "SINTER_CUDA_MIN_BLOCKS=6",
       true, "knobs: elements 8 inline 1 batch 16 min_blocks 6 waves 3 threads 64 min_elements 4096"},
      {"SINTER_CUDA_ELEMENTS_PER_THREAD=3", false,
       "SINTER_CUDA_ELEMENTS_PER_THREAD=\"3\" is invalid: expected a power of two from 1 to 8"},
      {"SINTER_CUDA_INLINE_ELEMENT=yes", false,
       "SINTER_CUDA_INLINE_ELEMENT=\"yes\" is invalid: expected an integer from 0 to 1"},
      {"SINTER_CUDA_REDUCTION_BATCH=' 4'", false,
       "SINTER_CUDA_REDUCTION_BATCH=\" 4\" is invalid: expected an integer from 1 to 16"},
      {"SINTER_CUDA_REDUCTION_BATCH=17", false,
       "SINTER_CUDA_REDUCTION_BATCH=\"17\" is invalid: expected an integer from 1 to 16"},
      {"SINTER_CUDA_MIN_BLOCKS=33", false,
       "SINTER_CUDA_MIN_BLOCKS=\"33\" is invalid: expected an integer from 0 to 32"},
      {"SINTER_CUDA_GRID_WAVES=-1", false,
       "SINTER_CUDA_GRID_WAVES=\"-1\" is invalid: expected an integer from 0 to 1024"},
      {"SINTER_CUDA_REDUCTION_THREADS=48", false,
       "SINTER_CUDA_REDUCTION_THREADS=\"48\" is invalid: expected a power of two from 1 to 256"},
      {"SINTER_CUDA_REDUCTION_MIN_ELEMENTS=", false,
       "SINTER_CUDA_REDUCTION_MIN_ELEMENTS=\"\" is invalid: expected a power of two from 16 to 4096"},
  };
  for (const Run& run : runs) {
    const std::string environment = run.environment;
    const test::ChildRun child = test::run_child(environment, "child: cuda tuning knobs");
    CAPTURE(environment);
    CAPTURE(child.output);
    CHECK((child.exit_code == 0) == run.valid);
    CHECK(child.output.find(run.output) != std::string::npos);
  }
}
