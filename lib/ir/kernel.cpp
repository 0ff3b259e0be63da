// Kernel IR: canonical key, hash, name and printer.
#include "ir/kernel.h"

#include <cstdio>

namespace sinter::ir {

void KernelIR::seal() {
  key.clear();
  key.reserve(body.size() * 3 + inputs.size() + scalars.size() + outputs.size() + layouts.size() + 6);
  auto u32 = [](auto v) { return static_cast<std::uint64_t>(static_cast<std::uint32_t>(v)); };
  for (std::size_t count : {body.size(), inputs.size(), scalars.size(), outputs.size()}) key.push_back(count);
  for (const Instr& in : body) {
    key.push_back(u32(in.op) | u32(in.dtype) << 8 | u32(in.num_args) << 16 | u32(in.slot) << 32);
    key.push_back(u32(in.args[0]) | u32(in.args[1]) << 32);
    key.push_back(u32(in.args[2]) | u32(in.layout) << 32);
    if (in.per_output) key.push_back(0x5045524f5554ULL);
    if (in.phase) key.push_back(0x504841534500ULL | in.phase);
  }
  for (DType t : inputs) key.push_back(static_cast<std::uint64_t>(t));
  for (DType t : scalars) key.push_back(static_cast<std::uint64_t>(t) | 0x100);
  for (std::int32_t o : outputs) key.push_back(static_cast<std::uint64_t>(o) | 0x10000);
  for (std::int32_t l : output_layouts) key.push_back(u32(l) | 0x20000ULL << 32);
  key.push_back(u32(rank) | u32(shape_slot) << 32);
  key.push_back(u32(reduce_rank) | u32(phases) << 32 | static_cast<std::uint64_t>(scan) << 63);
  for (const Layout& l : layouts) key.push_back(u32(l.inner) | u32(l.per_output) << 8 | u32(l.stride_slot) << 32);
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (std::uint64_t w : key) {
    h ^= w;
    h *= 0x100000001b3ULL;
    h ^= h >> 29;
  }
  hash = h;
}

bool KernelIR::is_reduction() const {
  for (const Instr& in : body)
    if (sinter::is_reduction(in.op) || in.op == Op::FoldBegin) return true;
  return false;
}

std::string KernelIR::name() const {
  char buf[32];
  std::snprintf(buf, sizeof buf, "sinter_k_%016llx", static_cast<unsigned long long>(hash));
  return buf;
}

std::string to_string(const KernelIR& k) {
  std::string s = "kernel " + k.name() + " (" + std::to_string(k.inputs.size()) + " inputs, " +
                  std::to_string(k.scalars.size()) + " scalars, " + std::to_string(k.outputs.size()) + " outputs)\n";
  if (k.rank > 0) {
    static constexpr const char* kInner[] = {"unit", "zero", "runtime"};
    s += "  iteration: " + std::to_string(k.rank) + " dimensions, sizes $" + std::to_string(k.shape_slot) + "..";
    if (k.reduce_rank > 0) s += ", the last " + std::to_string(k.reduce_rank) + " reduced";
    s += "\n";
    for (std::size_t l = 0; l < k.layouts.size(); ++l)
      s += "  layout @" + std::to_string(l) + ": strides $" + std::to_string(k.layouts[l].stride_slot) +
           ".., inner stride " + kInner[static_cast<int>(k.layouts[l].inner)] +
           (k.layouts[l].per_output ? ", per output" : "") + "\n";
  }
  const bool reduction = k.is_reduction();
  if (k.is_row_kernel())
    s += "  row kernel, " + std::to_string(k.phases) + " phases: row o holds elements o * reduce_n + r, r < reduce_n\n";
  else if (k.is_scan()) s += "  scan: out[o * reduce_n + r] from elements o * reduce_n + 0..r in order\n";
  else if (reduction) s += "  reduction: out[o] from elements o * reduce_n + r, r < reduce_n\n";
  std::size_t depth = 0;  // loops and ifs open (ir/control.h): their instructions are indented
  for (std::size_t i = 0; i < k.body.size(); ++i) {
    const Instr& in = k.body[i];
    if ((in.op == Op::LoopEnd || in.op == Op::IfElse || in.op == Op::IfEnd || in.op == Op::FoldEnd) && depth > 0)
      --depth;
    s += std::string(2 + 2 * depth, ' ') + "%" + std::to_string(i) + " = " + std::string(info(in.op).name);
    if (in.op == Op::LoopBegin || in.op == Op::IfBegin || in.op == Op::IfElse || in.op == Op::FoldBegin) ++depth;
    if (in.op == Op::Buffer)
      s += " in" + std::to_string(in.slot) + (in.layout < 0 ? "[i]" : "[@" + std::to_string(in.layout) + "]");
    if (in.op == Op::Scalar) s += " $" + std::to_string(in.slot);
    for (int a = 0; a < in.num_args; ++a)
      s += (a ? ", %" : " %") + std::to_string(in.args[static_cast<std::size_t>(a)]);
    s += " : " + std::string(name_of(in.dtype)) + (in.per_output && reduction ? " (per output)" : "") +
         (k.is_row_kernel() ? " [phase " + std::to_string(in.phase) + "]" : "") + "\n";
  }
  auto per_row = [&](std::int32_t out) {  // a reduction kernel's output, or a row kernel's per-row one
    return reduction && out >= 0 && static_cast<std::size_t>(out) < k.body.size() &&
           k.body[static_cast<std::size_t>(out)].per_output;
  };
  for (std::size_t o = 0; o < k.outputs.size(); ++o)
    s += "  out" + std::to_string(o) +
         (per_row(k.outputs[o])    ? "[o]"
          : k.output_layout(o) < 0 ? "[i]"
                                   : "[@" + std::to_string(k.output_layout(o)) + "]") +
         " = %" + std::to_string(k.outputs[o]) + "\n";
  return s;
}

}  // namespace sinter::ir
