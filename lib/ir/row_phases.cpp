// A row kernel split into one kernel per phase (row_phases.h).
#include "ir/row_phases.h"

#include <string>

#include "ir/verify.h"
#include "sinter/error.h"

namespace sinter::ir {
namespace {

using std::size_t;

// The kernel of `phase`: its instructions in the row kernel's order, reads of earlier phases'
// values turned into scalar reads, only the layouts it uses.
PhaseKernel phase_kernel(const KernelIR& k, int phase, const std::vector<std::int32_t>& crossing,
                         size_t num_crossings) {
  const bool last = phase + 1 == k.phases;
  PhaseKernel pk;
  KernelIR& s = pk.kernel;
  s.inputs = k.inputs;
  s.scalars = k.scalars;
  const size_t n = k.body.size();
  std::vector<std::int32_t> index(n, -1);
  std::vector<std::int32_t> element_read(n, -1);  // a crossing value's scalar read, per element
  std::vector<std::int32_t> output_read(n, -1);   // and per output
  std::vector<std::int32_t> slot_of(num_crossings, -1);
  std::vector<std::int32_t> layout_of(k.layouts.size(), -1);
  auto append = [&](const Instr& in) {
    s.body.push_back(in);
    return static_cast<std::int32_t>(s.body.size()) - 1;
  };
  auto read_crossing = [&](std::int32_t j, bool per_output) {
    std::int32_t& read = (per_output ? output_read : element_read)[static_cast<size_t>(j)];
    if (read >= 0) return read;
    const std::int32_t c = crossing[static_cast<size_t>(j)];
    std::int32_t& slot = slot_of[static_cast<size_t>(c)];
    if (slot < 0) {
      slot = static_cast<std::int32_t>(s.scalars.size());
      s.scalars.push_back(k.body[static_cast<size_t>(j)].dtype);
      pk.crossing_scalars.push_back(c);
    }
    Instr leaf{Op::Scalar, k.body[static_cast<size_t>(j)].dtype};
    leaf.slot = slot;
    leaf.per_output = per_output;
    read = append(leaf);
    return read;
  };
  bool reduces = false;
  for (size_t j = 0; j < n; ++j) {
    const Instr& in = k.body[j];
    if (in.phase != phase) continue;
    if (last && in.per_output) throw InternalError("row kernel: a per-row instruction in the last phase");
    reduces = reduces || is_reduction(in.op);
    Instr copy = in;
    copy.phase = 0;
    for (size_t a = 0; a < in.num_args; ++a) {
      const std::int32_t arg = in.args[a];
      copy.args[a] = k.body[static_cast<size_t>(arg)].phase == phase ? index[static_cast<size_t>(arg)]
                                                                     : read_crossing(arg, in.per_output);
    }
    if (in.op == Op::Buffer && in.layout >= 0) {
      std::int32_t& l = layout_of[static_cast<size_t>(in.layout)];
      if (l < 0) {
        l = static_cast<std::int32_t>(s.layouts.size());
        s.layouts.push_back(k.layouts[static_cast<size_t>(in.layout)]);
      }
      copy.layout = l;
    }
    index[j] = append(copy);
  }
  if (!last && !reduces) throw InternalError("row kernel: phase " + std::to_string(phase) + " has no reduction");
  if (!s.layouts.empty()) {  // else every buffer is read at the flat index (or the row's)
    s.rank = k.rank;
    s.shape_slot = k.shape_slot;
    s.reduce_rank = last ? 0 : k.reduce_rank;
  }
  for (size_t o = 0; o < k.outputs.size(); ++o) {
    const auto j = static_cast<size_t>(k.outputs[o]);
    if (k.body[j].phase != phase) continue;
    s.outputs.push_back(index[j]);
    pk.outputs.push_back(static_cast<std::int32_t>(o));
  }
  for (size_t j = 0; j < n; ++j) {
    if (crossing[j] < 0 || k.body[j].phase != phase) continue;
    s.outputs.push_back(index[j]);
    pk.outputs.push_back(-1 - crossing[j]);
  }
  s.seal();
  verify(s);
  return pk;
}

}  // namespace

RowPhases split_row_kernel(const KernelIR& k) {
  if (!k.is_row_kernel()) throw InternalError("split_row_kernel: " + k.name() + " is not a row kernel");
  RowPhases out;
  std::vector<std::int32_t> crossing(k.body.size(), -1);
  for (const Instr& in : k.body)
    for (size_t a = 0; a < in.num_args; ++a) {
      const auto j = static_cast<size_t>(in.args[a]);
      if (k.body[j].phase == in.phase || crossing[j] >= 0) continue;
      crossing[j] = static_cast<std::int32_t>(out.crossings.size());
      out.crossings.push_back(k.body[j].dtype);
    }
  for (int p = 0; p < k.phases; ++p) out.phases.push_back(phase_kernel(k, p, crossing, out.crossings.size()));
  return out;
}

}  // namespace sinter::ir
