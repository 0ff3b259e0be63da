// Kernel IR: one fused kernel as a flat list of instructions over an iteration space of n
// elements (row-major). It is what the planner (lib/fuse) produces and what every backend and
// the interpreter consume. It holds no addresses, values, sizes or strides: those travel
// separately in KernelArgs, so a kernel compiled once serves every call with the same structure.
//
// A reduction kernel (one with reduction instructions, op.h) computes n outputs, each from
// reduce_n elements. Its iteration space is the reduced operand's, with the kept axes first
// and the reduced ones last: element r of output o is at flat index o * reduce_n + r. Its
// instructions come in two kinds. Per-element ones (the fused producer) run for each element;
// a reduction instruction folds one of them over the reduce_n elements of its output (in any
// order and split any way: results may differ only by float rounding in sums and products);
// per-output ones (the fused consumer) run once per output on the reductions' results, and only
// they may be outputs. Every instruction of an elementwise kernel is per element.
//
// Control flow (docs/custom-kernels.md) is structured: a loop is
//   %b = loop %cap                  (int64: the trip count so far; at most cap trips)
//   %s0 = state %init0 ...          (one per state value; after the loop: its final value)
//   ... condition instructions ...  (re-run before every trip)
//   %c = while_true %b, %cond       (leaves the loop when cond is false or the count is cap)
//   ... body instructions ...
//   %n0 = next %v0, %s0 ...         (one per state, in order: the value of the next trip)
//   %e = end_loop %b
// and an if is
//   %f = if_begin %cond, ... then instructions ..., else %f, ... else instructions ...,
//   end_if %f, then one `if_result %f, %then_value, %else_value` per value.
// An instruction inside a loop or a branch is visible only there; a loop's states and an if's
// results are visible after it. ir/control.h reads this structure; ir::verify checks it.
//
// A user-defined reduction (sinter::reduce; docs/custom-kernels.md) is a fold of k state values,
// all of it per output (it makes the kernel a reduction kernel):
//   %f = fold_begin
//   %a0 = fold_state %id0 ...        (one per state: the accumulator, from its identity, a per-output
//                                     scalar; after the fold: the reduction's value)
//   %b0 = fold_operand %x0 ...       (one per state: the state folded in, from the per-element %x)
//   ... combine instructions ...     (elementwise ops over the a's, b's and scalars only)
//   %n0 = fold_next %c0, %a0 ...     (one per state, in order: combine(a, b))
//   %e = fold_end %f
// For each output every state starts from its identity and each element's b is folded in as
// a = combine(a, b), in any order of the elements and split any way: a backend may fold parts of
// the elements separately and combine the parts' states with the same instructions (the b's then
// being the later part's states). The user promises that combine is associative and the
// identities are its identity; the results may then differ only by float rounding. Instructions
// between fold_begin and fold_end are visible only there; the states after it.
//
// A row kernel (phases > 0; docs/reductions.md, "Row kernels") is a reduction kernel over the
// trailing axes whose per-element results are written too: softmax's max, sum and division in
// one pass over each row. Its iteration space is the operand's, unpermuted; row o holds the
// elements o * reduce_n + r. Every instruction has a phase in [0, phases). For each row, phase p
// runs its per-element instructions over the row's elements, folds its reductions, then runs its
// per-output (per-row) instructions once. A per-element instruction of phase p uses per-element
// values of phase p and per-row values of earlier phases (constant along the row: a value is
// recomputed in each phase that needs it, never stored); a reduction of phase p folds a per-element
// value of phase p; a per-row instruction of phase p uses per-row values of phases <= p. Per-row
// values of any phase may be outputs (written at the row index o); per-element values of the last
// phase may be (written at the flat index), and the last phase then has no reductions.
//
// A scan kernel (scan = true; docs/scans.md) is a reduction kernel of one reduction instruction
// over one reduced dimension (reduce_rank <= 1) whose running value after each element is
// written: output 0 is that reduction, stored once per element at the element's position
// (through output_layouts[0], a per-element layout of the reordered space, or at the flat
// index), rounded to the reduction's type. Row o scans its elements o * reduce_n + r in order
// of r; a backend may split a row into parts and fold the totals of the earlier parts first.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>
#include "ir/buffer.h"

#include "sinter/op.h"

namespace sinter::ir {

struct Instr {
  Op op;
  DType dtype;  // the result type
  std::uint8_t num_args = 0;
  std::array<std::int32_t, 3> args{};  // indices of earlier instructions
  std::int32_t slot = -1;              // Buffer: input slot; Scalar: scalar slot
  std::int32_t layout = -1;            // Buffer: -1 reads element i (the flat index), else KernelIR::layouts[layout]
  bool per_output = false;             // a reduction kernel's per-output instruction (reductions included)
  std::uint8_t phase = 0;              // a row kernel's phase (see the file comment); else 0
};

/// The innermost stride of a layout, the one part of it that shapes the generated loop.
enum class InnerStride : std::uint8_t {
  Unit,     // 1: consecutive elements, a vector load
  Zero,     // 0: a broadcast dimension, one load per row
  Runtime,  // any other value, read from the stride parameter
};

/// How a Buffer instruction finds its element when the buffer is not read at the flat index:
/// a broadcast operand (and, later, a strided view). The element of iteration coordinates
/// (c_0, ..., c_{rank-1}) is at sum_d c_d * stride_d, in elements. The strides are int64
/// scalar parameters stride_slot .. stride_slot + rank - 1; only their count and the kind of
/// the innermost one are structure (part of the key).
struct Layout {
  std::int32_t stride_slot = -1;
  InnerStride inner = InnerStride::Unit;
  // Read by per-output instructions: strides over the kept dimensions only (rank - reduce_rank
  // of them), the coordinates of the output index; `inner` then describes the last kept one.
  bool per_output = false;
};

struct KernelIR {
  std::vector<Instr> body;            // in dependency order
  std::vector<DType> inputs;          // element type of each input buffer slot
  std::vector<DType> scalars;         // type of each scalar parameter slot
  std::vector<std::int32_t> outputs;  // instruction written to output k (buffer slot inputs.size() + k)
  // Per output: -1 writes element i (the flat index), else through layouts[l] (a write into a
  // strided view of an existing array, docs/views.md). Empty: every output at the flat index.
  std::vector<std::int32_t> output_layouts;
  // The iteration space as dimensions, needed only when some instruction has a layout (rank 0:
  // every buffer is read at the flat index). Sizes are the int64 scalar parameters shape_slot ..
  // shape_slot + rank - 1. Outputs are always written at the flat index.
  int rank = 0;
  std::int32_t shape_slot = -1;
  std::vector<Layout> layouts;
  // A reduction kernel with rank > 0: the last reduce_rank of the rank dimensions are reduced.
  int reduce_rank = 0;
  // A row kernel: its number of phases (at least 2). 0: any other kernel.
  int phases = 0;
  // A scan kernel (see the file comment).
  bool scan = false;

  std::uint64_t hash = 0;          // structural: equal structure <=> equal key
  std::vector<std::uint64_t> key;  // canonical encoding, compared on every cache hit

  DType output_dtype(std::size_t k) const { return body[static_cast<std::size_t>(outputs[k])].dtype; }
  std::int32_t output_layout(std::size_t k) const { return k < output_layouts.size() ? output_layouts[k] : -1; }
  /// True for a reduction kernel (see the file comment), row kernels included.
  bool is_reduction() const;
  /// True for a row kernel (see the file comment).
  bool is_row_kernel() const { return phases > 0; }
  /// True for a scan kernel (see the file comment).
  bool is_scan() const { return scan; }
  /// A symbol name unique to the structure, e.g. "sinter_k_9f3c21d04e5a7b68".
  std::string name() const;
  /// Fills key and hash from the rest. Called once by the planner.
  void seal();
};

/// Run-time values of one launch: buffer addresses (inputs, then outputs), scalar parameter
/// bits (little-endian, in each slot's type; sizes and strides of layouts among them), the
/// number of elements written to each output and, for a reduction kernel, the number of
/// elements reduced into each (possibly 0: each output is then its reduction's identity).
/// A row kernel: n is the number of rows and reduce_n their length (at least 1).
struct KernelArgs {
  std::vector<void*> buffers;
  std::vector<std::uint64_t> scalars;
  std::int64_t n = 0;
  std::int64_t reduce_n = 1;
  StreamId stream = kDefaultStream;  // where the launch is queued
};

/// Human-readable listing, one line per instruction.
std::string to_string(const KernelIR& k);

}  // namespace sinter::ir
