// Kernel IR: one fused kernel as a flat list of instructions over an iteration space of n
// elements (row-major). It is what the planner (lib/fuse) produces and what every backend and
// the interpreter consume. It holds no addresses, values, sizes or strides: those travel
// separately in KernelArgs, so a kernel compiled once serves every call with the same structure.
#pragma once
#include "ir/buffer.h"
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sinter/op.h"

namespace sinter::ir {

struct Instr {
  Op op;
  DType dtype;  // the result type
  std::uint8_t num_args = 0;
  std::array<std::int32_t, 3> args{};  // indices of earlier instructions
  std::int32_t slot = -1;              // Buffer: input slot; Scalar: scalar slot
  std::int32_t layout = -1;            // Buffer: -1 reads element i (the flat index), else KernelIR::layouts[layout]
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
};

struct KernelIR {
  std::vector<Instr> body;            // in dependency order
  std::vector<DType> inputs;          // element type of each input buffer slot
  std::vector<DType> scalars;         // type of each scalar parameter slot
  std::vector<std::int32_t> outputs;  // instruction written to output k (buffer slot inputs.size() + k)
  // The iteration space as dimensions, needed only when some instruction has a layout (rank 0:
  // every buffer is read at the flat index). Sizes are the int64 scalar parameters shape_slot ..
  // shape_slot + rank - 1. Outputs are always written at the flat index.
  int rank = 0;
  std::int32_t shape_slot = -1;
  std::vector<Layout> layouts;

  std::uint64_t hash = 0;          // structural: equal structure <=> equal key
  std::vector<std::uint64_t> key;  // canonical encoding, compared on every cache hit

  DType output_dtype(std::size_t k) const { return body[static_cast<std::size_t>(outputs[k])].dtype; }
  /// A symbol name unique to the structure, e.g. "sinter_k_9f3c21d04e5a7b68".
  std::string name() const;
  /// Fills key and hash from the rest. Called once by the planner.
  void seal();
};

/// Run-time values of one launch: buffer addresses (inputs, then outputs), scalar parameter
/// bits (little-endian, in each slot's type; sizes and strides of layouts among them) and the
/// number of elements.
struct KernelArgs {
  std::vector<void*> buffers;
  std::vector<std::uint64_t> scalars;
  std::int64_t n = 0;
  StreamId stream = kDefaultStream;  // where the launch is queued
};

/// Human-readable listing, one line per instruction.
std::string to_string(const KernelIR& k);

}  // namespace sinter::ir
