// A row kernel as CUDA C++: its phases split with their crossing values as scalars
// (ir/row_phases.h), each written as a tile function by lower_reduction_to_cuda.cpp, and a
// template that walks the tiles of rows and runs every phase of a tile before the next:
//
//   for each tile of `lanes` rows (the reduction launcher's work sharing, one part per row):
//     phase 0: fold each row's elements, combine the row's threads, its leader stores the
//              per-row values (outputs at the row index, crossing values to scratch)
//     __syncthreads(); each thread loads its row's crossing values into registers
//     phase 1 ... with those values as its scalars
//     last phase: each element of the tile's rows computed and stored (or, with no per-element
//              outputs, one more reduction phase)
//
// Crossing values go through shared memory: the row's leader thread stores them (the phase's
// output pointer is the block's array, offset so that the row's index lands on its slot), every
// thread of the row reads them after the barrier.
#include "codegen/cuda/lower_row_kernel_to_cuda.h"

#include <cstddef>
#include <cstdint>
#include <vector>

#include "codegen/cuda/cuda_spelling.h"
#include "codegen/cuda/kernel_analysis.h"
#include "codegen/cuda/lower_reduction_to_cuda.h"
#include "ir/row_phases.h"
#include "sinter/error.h"

namespace sinter::gpu {
namespace {

using std::size_t;

std::string str(size_t v) { return std::to_string(v); }

/// Crossing value c of the row: "c<c>".
std::string crossing_name(size_t c) { return "c" + str(c); }

/// The block's shared array of crossing value c, one slot per row of the tile.
std::string crossing_slots(size_t c) { return "rows_c" + str(c); }

/// Crossing value c's array as a phase's output pointer: indexed by the row o, it reaches the
/// row's slot (o - first row of the tile).
std::string crossing_array(size_t c) { return crossing_slots(c) + " - (long long)(tile << L.lanes_log2)"; }

/// The call of phase kernel `pk`'s tile function from the row template; `held`: its
/// NAME_held_tile, given the registers holding the rows' elements (held_in<slot>).
std::string phase_call(const ir::KernelIR& row, const ir::RowPhases& split, const ir::PhaseKernel& pk,
                       const CudaCodegenOptions& options, bool held, const std::string& indent) {
  const ir::KernelIR& k = pk.kernel;
  std::string s = indent + k.name() + (held ? "_held_tile<Index>(" : "_tile<Index>(");
  for (size_t i = 0; i < k.inputs.size(); ++i) s += "in" + str(i) + ", ";
  for (std::int32_t out : pk.outputs) {
    if (out >= 0) {
      s += "out" + str(static_cast<size_t>(out)) + ", ";
    } else {
      s += crossing_array(static_cast<size_t>(-1 - out)) + ", ";
    }
  }
  for (size_t i = 0; i < row.scalars.size(); ++i) s += "s" + str(i) + ", ";
  for (size_t c = 0; c < split.crossings.size(); ++c) s += crossing_name(c) + ", ";
  s += "n, reduce_n, L, tile, (Index)1, (Index)0, reduce_n, counters, scratch";
  if (held)
    for (const auto& read : analyse(k, options).reads) s += ", held_in" + str(read.first);
  return s + ");\n";
}

/// Every phase of the tile in turn, the per-row values passed on through shared memory.
std::string emit_phases(const ir::KernelIR& row, const ir::RowPhases& split, const CudaCodegenOptions& options,
                        bool held, const std::string& indent) {
  std::string s;
  for (const ir::PhaseKernel& pk : split.phases) {
    s += phase_call(row, split, pk, options, held && has_held_tile(pk.kernel, options), indent);
    std::vector<size_t> produced;
    for (std::int32_t out : pk.outputs)
      if (out < 0) produced.push_back(static_cast<size_t>(-1 - out));
    if (produced.empty()) continue;
    s += indent + "__syncthreads();  // the row's leader stored its per-row values\n";
    for (size_t c : produced) s += indent + crossing_name(c) + " = " + crossing_slots(c) + "[L.out_lane];\n";
  }
  return s;
}

std::string emit_rows_template(const ir::KernelIR& row, const KernelShape& shape, const ir::RowPhases& split,
                               const CudaCodegenOptions& options) {
  const std::string& name = shape.name;
  const int v = shape.elements;
  // Rows held in registers: every element read at the flat index, in vectors.
  bool holdable = v > 1 && !shape.reads.empty();
  for (const auto& read : shape.reads) holdable = holdable && read.second < 0;
  std::string s =
      "// n rows of reduce_n elements (element r of row o at flat index o * reduce_n + r), every phase of a\n";
  s += "// tile of rows before the next tile.\n";
  s += "template <class Index>\n__device__ __forceinline__ void " + name + "_rows(" +
       pointer_and_scalar_params(row, shape) +
       "Index n, Index reduce_n, unsigned int lanes, unsigned int outputs_inner, unsigned int* __restrict__ counters, "
       "unsigned long long* __restrict__ scratch) {\n";
  s += "  const sinter_lanes L = sinter_make_lanes(lanes, outputs_inner);\n";
  for (size_t c = 0; c < split.crossings.size(); ++c)
    put(s, {"  __shared__ ", cuda_type(split.crossings[c]), " ", crossing_slots(c), "[",
            std::to_string(kThreadsPerBlock), "];\n"});
  if (holdable) {
    put(s, {"  // Rows of at most ", std::to_string(kRowHeldElements),
            " elements per thread, in aligned vectors: read once\n",
            "  // into registers, every phase takes them from there.\n", "  const bool held = reduce_n % ",
            std::to_string(v), " == 0 && reduce_n <= (Index)", std::to_string(kRowHeldElements), " * L.elem_lanes"});
    for (const auto& read : shape.reads)
      put(s, {" &&\n                    reinterpret_cast<unsigned long long>(in", str(read.first), ") % ",
              str(vector_alignment(row.inputs[read.first], v)), " == 0"});
    s += ";\n";
  }
  s += "  const Index tiles = (n + lanes - 1) >> L.lanes_log2;\n";
  s += "  for (Index tile = blockIdx.x; tile < tiles; tile += gridDim.x) {\n";
  for (size_t c = 0; c < split.crossings.size(); ++c)
    s += "    " + std::string(cuda_type(split.crossings[c])) + " " + crossing_name(c) + "{};\n";
  if (holdable) {
    const std::string groups = std::to_string(kRowHeldElements / v);
    s += "    if (held) {\n";
    for (const auto& read : shape.reads)
      put(s, {"      ", vector_struct_name(row.inputs[read.first], v), " held_in", str(read.first), "[", groups,
              "] = {};\n"});
    s += "      const Index o = (tile << L.lanes_log2) + L.out_lane;\n";
    s += "      if (o < n) {\n";
    put(s, {"        const Index base = o * reduce_n, groups = reduce_n / ", std::to_string(v), ";\n"});
    put(s,
        {"#pragma unroll\n        for (int q = 0; q < ", groups, "; ++q) {\n",
         "          const Index g = (Index)q * L.elem_lanes + L.elem_lane;\n", "          if (g >= groups) break;\n"});
    for (const auto& read : shape.reads) {
      const std::string vec = vector_struct_name(row.inputs[read.first], v), in = "in" + str(read.first);
      put(s, {"          held_", in, "[q] = *reinterpret_cast<const ", vec, "*>(", in, " + base + g * ",
              std::to_string(v), ");\n"});
    }
    s += "        }\n      }\n";
    s += emit_phases(row, split, options, true, "      ");
    s += "    } else {\n";
    s += emit_phases(row, split, options, false, "      ");
    s += "    }\n";
  } else {
    s += emit_phases(row, split, options, false, "    ");
  }
  if (!split.crossings.empty())
    s += "    __syncthreads();  // read by every thread before the next tile's leaders store\n";
  return s + "  }\n}\n\n";
}

}  // namespace

std::string lower_row_kernel_to_cuda_definitions(const ir::KernelIR& kernel, const CudaCodegenOptions& options) {
  const KernelShape shape = analyse(kernel, options);  // verifies the row kernel
  for (size_t o = 0; o < kernel.outputs.size(); ++o)
    if (kernel.output_layout(o) >= 0)  // the planner writes into views with elementwise kernels only
      throw InternalError("lower_to_cuda: row kernel " + kernel.name() + " writes output " + str(o) +
                          " through a layout");
  const ir::RowPhases split = ir::split_row_kernel(kernel, ir::CrossingValues::Scalars);
  std::string s = "\n// ==== " + shape.name + " (row kernel, " + std::to_string(kernel.phases) + " phases) ====\n" +
                  ir_listing_as_comment(kernel);
  std::vector<std::string> written;  // phase kernels of equal structure share their definitions
  for (const ir::PhaseKernel& pk : split.phases) {
    const std::string phase_name = pk.kernel.name();
    bool seen = false;
    for (const std::string& w : written) seen = seen || w == phase_name;
    if (seen) continue;
    written.push_back(phase_name);
    s += lower_row_phase_to_cuda(pk.kernel, kernel.reduce_rank, options);
  }
  s += emit_rows_template(kernel, shape, split, options);
  s += reduction_entry_points(kernel, shape, shape.name + "_rows", options);
  return s;
}

}  // namespace sinter::gpu
