// The checked view of a kernel's IR and the spelling of one instruction, shared by the
// elementwise and the reduction lowering.
#include "codegen/cuda/kernel_analysis.h"

#include <algorithm>

#include "codegen/cuda/cuda_spelling.h"
#include "ir/control.h"
#include "ir/verify.h"
#include "sinter/error.h"

namespace sinter::gpu {
namespace {

using std::size_t;

std::string str(size_t v) { return std::to_string(v); }

}  // namespace

void invalid(const ir::KernelIR& kernel, const std::string& why) {
  throw CompileError("lower_to_cuda: kernel " + kernel.name() + ": " + why + "\n" + ir::to_string(kernel));
}

KernelShape analyse(const ir::KernelIR& kernel, const CudaCodegenOptions& options) {
  // What every backend relies on (operands, types, slots, layouts, reduction structure) is
  // ir::verify's, and throws InternalError; only the options are checked here.
  ir::verify(kernel);
  const int e = options.elements_per_thread;
  if (e != 1 && e != 2 && e != 4 && e != 8)
    invalid(kernel, "elements_per_thread must be 1, 2, 4 or 8, not " + std::to_string(e));
  if (!options.entry_32 && !options.entry_64) invalid(kernel, "no entry point requested");
  const bool reduction = kernel.is_reduction();
  KernelShape shape;
  shape.name = kernel.name();
  shape.elements = e;
  for (size_t i = 0; i < kernel.inputs.size(); ++i)
    shape.operands.push_back({"in" + str(i), kernel.inputs[i], false, i});
  for (size_t k = 0; k < kernel.outputs.size(); ++k)
    shape.operands.push_back({"out" + str(k), kernel.output_dtype(k), true, k});
  // Liveness: walk backwards from the outputs; operands always precede their users.
  shape.live.assign(kernel.body.size(), false);
  for (auto out : kernel.outputs) shape.live[static_cast<size_t>(out)] = true;
  shape.input_used.assign(kernel.inputs.size(), false);
  shape.scalar_used.assign(kernel.scalars.size(), false);
  shape.output_scalar_used.assign(kernel.scalars.size(), false);
  // Control flow is live as a whole: a loop's markers and next values have no users.
  for (size_t i = 0; i < kernel.body.size(); ++i)
    if (is_control(kernel.body[i].op)) shape.live[i] = true;
  for (size_t i = kernel.body.size(); i-- > 0;) {
    if (!shape.live[i]) continue;
    const ir::Instr& in = kernel.body[i];
    const bool per_output = reduction && in.per_output;
    if (!per_output && calls_math_library(in.op)) shape.inline_element = options.inline_element;
    for (int a = 0; a < in.num_args; ++a) shape.live[static_cast<size_t>(in.args[static_cast<size_t>(a)])] = true;
    const auto slot = static_cast<size_t>(in.slot);
    if (in.op == Op::Buffer) {
      shape.input_used[slot] = true;
      auto& reads = per_output ? shape.output_reads : shape.reads;
      const std::pair<size_t, int> read{slot, in.layout};
      if (std::find(reads.begin(), reads.end(), read) == reads.end()) reads.push_back(read);
    } else if (in.op == Op::Scalar) {
      (per_output ? shape.output_scalar_used : shape.scalar_used)[slot] = true;
    }
  }
  std::sort(shape.reads.begin(), shape.reads.end());
  std::sort(shape.output_reads.begin(), shape.output_reads.end());
  return shape;
}

std::string read_name(size_t slot, int layout) {
  return "in" + str(slot) + (layout < 0 ? "" : "_at" + std::to_string(layout));
}

std::string value_name(size_t instruction) { return "v" + str(instruction); }

std::string spell(const ir::KernelIR& kernel, size_t i) {
  const ir::Instr& in = kernel.body[i];
  switch (in.op) {
    case Op::Buffer: return read_name(static_cast<size_t>(in.slot), in.layout);
    case Op::Scalar: return "s" + std::to_string(in.slot);
    case Op::Index: return "(long long)i";
    default: break;
  }
  std::vector<DType> types;
  std::vector<std::string> names;
  for (int a = 0; a < in.num_args; ++a) {
    const auto arg = static_cast<size_t>(in.args[static_cast<size_t>(a)]);
    types.push_back(kernel.body[arg].dtype);
    names.push_back(value_name(arg));
  }
  return spell_instruction(in, types, names);
}

std::string element_statements(const ir::KernelIR& k, const KernelShape& shape, bool per_output) {
  bool control = false;
  for (const ir::Instr& in : k.body) control = control || is_control(in.op);
  const ir::ControlFlow cf = control ? ir::control_flow(k) : ir::ControlFlow{};
  std::string s;
  size_t depth = 1;
  auto line = [&](const std::string& text) { s += std::string(2 * depth, ' ') + text + "\n"; };
  auto type = [&](std::int32_t j) { return std::string(cuda_type(k.body[static_cast<size_t>(j)].dtype)); };
  auto name = [&](std::int32_t j) { return value_name(static_cast<size_t>(j)); };
  for (size_t i = 0; i < k.body.size(); ++i) {
    const ir::Instr& in = k.body[i];
    if (!shape.live[i] || in.per_output != per_output || is_reduction(in.op)) continue;
    const auto self = static_cast<std::int32_t>(i);
    switch (in.op) {
      case Op::LoopBegin: {  // the trip count, the states, then the loop
        const ir::ControlRegion& r = cf.of(i);
        line("long long " + name(self) + " = 0ll;  // trips");
        for (std::int32_t j = self + 1; j <= self + r.values; ++j)
          line(type(j) + " " + name(j) + " = " + name(k.body[static_cast<size_t>(j)].args[0]) + ";  // state");
        line("while (true) {");
        ++depth;
        break;
      }
      case Op::LoopState: break;
      case Op::LoopNext: line("const " + type(self) + " " + name(self) + " = " + name(in.args[0]) + ";"); break;
      case Op::LoopCond:
        line("const bool " + name(self) + " = " + name(in.args[1]) + " && " + name(in.args[0]) + " < " +
             name(k.body[static_cast<size_t>(in.args[0])].args[0]) + ";");
        line("if (!" + name(self) + ") break;");
        break;
      case Op::LoopEnd: {  // every next value is computed before any state changes
        const ir::ControlRegion& r = cf.of(i);
        for (std::int32_t s_ = 0; s_ < r.values; ++s_)
          line(name(r.begin + 1 + s_) + " = " + name(self - r.values + s_) + ";");
        line("++" + name(r.begin) + ";");
        --depth;
        line("}");
        break;
      }
      case Op::IfBegin: {  // the results, then the branches
        const ir::ControlRegion& r = cf.of(i);
        for (std::int32_t j = r.end + 1; j <= r.end + r.values; ++j) line(type(j) + " " + name(j) + "{};");
        line("if (" + name(in.args[0]) + ") {");
        ++depth;
        break;
      }
      case Op::IfElse:
      case Op::IfEnd: {
        const ir::ControlRegion& r = cf.of(i);
        const size_t which = in.op == Op::IfElse ? 1 : 2;
        for (std::int32_t j = r.end + 1; j <= r.end + r.values; ++j)
          line(name(j) + " = " + name(k.body[static_cast<size_t>(j)].args[which]) + ";");
        --depth;
        line(in.op == Op::IfElse ? "} else {" : "}");
        if (in.op == Op::IfElse) ++depth;
        break;
      }
      case Op::IfResult: break;
      default: line("const " + type(self) + " " + name(self) + " = " + spell(k, i) + ";");
    }
  }
  return s;
}

std::string ir_listing_as_comment(const ir::KernelIR& kernel) {
  std::string listing = ir::to_string(kernel), out;
  size_t start = 0;
  while (start < listing.size()) {
    size_t end = listing.find('\n', start);
    if (end == std::string::npos) end = listing.size();
    out += "// " + listing.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

std::string pointer_and_scalar_params(const ir::KernelIR& kernel, const KernelShape& shape) {
  std::string s;
  for (const Operand& op : shape.operands)
    s += std::string(op.is_output ? "" : "const ") + std::string(cuda_type(op.dtype)) + "* __restrict__ " + op.name +
         ", ";
  for (size_t i = 0; i < kernel.scalars.size(); ++i)
    s += std::string(cuda_type(kernel.scalars[i])) + " s" + str(i) + ", ";
  return s;
}

std::string pointer_and_scalar_args(const ir::KernelIR& kernel, const KernelShape& shape) {
  std::string s;
  for (const Operand& op : shape.operands) s += op.name + ", ";
  for (size_t i = 0; i < kernel.scalars.size(); ++i) s += "s" + str(i) + ", ";
  return s;
}

}  // namespace sinter::gpu
