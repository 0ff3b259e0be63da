// ir::verify: one pass over the kernel, instruction by instruction, then the iteration space,
// the outputs and (for a reduction kernel) which instructions are per element and per output.
// Each rule is stated once here; the backends keep only what is their own (CUDA's options).
#include "ir/verify.h"

#include "ir/control.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "sinter/error.h"
#include "sinter/shape.h"

namespace sinter::ir {
namespace {

using std::size_t;

std::string str(size_t v) { return std::to_string(v); }
std::string type_name(DType t) { return std::string(name_of(t)); }

bool known_op(Op op) { return static_cast<size_t>(op) < kOpInfo.size(); }
bool known_dtype(DType t) { return static_cast<size_t>(t) < kAllDTypes.size(); }

/// Whether ir::to_string can print the kernel (it indexes by op, operand count and stride kind).
bool printable(const KernelIR& k) {
  for (const Instr& in : k.body)
    if (!known_op(in.op) || !known_dtype(in.dtype) || in.num_args > in.args.size()) return false;
  for (const Layout& l : k.layouts)
    if (static_cast<int>(l.inner) > static_cast<int>(InnerStride::Runtime)) return false;
  return true;
}

[[noreturn]] void fail(const KernelIR& k, const std::string& where, const std::string& why) {
  std::string what = "ir::verify: kernel " + k.name() + ": " + where + ": " + why;
  if (printable(k)) what += "\n" + to_string(k);
  throw InternalError(what);
}

std::string at(size_t i, const Instr& in) {
  return "instruction %" + str(i) + (known_op(in.op) ? " (" + std::string(info(in.op).name) + ")" : "");
}

/// True when `slot` .. `slot + count - 1` are int64 scalar parameters of the kernel.
bool int64_slots(const KernelIR& k, std::int32_t slot, int count) {
  if (slot < 0 || count < 0 || static_cast<size_t>(slot) + static_cast<size_t>(count) > k.scalars.size()) return false;
  for (int d = 0; d < count; ++d)
    if (k.scalars[static_cast<size_t>(slot) + static_cast<size_t>(d)] != DType::Int64) return false;
  return true;
}

/// A Buffer, Scalar or Index: its slot (or none) and layout (or none).
void check_leaf(const KernelIR& k, size_t i, const Instr& in) {
  const std::string where = at(i, in);
  const auto slot = static_cast<size_t>(in.slot);
  if (in.op == Op::Buffer) {
    if (in.slot < 0 || slot >= k.inputs.size())
      fail(k, where, "reads input slot " + std::to_string(in.slot) + " of " + str(k.inputs.size()));
    if (k.inputs[slot] != in.dtype)
      fail(k, where,
           "reads input slot " + str(slot) + " of type " + type_name(k.inputs[slot]) + " as " + type_name(in.dtype));
    if (in.layout < -1 || (in.layout >= 0 && static_cast<size_t>(in.layout) >= k.layouts.size()))
      fail(k, where, "reads through layout " + std::to_string(in.layout) + " of " + str(k.layouts.size()));
    return;
  }
  if (in.layout != -1) fail(k, where, "has layout " + std::to_string(in.layout) + "; only a buffer read has one");
  if (in.op == Op::Scalar) {
    if (in.slot < 0 || slot >= k.scalars.size())
      fail(k, where, "reads scalar slot " + std::to_string(in.slot) + " of " + str(k.scalars.size()));
    if (k.scalars[slot] != in.dtype)
      fail(k, where,
           "reads scalar slot " + str(slot) + " of type " + type_name(k.scalars[slot]) + " as " + type_name(in.dtype));
    return;
  }
  if (in.slot != -1) fail(k, where, "has slot " + std::to_string(in.slot) + "; only buffer and scalar reads have one");
  if (in.op == Op::Index && in.dtype != DType::Int64) fail(k, where, "the index is int64, not " + type_name(in.dtype));
}

/// An op with operands: their types against the op's rule (op.h), the result type by it.
void check_types(const KernelIR& k, size_t i, const Instr& in) {
  const std::string where = at(i, in);
  auto arg_type = [&](size_t a) { return k.body[static_cast<size_t>(in.args[a])].dtype; };
  std::string types;
  for (size_t a = 0; a < in.num_args; ++a) types += (a ? ", " : "") + type_name(arg_type(a));
  const std::string got = "operand types (" + types + ") and result type " + type_name(in.dtype);
  const TypeRule rule = info(in.op).rule;
  if (rule == TypeRule::Cast) return;
  if (rule == TypeRule::Select) {
    if (arg_type(0) != DType::Bool) fail(k, where, got + ": the condition must be bool");
    if (arg_type(1) != in.dtype || arg_type(2) != in.dtype)
      fail(k, where, got + ": both values must have the result type");
    return;
  }
  const DType t = arg_type(0);
  for (size_t a = 1; a < in.num_args; ++a)
    if (arg_type(a) != t) fail(k, where, got + ": the operands must have one type");
  if (rule == TypeRule::Same) {
    if (in.dtype != t) fail(k, where, got + ": the result must have the operand's type");
    return;
  }
  if (!accepts(in.op, t)) fail(k, where, got + ": the op does not accept " + type_name(t));
  if (in.dtype != result_dtype(in.op, t)) fail(k, where, got + ": the result type does not follow the op's rule");
}

/// A gather or an index check (ir/indexing.h): operand and result types, the buffer slot each
/// reads or writes, a gather's layout.
void check_indexed(const KernelIR& k, size_t i, const Instr& in) {
  const std::string where = at(i, in);
  auto arg_type = [&](size_t a) { return k.body[static_cast<size_t>(in.args[a])].dtype; };
  const auto slot = static_cast<size_t>(in.slot);
  if (in.slot < 0 || slot >= k.inputs.size())
    fail(k, where, "uses input slot " + std::to_string(in.slot) + " of " + str(k.inputs.size()));
  if (in.op == Op::Gather) {
    if (arg_type(0) != DType::Int64) fail(k, where, "the position must be int64, not " + type_name(arg_type(0)));
    if (k.inputs[slot] != in.dtype)
      fail(k, where,
           "reads input slot " + str(slot) + " of type " + type_name(k.inputs[slot]) + " as " + type_name(in.dtype));
    if (in.layout < -1 || (in.layout >= 0 && static_cast<size_t>(in.layout) >= k.layouts.size()))
      fail(k, where, "reads through layout " + std::to_string(in.layout) + " of " + str(k.layouts.size()));
    return;
  }
  if (!is_integer(arg_type(0))) fail(k, where, "the index must be an integer, not " + type_name(arg_type(0)));
  if (arg_type(1) != DType::Int64) fail(k, where, "the size must be int64, not " + type_name(arg_type(1)));
  if (in.dtype != DType::Int64) fail(k, where, "the position is int64, not " + type_name(in.dtype));
  if (k.inputs[slot] != DType::Int32) fail(k, where, "the error word (input slot " + str(slot) + ") must be int32");
  if (in.layout != -1) fail(k, where, "an index check has no layout");
}

void check_instruction(const KernelIR& k, size_t i) {
  const Instr& in = k.body[i];
  if (!known_op(in.op))
    fail(k, "instruction %" + str(i),
         "op " + str(size_t{static_cast<std::uint8_t>(in.op)}) + " is not in the catalogue");
  const std::string where = at(i, in);
  if (!known_dtype(in.dtype))
    fail(k, where, "type " + str(size_t{static_cast<std::uint8_t>(in.dtype)}) + " is not an element type");
  if (in.num_args != info(in.op).arity)
    fail(k, where, "has " + str(size_t{in.num_args}) + " operands; the op takes " + std::to_string(info(in.op).arity));
  for (size_t a = 0; a < in.num_args; ++a) {
    const std::int32_t arg = in.args[a];
    if (arg < 0 || static_cast<size_t>(arg) >= i)
      fail(k, where, "operand " + str(a) + " is %" + std::to_string(arg) + ", not an earlier instruction");
  }
  if (info(in.op).rule == TypeRule::Indexed) check_indexed(k, i, in);
  else if (is_fold_marker(in.op)) {
    if (in.slot != -1 || in.layout != -1) fail(k, where, "a fold marker has no slot or layout");
  } else if (in.num_args == 0) check_leaf(k, i, in);
  else if (in.slot != -1 || in.layout != -1) fail(k, where, "an op with operands has no slot or layout");
  else if (!is_control(in.op)) check_types(k, i, in);  // control flow: check_control_flow
}

/// The iteration space's sizes and each layout's strides: int64 scalar parameters.
void check_space(const KernelIR& k, bool reduction) {
  if (k.rank < 0 || k.rank > kMaxDims) fail(k, "the iteration space", "rank " + std::to_string(k.rank));
  if (k.reduce_rank < 0 || k.reduce_rank > k.rank || (!reduction && k.reduce_rank != 0))
    fail(k, "the iteration space",
         "reduce_rank " + std::to_string(k.reduce_rank) + " with rank " + std::to_string(k.rank) +
             (reduction ? "" : " in an elementwise kernel"));
  if (k.layouts.empty()) return;
  if (k.rank == 0) fail(k, "the iteration space", "layouts without dimensions (rank 0)");
  if (!int64_slots(k, k.shape_slot, k.rank))
    fail(k, "the iteration space",
         "its sizes $" + std::to_string(k.shape_slot) + ".. are not " + std::to_string(k.rank) +
             " int64 scalar parameters");
  for (size_t l = 0; l < k.layouts.size(); ++l) {
    const Layout& layout = k.layouts[l];
    if (layout.per_output && !reduction) fail(k, "layout @" + str(l), "per output in an elementwise kernel");
    if (static_cast<int>(layout.inner) > static_cast<int>(InnerStride::Runtime))
      fail(k, "layout @" + str(l), "inner stride kind " + std::to_string(static_cast<int>(layout.inner)));
    const int strides = layout.per_output ? k.rank - k.reduce_rank : k.rank;  // per output: the kept dimensions
    if (!int64_slots(k, layout.stride_slot, strides))
      fail(k, "layout @" + str(l),
           "its strides $" + std::to_string(layout.stride_slot) + ".. are not " + std::to_string(strides) +
               " int64 scalar parameters");
  }
}

void check_outputs(const KernelIR& k, bool reduction) {
  if (k.outputs.empty()) fail(k, "the outputs", "a kernel needs at least one output");
  if (k.is_scan()) {  // one reduction over at most one dimension, written as output 0 (ir/kernel.h)
    size_t folds = 0;
    for (const Instr& in : k.body) folds += is_reduction(in.op) ? 1 : 0;
    if (folds != 1 || k.outputs.size() != 1 || k.outputs[0] < 0 || static_cast<size_t>(k.outputs[0]) >= k.body.size() ||
        !is_reduction(k.body[static_cast<size_t>(k.outputs[0])].op) || k.reduce_rank > 1 || k.is_row_kernel())
      fail(k, "the scan", "a scan kernel writes its one reduction over at most one dimension, and nothing else");
  }
  if (!k.output_layouts.empty() && k.output_layouts.size() != k.outputs.size())
    fail(k, "the outputs", str(k.output_layouts.size()) + " output layouts for " + str(k.outputs.size()) + " outputs");
  for (size_t o = 0; o < k.outputs.size(); ++o) {
    const std::string where = "output " + str(o);
    const std::int32_t out = k.outputs[o];
    if (out < 0 || static_cast<size_t>(out) >= k.body.size())
      fail(k, where, "is %" + std::to_string(out) + " of " + str(k.body.size()) + " instructions");
    const std::int32_t layout = k.output_layout(o);
    if (reduction && !k.is_scan() && layout != -1)
      fail(k, where, "has a layout; a reduction kernel writes at the output index");
    if (layout < -1 || (layout >= 0 && static_cast<size_t>(layout) >= k.layouts.size()))
      fail(k, where, "is written through layout " + std::to_string(layout) + " of " + str(k.layouts.size()));
    if (k.is_scan() && layout >= 0 && k.layouts[static_cast<size_t>(layout)].per_output)
      fail(k, where, "is written through a per-output layout; a scan writes per element");
    const Instr& value = k.body[static_cast<size_t>(out)];
    if (k.is_row_kernel()) {
      if (!value.per_output && value.phase + 1 != k.phases)
        fail(k, where,
             "is %" + std::to_string(out) + ", a per-element instruction of phase " + str(value.phase) +
                 "; only the last phase's are written");
    } else if (reduction && !value.per_output) {
      fail(k, where, "is %" + std::to_string(out) + ", a per-element instruction; only per-output ones may be written");
    }
  }
}

/// A row kernel (ir/kernel.h): which phase's values an instruction of phase p may use.
void check_phase_use(const KernelIR& k, size_t i, const Instr& in, const Instr& arg, std::int32_t index) {
  const std::string use = " uses %" + std::to_string(index) + " (" + (arg.per_output ? "per row" : "per element") +
                          ", phase " + str(arg.phase) + ")";
  if (is_reduction(in.op)) {
    if (arg.per_output || arg.phase != in.phase)
      fail(k, at(i, in),
           "(a reduction of phase " + str(in.phase) + ")" + use + "; it folds a per-element value of its phase");
  } else if (in.per_output) {
    if (!arg.per_output || arg.phase > in.phase) fail(k, at(i, in), "(per row, phase " + str(in.phase) + ")" + use);
  } else if (arg.per_output ? arg.phase >= in.phase : arg.phase != in.phase) {
    fail(k, at(i, in), "(per element, phase " + str(in.phase) + ")" + use);
  }
}

/// A row kernel's phases: each instruction's in range; no reduction in the last one when it
/// writes elements (it is then an elementwise pass over the row).
void check_phases(const KernelIR& k) {
  if (!k.is_row_kernel()) {
    for (size_t i = 0; i < k.body.size(); ++i)
      if (k.body[i].phase != 0)
        fail(k, at(i, k.body[i]), "has phase " + str(k.body[i].phase) + " outside a row kernel");
    if (k.phases != 0) fail(k, "the phases", std::to_string(k.phases) + " phases");
    return;
  }
  if (k.phases < 2 || k.phases > 255)
    fail(k, "the phases", "a row kernel has 2 to 255 phases, not " + std::to_string(k.phases));
  bool writes_elements = false;
  for (std::int32_t out : k.outputs)
    writes_elements = writes_elements || (out >= 0 && static_cast<size_t>(out) < k.body.size() &&
                                          !k.body[static_cast<size_t>(out)].per_output);
  for (size_t i = 0; i < k.body.size(); ++i) {
    const Instr& in = k.body[i];
    if (in.phase >= k.phases) fail(k, at(i, in), "has phase " + str(in.phase) + " of " + std::to_string(k.phases));
    if (is_reduction(in.op) && in.phase + 1 == k.phases && writes_elements)
      fail(k, at(i, in), "a reduction in the last phase of a row kernel that writes elements");
  }
}

/// Per element or per output: what each instruction may use and read.
void check_kinds(const KernelIR& k, bool reduction) {
  auto kind = [](bool per_output) { return per_output ? std::string("per output") : std::string("per element"); };
  for (size_t i = 0; i < k.body.size(); ++i) {
    const Instr& in = k.body[i];
    if (!reduction) {
      if (in.per_output) fail(k, at(i, in), "per output in an elementwise kernel");
      continue;
    }
    const bool folds = is_reduction(in.op) || in.op == Op::FoldOperand;
    if ((folds || is_fold_marker(in.op)) && !in.per_output)
      fail(k, at(i, in), "a reduction is a per-output instruction");
    const bool wanted = in.per_output && !folds;  // a reduction folds a per-element value
    for (size_t a = 0; a < in.num_args; ++a) {
      const Instr& arg = k.body[static_cast<size_t>(in.args[a])];
      if (k.is_row_kernel()) {
        check_phase_use(k, i, in, arg, in.args[a]);
        continue;
      }
      if (arg.per_output != wanted)
        fail(k, at(i, in),
             "(" + kind(in.per_output) + ") uses %" + std::to_string(in.args[a]) + " (" + kind(arg.per_output) + ")" +
                 (folds ? "; a reduction folds a per-element value" : ""));
    }
    if (in.op == Op::Buffer && in.layout >= 0 && k.layouts[static_cast<size_t>(in.layout)].per_output != in.per_output)
      fail(k, at(i, in),
           "(" + kind(in.per_output) + ") reads through layout @" + std::to_string(in.layout) + ", which is " +
               kind(!in.per_output));
  }
}

/// User-defined reductions (ir/kernel.h): each fold's markers in order, its combine's
/// instructions elementwise over its states, operands and scalars, nothing of it used after it
/// but its states; only in a plain reduction kernel (not a row kernel or a scan).
void check_folds(const KernelIR& k) {
  std::int32_t begin = -1;  // the open fold
  std::int32_t states = 0, operands = 0, nexts = 0;
  std::vector<std::pair<std::int32_t, std::int32_t>> closed;  // (first hidden, end) of each closed fold
  auto hidden = [&](std::int32_t a) {
    for (const auto& [first, end] : closed)
      if (a >= first && a <= end) return true;
    return false;
  };
  for (size_t j = 0; j < k.body.size(); ++j) {
    const Instr& in = k.body[j];
    const std::string where = at(j, in);
    auto dtype = [&](size_t a) { return k.body[static_cast<size_t>(in.args[a])].dtype; };
    for (size_t a = 0; a < in.num_args; ++a)
      if (hidden(in.args[a])) fail(k, where, "uses %" + std::to_string(in.args[a]) + ", inside a fold that has ended");
    if (!is_fold_marker(in.op)) {
      if (begin < 0) continue;
      if (operands != states || nexts != 0)
        fail(k, where, "a combine instruction outside a fold's combine (after its operands, before its next values)");
      if (is_control(in.op) || is_reduction(in.op) || in.op == Op::Buffer || in.op == Op::Index ||
          info(in.op).rule == TypeRule::Indexed)
        fail(k, where, "a fold's combine takes elementwise ops and scalars only");
      for (size_t a = 0; a < in.num_args; ++a)
        if (in.args[a] <= begin && k.body[static_cast<size_t>(in.args[a])].op != Op::Scalar)
          fail(k, where, "a fold's combine uses %" + std::to_string(in.args[a]) + ", from outside the fold");
      continue;
    }
    if (k.is_row_kernel() || k.is_scan()) fail(k, where, "a fold in a row kernel or a scan");
    switch (in.op) {
      case Op::FoldBegin:
        if (begin >= 0) fail(k, where, "a fold inside a fold");
        begin = static_cast<std::int32_t>(j);
        states = operands = nexts = 0;
        break;
      case Op::FoldState:
        if (begin < 0 || static_cast<std::int32_t>(j) != begin + 1 + states)
          fail(k, where, "a fold state not right after its fold's begin or states");
        if (k.body[static_cast<size_t>(in.args[0])].op != Op::Scalar || dtype(0) != in.dtype)
          fail(k, where, "a fold state starts from a scalar of its type");
        ++states;
        break;
      case Op::FoldOperand:
        if (begin < 0 || states == 0 || static_cast<std::int32_t>(j) != begin + 1 + states + operands ||
            operands >= states)
          fail(k, where, "a fold operand not right after its fold's states or operands");
        if (dtype(0) != in.dtype ||
            in.dtype != k.body[static_cast<size_t>(begin) + 1 + static_cast<size_t>(operands)].dtype)
          fail(k, where, "a fold operand of another type than its state");
        ++operands;
        break;
      case Op::FoldNext:
        if (begin < 0 || operands != states || nexts >= states || in.args[1] != begin + 1 + nexts)
          fail(k, where, "fold next values must follow the combine, in the states' order");
        if (dtype(0) != in.dtype || dtype(1) != in.dtype) fail(k, where, "a fold next value of another type");
        ++nexts;
        break;
      case Op::FoldEnd:
        if (begin < 0 || in.args[0] != begin || nexts != states || states == 0)
          fail(k, where, "a fold end without its fold's states and next values");
        closed.emplace_back(begin + 1 + states, static_cast<std::int32_t>(j));
        begin = -1;
        break;
      default: break;
    }
  }
  if (begin >= 0) fail(k, "the end", "a fold is not closed");
}

/// Loops and ifs (ir/control.h): nesting, markers, types, and operands visible where used.
void check_control_flow(const KernelIR& k) {
  bool any = false;
  for (const Instr& in : k.body) any = any || is_control(in.op);
  if (!any) return;
  control_flow(k, [&](size_t i, const std::string& why) {
    fail(k, i < k.body.size() ? at(i, k.body[i]) : std::string("the end"), why);
  });
}

}  // namespace

void verify(const KernelIR& kernel) {
  for (size_t i = 0; i < kernel.body.size(); ++i) check_instruction(kernel, i);
  check_control_flow(kernel);
  check_folds(kernel);
  const bool reduction = kernel.is_reduction();
  check_phases(kernel);
  if (kernel.is_row_kernel() && !reduction) fail(kernel, "the phases", "a row kernel without reductions");
  check_space(kernel, reduction);
  check_outputs(kernel, reduction);
  check_kinds(kernel, reduction);
}

}  // namespace sinter::ir
