// Writes a scan kernel (ir/kernel.h) as CUDA C++ (lower_scan_to_cuda.h): the element function
// (the fused producer, as an elementwise kernel's, returning the value in the accumulator type),
// the scan's operator (ir/reduce.h's fold: sum, product, NaN-propagating max or min, each
// associative, so any grouping is a valid scan), a row walker and a tile scan.
//
// The tile scan (one block per tile of kScanTile elements of a row): the block takes its tile
// from an atomic counter, so every tile before it has started (Merrill and Garland's dynamic tile
// numbering: a tile only ever waits on running or finished ones, whatever order the hardware
// schedules blocks in). Each thread scans its kScanItemsPerThread elements in registers, a warp
// scan (shuffles) and a pass over the 8 warps' totals in shared memory give the block's inclusive
// values and its aggregate. The first tile of a row publishes its aggregate as its inclusive
// prefix (flag 2); every other tile publishes its aggregate (flag 1), then looks back over the
// tiles before it, folding aggregates until it finds an inclusive prefix, publishes its
// own inclusive prefix (flag 2) and hands the exclusive prefix to the block. The look-back is
// warp 0's: each step reads the flags of 32 earlier tiles at once (lane j the j-th before the
// window's end, waiting while a flag is 0: every earlier tile has started and publishes its
// aggregate without waiting), keeps the lanes up to the nearest inclusive prefix, combines them
// with shuffles and moves the window 32 tiles back when none had one. A value is written before
// its flag with a fence between; aggregates and inclusive prefixes have separate slots, so a
// reader that saw flag 1 reads a value nobody rewrites. Where the look-back stops depends on
// timing, so float sums may differ in the last bits from run to run (as CUB's scans do).
#include "codegen/cuda/lower_scan_to_cuda.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "codegen/cuda/cuda_spelling.h"
#include "codegen/cuda/fold_kernel.h"
#include "codegen/cuda/kernel_analysis.h"
#include "codegen/cuda/reduction_spelling.h"

namespace sinter::gpu {
namespace {

using std::size_t;

/// The kernel with what the emitters need beyond FoldKernel (kept: the dimensions not scanned).
struct ScanKernel : FoldKernel {
  size_t reduction = 0;  // the scan's reduction instruction
  size_t operand = 0;    // the per-element instruction it scans
  ReductionSpelling spelling;
  std::string acc;  // the accumulator's CUDA type
};

ScanKernel analyse_scan(const ir::KernelIR& k, const CudaCodegenOptions& options) {
  if (!k.is_scan()) invalid(k, "not a scan kernel");
  ScanKernel s{{k, analyse(k, options), k.rank - k.reduce_rank}, 0, 0, {}, {}};
  s.reduction = static_cast<size_t>(k.outputs[0]);
  s.operand = static_cast<size_t>(k.body[s.reduction].args[0]);
  const Op op = k.body[s.reduction].op;
  if (op != Op::Sum && op != Op::Prod && op != Op::Max && op != Op::Min)
    invalid(k, "a scan of " + std::string(info(op).name) + " (sum, prod, max and min scan)");
  s.spelling = spell_reduction(k.body[s.reduction], k.body[s.operand].dtype);
  s.acc = std::string(cuda_type(s.spelling.accumulator));
  return s;
}

/// template <class Index> ACC NAME_element(Index i, <reads>, <scalars>): the producer at flat index i.
std::string emit_element_function(const ScanKernel& s) {
  std::string out =
      "// One element: the fused producer, one named value per IR instruction, in the accumulator type.\n";
  out += element_function_head(s, s.acc);
  const std::vector<std::string> element = {value_name(s.operand)};
  return out + "  return " + substitute_operands(s.spelling.element, element) + ";\n}\n\n";
}

/// NAME_op(a, b): b folded into a (a first); NAME_result(a): the output's value; NAME_shfl_up.
std::string emit_operator(const ScanKernel& s) {
  const std::string& name = s.shape.name;
  std::string out = "__device__ __forceinline__ " + s.acc + " " + name + "_op(" + s.acc + " a, " + s.acc + " b) {\n";
  const std::vector<std::string> operands = {"a", "0ll", "b", "0ll"};  // no positions: sum, prod, max, min
  out += "  " + substitute_operands(s.spelling.combine, operands) + "\n  return a;\n}\n";
  const std::vector<std::string> result = {"a", "0ll"};
  put(out, {"__device__ __forceinline__ ", cuda_type(s.k.body[s.reduction].dtype), " ", name, "_result(", s.acc,
            " a) { return ", substitute_operands(s.spelling.result, result), "; }\n"});
  out += "__device__ __forceinline__ " + s.acc + " " + name + "_shfl_up(" + s.acc + " v, unsigned int d) {\n";
  for (const char* direction : {"up", "down"}) {
    if (std::string_view(direction) == "down")
      out += "__device__ __forceinline__ " + s.acc + " " + name + "_shfl_down(" + s.acc + " v, unsigned int d) {\n";
    if (s.spelling.accumulator == DType::Bool)
      put(out, {"  return __shfl_", direction, "_sync(0xffffffffu, (int)v, d) != 0;\n}\n"});
    else put(out, {"  return __shfl_", direction, "_sync(0xffffffffu, v, d);\n}\n"});
  }
  out += "\n";
  return out;
}

/// Statements declaring b<L> (the element index of each read layout L at element 0 of row o) and
/// d<L> (its step along the scanned dimension), and ob/od for the output.
std::string emit_row_bases(const ScanKernel& s, const std::string& indent) {
  const ir::KernelIR& k = s.k;
  std::vector<int> layouts = layouts_of(s.shape.reads);
  const std::int32_t out_layout = k.output_layout(0);
  if (out_layout >= 0 && std::find(layouts.begin(), layouts.end(), out_layout) == layouts.end())
    layouts.push_back(out_layout);
  std::string out;
  for (int l : layouts) {
    const auto& layout = k.layouts[static_cast<size_t>(l)];
    put(out, {indent, "long long b", str(l), " = 0;\n", indent, "const long long d", str(l), " = ",
              k.reduce_rank == 1 ? "s" + str(layout.stride_slot + k.rank - 1) : std::string("0"), ";\n"});
  }
  if (!layouts.empty() && s.kept > 0) {
    put(out, {indent, "{\n", indent, "  Index rest = o;\n"});
    for (int d = s.kept - 1; d >= 0; --d) {
      if (d > 0)
        put(out, {indent, "  { const Index size = (Index)s", str(k.shape_slot + d),
                  "; const long long c = (long long)(rest % size); rest /= size;"});
      else put(out, {indent, "  { const long long c = (long long)rest;"});
      for (int l : layouts)
        put(out, {" b", str(l), " += c * s", str(k.layouts[static_cast<size_t>(l)].stride_slot + d), ";"});
      out += " }\n";
    }
    put(out, {indent, "}\n"});
  }
  if (out_layout >= 0)
    put(out, {indent, "const long long ob = b", str(out_layout), ", od = d", str(out_layout), ";\n"});
  else put(out, {indent, "const long long ob = (long long)o * (long long)length, od = 1;\n"});
  return out;
}

/// NAME_element<Index>(i, <reads at element r of the row>, <scalars>)
std::string row_element_call(const ScanKernel& s, const std::string& r) {
  std::vector<std::string> reads;
  for (const auto& [slot, layout] : s.shape.reads) {
    if (layout < 0) reads.push_back("in" + str(slot) + "[(Index)o * length + " + r + "]");
    else reads.push_back("in" + str(slot) + "[b" + str(layout) + " + (long long)(" + r + ") * d" + str(layout) + "]");
  }
  return element_call(s, "(Index)o * length + " + r, reads);
}

std::string entry_pair(const ScanKernel& s, const std::string& kind, const std::string& extra_params,
                       const std::string& extra_args) {
  const std::string& name = s.shape.name;
  const std::string params = pointer_and_scalar_params(s.k, s.shape);
  const std::string args = pointer_and_scalar_args(s.k, s.shape);
  std::string out;
  for (const bool wide : {false, true}) {
    const std::string index = wide ? "long long" : "unsigned int";
    put(out, {"extern \"C\" __global__ void __launch_bounds__(",
              str(kThreadsPerBlock),
              ") ",
              name,
              "_",
              kind,
              wide ? "_i64" : "",
              "(",
              params,
              index,
              " n, ",
              index,
              " length",
              extra_params,
              ") {\n  ",
              name,
              "_",
              kind,
              "_body<",
              index,
              ">(",
              args,
              "n, length",
              extra_args,
              ");\n}\n"});
  }
  return out + "\n";
}

/// A thread per row: the row's elements in order, each running value stored as it is reached.
std::string emit_rows(const ScanKernel& s) {
  const std::string& name = s.shape.name;
  std::string out = "// A thread per row (grid-striding over the rows): consecutive threads take consecutive rows.\n";
  out += "template <class Index>\n__device__ __forceinline__ void " + name + "_rows_body(" +
         pointer_and_scalar_params(s.k, s.shape) + "Index n, Index length) {\n";
  out +=
      "  for (Index o = (Index)blockIdx.x * blockDim.x + threadIdx.x; o < n; o += (Index)gridDim.x * blockDim.x) {\n";
  out += emit_row_bases(s, "    ");
  out += "    " + s.acc + " a = " + s.spelling.identity + ";\n";
  out += "    for (Index r = 0; r < length; ++r) {\n";
  out += "      a = " + name + "_op(a, " + row_element_call(s, "r") + ");\n";
  out += "      out0[ob + (long long)r * od] = " + name + "_result(a);\n    }\n  }\n}\n";
  return out + entry_pair(s, "rows", "", "");
}

/// The tile scan with decoupled look-back (see the file comment).
std::string emit_tiles(const ScanKernel& s) {
  const std::string& name = s.shape.name;
  const std::string& acc = s.acc;
  const std::string items = str(kScanItemsPerThread);
  const std::string tile = str(kScanTile);
  const std::string warps = str(kThreadsPerBlock / 32);
  std::string out = "// A tile of a row per block, its prefix from the tiles before it (decoupled look-back).\n";
  out += "template <class Index>\n__device__ __forceinline__ void " + name + "_tiles_body(" +
         pointer_and_scalar_params(s.k, s.shape) +
         "Index n, Index length, unsigned int* counter, unsigned int* flags_, void* aggregates_, void* inclusive_) {\n";
  out += "  volatile unsigned int* flags = flags_;\n";
  out += "  volatile " + acc + "* aggregates = (volatile " + acc + "*)aggregates_;\n";
  out += "  volatile " + acc + "* inclusive = (volatile " + acc + "*)inclusive_;\n";
  out += "  __shared__ unsigned long long tile_shared;\n  __shared__ " + acc + " warp_totals[" + warps + "];\n";
  out += "  __shared__ " + acc + " prefix_shared;\n";
  out += "  if (threadIdx.x == 0) tile_shared = atomicAdd(counter, 1u);\n  __syncthreads();\n";
  out += "  const unsigned long long t = tile_shared;\n";
  out += "  const unsigned long long tiles_per_row = ((unsigned long long)length + " + tile + " - 1) / " + tile + ";\n";
  out += "  const Index o = (Index)(t / tiles_per_row);\n";
  out += "  const unsigned long long t_in_row = t % tiles_per_row;\n";
  out += "  if (o >= n) return;\n";
  out += emit_row_bases(s, "  ");
  out += "  const Index first = (Index)(t_in_row * " + tile + "ull) + (Index)threadIdx.x * " + items + ";\n";
  out += "  " + acc + " x[" + items + "];\n";
  out += "  " + acc + " running = " + s.spelling.identity + ";\n";
  out += "#pragma unroll\n  for (int k = 0; k < " + items + "; ++k) {\n";
  out += "    const Index r = first + (Index)k;\n";
  out += "    if (r < length) running = " + name + "_op(running, " + row_element_call(s, "r") + ");\n";
  out += "    x[k] = running;\n  }\n";
  out += "  // Warp scan of the threads' totals, then the warps' totals through shared memory.\n";
  out += "  const unsigned int lane = threadIdx.x & 31u, warp = threadIdx.x >> 5;\n";
  out += "  " + acc + " v = running;\n";
  out += "#pragma unroll\n  for (unsigned int d = 1; d < 32; d <<= 1) {\n";
  out += "    const " + acc + " u = " + name + "_shfl_up(v, d);\n    if (lane >= d) v = " + name + "_op(u, v);\n  }\n";
  out += "  if (lane == 31u) warp_totals[warp] = v;\n";
  out += "  " + acc + " before = " + name + "_shfl_up(v, 1);\n";
  out += "  if (lane == 0u) before = " + s.spelling.identity + ";\n";
  out += "  __syncthreads();\n";
  out += "  " + acc + " warp_prefix = " + s.spelling.identity + ", aggregate = " + s.spelling.identity + ";\n";
  out += "  for (unsigned int w = 0; w < " + warps + "u; ++w) {\n";
  out += "    if (w < warp) warp_prefix = " + name + "_op(warp_prefix, warp_totals[w]);\n";
  out += "    aggregate = " + name + "_op(aggregate, warp_totals[w]);\n  }\n";
  // The look-back, by warp 0: a window of 32 earlier tiles per step, lane j on tile w - j.
  const std::string id = s.spelling.identity;
  out += "  if (warp == 0u) {\n";
  out += "    " + acc + " exclusive = " + id + ";\n";
  out += "    if (t_in_row == 0) {\n";
  out +=
      "      if (lane == 0u) {\n        inclusive[t] = aggregate;\n        __threadfence();\n        flags[t] = 2u;\n"
      "      }\n";
  out += "    } else {\n";
  out +=
      "      if (lane == 0u) {\n        aggregates[t] = aggregate;\n        __threadfence();\n        flags[t] = 1u;\n"
      "      }\n";
  out += "      const long long row_start = (long long)(t - t_in_row);\n";
  out += "      for (long long w = (long long)t - 1;; w -= 32) {\n";
  out += "        const long long p = w - (long long)lane;\n";
  out += "        const bool in_row = p >= row_start;\n";
  out += "        unsigned int f = 0u;\n";
  out += "        if (in_row)\n          while ((f = flags[p]) == 0u) {}\n";
  out += "        __threadfence();\n";
  out += "        " + acc + " v = " + id + ";\n";
  out += "        if (in_row) v = f == 2u ? inclusive[p] : aggregates[p];\n";
  out += "        const unsigned int found = __ballot_sync(0xffffffffu, in_row && f == 2u);\n";
  out += "        const unsigned int stop = found ? (unsigned int)(__ffs(found) - 1) : 31u;\n";
  out += "        if (lane > stop) v = " + id + ";\n";
  out += "#pragma unroll\n        for (unsigned int d = 16; d > 0; d >>= 1) v = " + name + "_op(v, " + name +
         "_shfl_down(v, d));\n";
  out += "        exclusive = " + name + "_op(v, exclusive);\n";
  out += "        if (found) break;\n      }\n";
  out += "      if (lane == 0u) {\n        inclusive[t] = " + name +
         "_op(exclusive, aggregate);\n        __threadfence();\n        flags[t] = 2u;\n      }\n";
  out += "    }\n    if (lane == 0u) prefix_shared = exclusive;\n  }\n";
  out += "  __syncthreads();\n";
  out += "  const " + acc + " prefix = " + name + "_op(" + name + "_op(prefix_shared, warp_prefix), before);\n";
  out += "#pragma unroll\n  for (int k = 0; k < " + items + "; ++k) {\n";
  out += "    const Index r = first + (Index)k;\n";
  out += "    if (r < length) out0[ob + (long long)r * od] = " + name + "_result(" + name + "_op(prefix, x[k]));\n";
  out += "  }\n}\n";
  return out + entry_pair(s, "tiles", ", unsigned int* counter, unsigned int* flags, void* aggregates, void* inclusive",
                          ", counter, flags, aggregates, inclusive");
}

}  // namespace

std::string lower_scan_to_cuda_definitions(const ir::KernelIR& kernel, const CudaCodegenOptions& options) {
  const ScanKernel s = analyse_scan(kernel, options);
  std::string out = "// Scan kernel " + s.shape.name + " (codegen/cuda/lower_scan_to_cuda.cpp).\n";
  out += ir_listing_as_comment(kernel);
  out += emit_element_function(s);
  out += emit_operator(s);
  out += emit_rows(s);
  out += emit_tiles(s);
  return out;
}

std::string scan_entry_point(const ir::KernelIR& kernel, bool tiles, bool index64) {
  return kernel.name() + (tiles ? "_tiles" : "_rows") + (index64 ? "_i64" : "");
}

}  // namespace sinter::gpu
