// A row kernel split into one kernel per phase (row_phases.h).
#include "ir/row_phases.h"

#include <string>

#include "ir/verify.h"
#include "sinter/error.h"

namespace sinter::ir {
namespace {

using std::size_t;

/// How the phase kernels see the scratch arrays: the extra scalar slots (after the row kernel's
/// `first`) and the layout that reads a per-row value at each element of its row.
struct ScratchSpace {
  int rank;  // the phase kernels' iteration space
  std::int32_t shape_slot;
  Layout layout;  // per element: the row's index (stride 0 along the row)
};

ScratchSpace scratch_space(const KernelIR& k) {
  const auto first = static_cast<std::int32_t>(k.scalars.size());
  // A row kernel whose buffers are all read at the flat index has no dimensions: the phases
  // get two, (rows, length), with sizes and then the layout's strides (1, 0) as extra scalars.
  if (k.rank == 0) return {2, first, {first + 2, InnerStride::Zero, false}};
  return {k.rank, k.shape_slot, {first, InnerStride::Zero, false}};  // its strides: one per dimension
}

// The kernel of `phase`: its instructions in the row kernel's order, reads of earlier phases'
// values turned into reads of their scratch arrays, only the layouts it uses.
PhaseKernel phase_kernel(const KernelIR& k, int phase, const std::vector<std::int32_t>& crossing,
                         const std::vector<DType>& crossing_types, size_t num_extra, CrossingValues how) {
  const size_t num_crossings = crossing_types.size();
  const bool last = phase + 1 == k.phases;
  const ScratchSpace space = scratch_space(k);
  PhaseKernel pk;
  KernelIR& s = pk.kernel;
  s.inputs = k.inputs;
  s.scalars = k.scalars;
  if (how == CrossingValues::Scratch) s.scalars.insert(s.scalars.end(), num_extra, DType::Int64);
  else s.scalars.insert(s.scalars.end(), crossing_types.begin(), crossing_types.end());
  const size_t n = k.body.size();
  std::vector<std::int32_t> index(n, -1);
  std::vector<std::int32_t> element_read(n, -1);  // a crossing value's read, per element
  std::vector<std::int32_t> output_read(n, -1);   // and per output (at the output index)
  std::vector<std::int32_t> slot_of(num_crossings, -1);
  std::vector<std::int32_t> layout_of(k.layouts.size(), -1);
  std::int32_t scratch_layout = -1;
  auto append = [&](const Instr& in) {
    s.body.push_back(in);
    return static_cast<std::int32_t>(s.body.size()) - 1;
  };
  auto read_crossing = [&](std::int32_t j, bool per_output) {
    std::int32_t& read = (per_output ? output_read : element_read)[static_cast<size_t>(j)];
    if (read >= 0) return read;
    const std::int32_t c = crossing[static_cast<size_t>(j)];
    if (how == CrossingValues::Scalars) {
      Instr leaf{Op::Scalar, k.body[static_cast<size_t>(j)].dtype};
      leaf.slot = static_cast<std::int32_t>(k.scalars.size()) + c;
      leaf.per_output = per_output;
      read = append(leaf);
      return read;
    }
    std::int32_t& slot = slot_of[static_cast<size_t>(c)];
    if (slot < 0) {
      slot = static_cast<std::int32_t>(s.inputs.size());
      s.inputs.push_back(k.body[static_cast<size_t>(j)].dtype);
      pk.crossing_inputs.push_back(c);
    }
    Instr leaf{Op::Buffer, k.body[static_cast<size_t>(j)].dtype};
    leaf.slot = slot;
    leaf.per_output = per_output;
    if (!per_output) {
      if (scratch_layout < 0) {
        scratch_layout = static_cast<std::int32_t>(s.layouts.size());
        s.layouts.push_back(space.layout);
      }
      leaf.layout = scratch_layout;
    }
    read = append(leaf);
    return read;
  };
  bool reduces = false;  // else the phase is an elementwise kernel: the last, writing elements
  for (const Instr& in : k.body) reduces = reduces || (in.phase == phase && is_reduction(in.op));
  // Every read of an earlier phase's value comes first, outside any branch or loop of the phase:
  // the first use may sit in one branch of an if and a later one in the other, and one read
  // serves both only where it dominates them.
  for (const Instr& in : k.body)
    if (in.phase == phase)
      for (size_t a = 0; a < in.num_args; ++a)
        if (k.body[static_cast<size_t>(in.args[a])].phase != phase) read_crossing(in.args[a], in.per_output);
  for (size_t j = 0; j < n; ++j) {
    const Instr& in = k.body[j];
    if (in.phase != phase) continue;
    if (!reduces && in.per_output)
      throw InternalError("row kernel: a per-row instruction in a phase without reductions");
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
  if (how == CrossingValues::Scalars) {  // the row kernel's space (rank 0: every read at the flat index)
    if (!s.layouts.empty()) {
      s.rank = k.rank;
      s.shape_slot = k.shape_slot;
      s.reduce_rank = reduces ? k.reduce_rank : 0;
    }
  } else if (!s.layouts.empty()) {  // else every buffer is read at the flat index (or the row's)
    s.rank = scratch_layout >= 0 ? space.rank : k.rank;
    s.shape_slot = scratch_layout >= 0 ? space.shape_slot : k.shape_slot;
    s.reduce_rank = !reduces ? 0 : s.rank - (k.rank == 0 ? 1 : k.rank - k.reduce_rank);
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

std::vector<std::uint64_t> RowPhases::extra_scalars(std::span<const std::uint64_t> scalars, std::int64_t rows,
                                                    std::int64_t length) const {
  if (rank == 0) return {static_cast<std::uint64_t>(rows), static_cast<std::uint64_t>(length), 1, 0};
  // Row-major strides over the kept dimensions (a row's index), 0 over the reduced ones.
  std::vector<std::uint64_t> strides(static_cast<size_t>(rank), 0);
  std::uint64_t step = 1;
  for (int d = rank - reduce_rank - 1; d >= 0; --d) {
    strides[static_cast<size_t>(d)] = step;
    step *= scalars[static_cast<size_t>(shape_slot) + static_cast<size_t>(d)];
  }
  return strides;
}

RowPhases split_row_kernel(const KernelIR& k, CrossingValues how) {
  if (!k.is_row_kernel()) throw InternalError("split_row_kernel: " + k.name() + " is not a row kernel");
  RowPhases out;
  out.rank = k.rank;
  out.reduce_rank = k.reduce_rank;
  out.shape_slot = k.shape_slot;
  if (k.rank > 0 && k.reduce_rank < 1)
    throw InternalError("split_row_kernel: " + k.name() + " has dimensions but no reduced one");
  std::vector<std::int32_t> crossing(k.body.size(), -1);
  for (const Instr& in : k.body)
    for (size_t a = 0; a < in.num_args; ++a) {
      const auto j = static_cast<size_t>(in.args[a]);
      if (k.body[j].phase == in.phase || crossing[j] >= 0) continue;
      crossing[j] = static_cast<std::int32_t>(out.crossings.size());
      out.crossings.push_back(k.body[j].dtype);
    }
  const size_t num_extra = k.rank == 0 ? 4 : static_cast<size_t>(k.rank);
  for (int p = 0; p < k.phases; ++p) out.phases.push_back(phase_kernel(k, p, crossing, out.crossings, num_extra, how));
  return out;
}

}  // namespace sinter::ir
