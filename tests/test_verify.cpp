// ir::verify: each rule of the kernel IR's specification, broken one at a time in a hand-built
// kernel, is rejected with InternalError naming the kernel, the place and the problem; the
// interpreter and the CPU compiler refuse such a kernel on entry. (Every golden kernel passing is
// in test_golden_codegen.cpp, every op and dtype in test_op_sweep.cpp.)
#include <string>

#include "interpret.h"
#include "ir/verify.h"
#include "kernel_builder.h"
#include "support.h"
#if SINTER_WITH_LLVM
#include "codegen/llvm/llvm_jit.h"
#endif

using namespace sinter;
using test::KernelBuilder;

namespace {

/// The message ir::verify throws for `k` ("" when it passes).
std::string rejection(const ir::KernelIR& k) {
  try {
    ir::verify(k);
  } catch (const InternalError& e) { return e.what(); }
  return "";
}

/// Checks that `k` is rejected with a message naming the kernel and containing `what`.
void check_rejected(const ir::KernelIR& k, const std::string& what) {
  const std::string message = rejection(k);
  INFO(message);
  REQUIRE_MESSAGE(!message.empty(), "ir::verify accepted a kernel that should fail with: " << what);
  CHECK(message.find("ir::verify: kernel " + k.name()) != std::string::npos);
  CHECK(message.find(what) != std::string::npos);
}

/// x + 1 over float32: well-formed, the base most cases break.
KernelBuilder add_one() {
  KernelBuilder b;
  const int x = b.input(DType::Float32);
  const int one = b.scalar(DType::Float32);
  b.push(Op::Add, DType::Float32, {x, one});
  return b;
}

/// sum(x) per output, then * s: a well-formed reduction kernel (flat).
KernelBuilder sum_times_scalar() {
  KernelBuilder b;
  const int x = b.input(DType::Float64);
  const int r = b.push(Op::Sum, DType::Float64, {x});
  const int s = b.scalar(DType::Float64);
  b.per_output(r);
  b.per_output(s);
  b.per_output(b.push(Op::Mul, DType::Float64, {r, s}));
  return b;
}

/// A 2-d kernel reading input 0 through layout 0 (strides $2, $3; sizes $0, $1).
KernelBuilder strided_read() {
  KernelBuilder b;
  for (int d = 0; d < 4; ++d) b.k.scalars.push_back(DType::Int64);
  b.k.rank = 2;
  b.k.shape_slot = 0;
  b.k.layouts.push_back({2, ir::InnerStride::Runtime, false});
  const int x = b.input(DType::Int32);
  b.k.body[static_cast<std::size_t>(x)].layout = 0;
  return b;
}

}  // namespace

TEST_CASE("ir::verify accepts well-formed kernels: elementwise, reduction, strided, a write") {
  CHECK(rejection(add_one().finish({2})).empty());
  CHECK(rejection(sum_times_scalar().finish({3})).empty());
  CHECK(rejection(strided_read().finish({0})).empty());
  KernelBuilder write = strided_read();
  write.k.output_layouts = {0};
  CHECK(rejection(write.finish({0})).empty());
}

TEST_CASE("ir::verify: instructions: op, operand count, operand order") {
  SUBCASE("an op outside the catalogue") {
    KernelBuilder b = add_one();
    b.k.body[2].op = static_cast<Op>(kOpInfo.size());
    check_rejected(b.finish({2}), "instruction %2: op " + std::to_string(kOpInfo.size()) + " is not in the catalogue");
  }
  SUBCASE("fewer operands than the op's arity") {
    KernelBuilder b = add_one();
    b.k.body[2].num_args = 1;
    check_rejected(b.finish({2}), "instruction %2 (add): has 1 operands; the op takes 2");
  }
  SUBCASE("more operands than the op's arity") {
    KernelBuilder b;
    const int x = b.input(DType::Float32);
    check_rejected(b.finish({b.push(Op::Neg, DType::Float32, {x, x})}), "(neg): has 2 operands; the op takes 1");
  }
  SUBCASE("an operand that is a later instruction, or itself") {
    KernelBuilder b = add_one();
    b.k.body[2].args[1] = 3;
    b.push(Op::Neg, DType::Float32, {0});
    check_rejected(b.finish({2}), "instruction %2 (add): operand 1 is %3, not an earlier instruction");
    b.k.body[2].args[1] = 2;
    check_rejected(b.finish({2}), "operand 1 is %2, not an earlier instruction");
    b.k.body[2].args[1] = -1;
    check_rejected(b.finish({2}), "operand 1 is %-1, not an earlier instruction");
  }
  SUBCASE("a slot or a layout on an op with operands") {
    KernelBuilder b = add_one();
    b.k.body[2].slot = 0;
    check_rejected(b.finish({2}), "instruction %2 (add): an op with operands has no slot or layout");
  }
  SUBCASE("an element type outside the list") {
    KernelBuilder b = add_one();
    b.k.body[2].dtype = static_cast<DType>(kAllDTypes.size());
    check_rejected(b.finish({2}), "is not an element type");
  }
}

TEST_CASE("ir::verify: operand and result types follow the op's type rule") {
  auto unary = [](Op op, DType operand, DType result) {
    KernelBuilder b;
    const int x = b.input(operand);
    return b.finish({b.push(op, result, {x})});
  };
  auto binary = [](Op op, DType a, DType c, DType result) {
    KernelBuilder b;
    const int x = b.input(a), y = b.input(c);
    return b.finish({b.push(op, result, {x, y})});
  };
  check_rejected(unary(Op::Sqrt, DType::Int32, DType::Int32),
                 "(sqrt): operand types (int32) and result type int32: the op does not accept int32");
  check_rejected(unary(Op::Neg, DType::Bool, DType::Bool),
                 "(neg): operand types (bool) and result type bool: the op does not accept bool");
  check_rejected(unary(Op::Not, DType::Float32, DType::Bool), "the op does not accept float32");
  check_rejected(
      unary(Op::Exp, DType::Float32, DType::Float64),
      "(exp): operand types (float32) and result type float64: the result type does not follow the op's rule");
  check_rejected(unary(Op::Broadcast, DType::Float32, DType::Int32),
                 "(broadcast): operand types (float32) and result type int32: the result must have the operand's type");
  check_rejected(binary(Op::Add, DType::Float32, DType::Float64, DType::Float64),
                 "(add): operand types (float32, float64) and result type float64: the operands must have one type");
  check_rejected(binary(Op::Lt, DType::Float32, DType::Float32, DType::Float32),
                 "(lt): operand types (float32, float32) and result type float32: the result type does not follow");
  check_rejected(binary(Op::Div, DType::Int64, DType::Int64, DType::Float64),
                 "(div): operand types (int64, int64) and result type float64: the op does not accept int64");
  check_rejected(binary(Op::And, DType::Int32, DType::Int32, DType::Bool), "the op does not accept int32");
  {
    KernelBuilder b;
    const int c = b.input(DType::Int32), x = b.input(DType::Float32);
    check_rejected(
        b.finish({b.push(Op::Where, DType::Float32, {c, x, x})}),
        "(where): operand types (int32, float32, float32) and result type float32: the condition must be bool");
  }
  {
    KernelBuilder b;
    const int c = b.input(DType::Bool), x = b.input(DType::Float32), y = b.input(DType::Float64);
    check_rejected(b.finish({b.push(Op::Where, DType::Float64, {c, x, y})}), "both values must have the result type");
  }
  {  // a cast takes any type to any type
    CHECK(rejection(unary(Op::Cast, DType::Float64, DType::Bool)).empty());
    CHECK(rejection(unary(Op::Cast, DType::Bool, DType::Int64)).empty());
  }
  auto reduction = [](Op op, DType operand, DType result) {
    KernelBuilder b;
    const int x = b.input(operand);
    const int r = b.push(op, result, {x});
    b.per_output(r);
    return b.finish({r});
  };
  CHECK(rejection(reduction(Op::Sum, DType::Float32, DType::Float32)).empty());
  check_rejected(
      reduction(Op::Sum, DType::Float32, DType::Float64),
      "(sum): operand types (float32) and result type float64: the result type does not follow the op's rule");
  check_rejected(reduction(Op::Any, DType::Float32, DType::Bool),
                 "(any): operand types (float32) and result type bool: the op does not accept float32");
  check_rejected(reduction(Op::ArgMax, DType::Float32, DType::Int32),
                 "(argmax): operand types (float32) and result type int32: the result type does not follow");
}

TEST_CASE("ir::verify: buffer and scalar slots, the index") {
  SUBCASE("an input slot out of range") {
    KernelBuilder b = add_one();
    b.k.body[0].slot = 3;
    check_rejected(b.finish({2}), "instruction %0 (buffer): reads input slot 3 of 1");
  }
  SUBCASE("an input read as another type") {
    KernelBuilder b;
    b.input(DType::Float32);
    b.k.body[0].dtype = DType::Float64;
    check_rejected(b.finish({0}), "instruction %0 (buffer): reads input slot 0 of type float32 as float64");
  }
  SUBCASE("a scalar slot out of range") {
    KernelBuilder b = add_one();
    b.k.body[1].slot = -1;
    check_rejected(b.finish({2}), "instruction %1 (scalar): reads scalar slot -1 of 1");
  }
  SUBCASE("a scalar read as another type") {
    KernelBuilder b = add_one();
    b.k.scalars[0] = DType::Int32;
    check_rejected(b.finish({2}), "instruction %1 (scalar): reads scalar slot 0 of type int32 as float32");
  }
  SUBCASE("a layout on a scalar") {
    KernelBuilder b = add_one();
    b.k.body[1].layout = 0;
    check_rejected(b.finish({2}), "instruction %1 (scalar): has layout 0; only a buffer read has one");
  }
  SUBCASE("an index that is not int64, or has a slot") {
    KernelBuilder b;
    const int i = b.push(Op::Index, DType::Int32);
    check_rejected(b.finish({i}), "instruction %0 (index): the index is int64, not int32");
    b.k.body[0].dtype = DType::Int64;
    b.k.body[0].slot = 0;
    check_rejected(b.finish({i}), "instruction %0 (index): has slot 0; only buffer and scalar reads have one");
  }
}

TEST_CASE("ir::verify: layouts and the iteration space") {
  SUBCASE("a read through a layout the kernel does not have") {
    KernelBuilder b = strided_read();
    b.k.body[0].layout = 1;
    check_rejected(b.finish({0}), "instruction %0 (buffer): reads through layout 1 of 1");
  }
  SUBCASE("layouts without dimensions") {
    KernelBuilder b = strided_read();
    b.k.rank = 0;
    check_rejected(b.finish({0}), "the iteration space: layouts without dimensions (rank 0)");
  }
  SUBCASE("more dimensions than kMaxDims") {
    KernelBuilder b = strided_read();
    b.k.rank = kMaxDims + 1;
    check_rejected(b.finish({0}), "the iteration space: rank " + std::to_string(kMaxDims + 1));
  }
  SUBCASE("the sizes outside the scalar parameters, or not int64") {
    KernelBuilder b = strided_read();
    b.k.shape_slot = 3;
    check_rejected(b.finish({0}), "the iteration space: its sizes $3.. are not 2 int64 scalar parameters");
    b.k.shape_slot = 0;
    b.k.scalars[1] = DType::Int32;
    check_rejected(b.finish({0}), "its sizes $0.. are not 2 int64 scalar parameters");
  }
  SUBCASE("a layout's strides outside the scalar parameters") {
    KernelBuilder b = strided_read();
    b.k.layouts[0].stride_slot = 3;
    check_rejected(b.finish({0}), "layout @0: its strides $3.. are not 2 int64 scalar parameters");
  }
  SUBCASE("an inner stride kind outside the enum") {
    KernelBuilder b = strided_read();
    b.k.layouts[0].inner = static_cast<ir::InnerStride>(7);
    check_rejected(b.finish({0}), "layout @0: inner stride kind 7");
  }
  SUBCASE("reduce_rank in an elementwise kernel") {
    KernelBuilder b = strided_read();
    b.k.reduce_rank = 1;
    check_rejected(b.finish({0}), "the iteration space: reduce_rank 1 with rank 2 in an elementwise kernel");
  }
}

TEST_CASE("ir::verify: outputs") {
  SUBCASE("none") { check_rejected(add_one().finish({}), "the outputs: a kernel needs at least one output"); }
  SUBCASE("an instruction the kernel does not have") {
    check_rejected(add_one().finish({2, 3}), "output 1: is %3 of 3 instructions");
  }
  SUBCASE("output layouts, not one per output") {
    KernelBuilder b = strided_read();
    b.k.output_layouts = {0, -1};
    check_rejected(b.finish({0}), "the outputs: 2 output layouts for 1 outputs");
  }
  SUBCASE("written through a layout the kernel does not have") {
    KernelBuilder b = strided_read();
    b.k.output_layouts = {2};
    check_rejected(b.finish({0}), "output 0: is written through layout 2 of 1");
  }
}

TEST_CASE("ir::verify: a reduction kernel's per-element and per-output instructions") {
  SUBCASE("a reduction not marked per output") {
    KernelBuilder b = sum_times_scalar();
    b.k.body[1].per_output = false;
    check_rejected(b.finish({3}), "instruction %1 (sum): a reduction is a per-output instruction");
  }
  SUBCASE("a per-element instruction written") {
    check_rejected(sum_times_scalar().finish({3, 0}),
                   "output 1: is %0, a per-element instruction; only per-output ones may be written");
  }
  SUBCASE("a per-output instruction using a per-element value") {
    KernelBuilder b = sum_times_scalar();
    b.k.body[3].args[1] = 0;
    check_rejected(b.finish({3}), "instruction %3 (mul): (per output) uses %0 (per element)");
  }
  SUBCASE("a per-element instruction using a per-output value") {
    KernelBuilder b = sum_times_scalar();
    b.push(Op::Neg, DType::Float64, {2});  // never written: dead instructions are checked too
    check_rejected(b.finish({3}), "instruction %4 (neg): (per element) uses %2 (per output)");
  }
  SUBCASE("a reduction folding a per-output value") {
    KernelBuilder b = sum_times_scalar();
    const int again = b.push(Op::Max, DType::Float64, {3});
    b.per_output(again);
    check_rejected(b.finish({again}),
                   "(max): (per output) uses %3 (per output); a reduction folds a per-element value");
  }
  SUBCASE("an output written through a layout") {
    KernelBuilder b = sum_times_scalar();
    b.k.output_layouts = {0};
    check_rejected(b.finish({3}), "output 0: has a layout; a reduction kernel writes at the output index");
  }
  SUBCASE("a per-element read through a per-output layout") {
    KernelBuilder b = sum_times_scalar();
    for (int d = 0; d < 3; ++d) b.k.scalars.push_back(DType::Int64);
    b.k.rank = 2;
    b.k.reduce_rank = 1;
    b.k.shape_slot = 1;  // sizes $1, $2; per-output strides: $3 (the kept dimension)
    b.k.layouts.push_back({3, ir::InnerStride::Unit, true});
    b.k.body[0].layout = 0;
    check_rejected(b.finish({3}),
                   "instruction %0 (buffer): (per element) reads through layout @0, which is per output");
    b.k.reduce_rank = 3;
    check_rejected(b.finish({3}), "the iteration space: reduce_rank 3 with rank 2");
  }
  SUBCASE("per output in an elementwise kernel") {
    KernelBuilder b = add_one();
    b.per_output(2);
    check_rejected(b.finish({2}), "instruction %2 (add): per output in an elementwise kernel");
  }
}

TEST_CASE("ir::verify runs where kernels enter the interpreter and the CPU compiler") {
  KernelBuilder b = add_one();
  b.k.body[0].slot = 1;  // input slot 1 of 1: reading it would touch memory the launch never gave
  const ir::KernelIR bad = b.finish({2});
  ir::KernelArgs args;
  args.n = 1;
  CHECK_THROWS_WITH_AS(interpret(bad, args), doctest::Contains("reads input slot 1 of 1"), InternalError);
#if SINTER_WITH_LLVM
  CHECK_THROWS_WITH_AS(llvm_backend::compile_cpu_kernel(bad), doctest::Contains("reads input slot 1 of 1"),
                       InternalError);
#endif
  CHECK_THROWS_WITH_AS(backend_for(cpu()).compile(bad), doctest::Contains("reads input slot 1 of 1"), InternalError);
}
