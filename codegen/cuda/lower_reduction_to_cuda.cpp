// Writes a reduction kernel (ir/kernel.h) as CUDA C++: an element function (the fused producer:
// the values the reductions fold), the reductions' running state with its identity, fold and
// combine, an output function (the fused consumer and the stores), and a reduce template over the
// index type behind two extern "C" entry points.
// Over 700 lines: these pieces share one analysis (ReductionKernel) and are written in the order
// they appear in the generated source, so the file reads as the kernel does; row phases reuse them.
//
// Work sharing. A block's 256 threads take `lanes` consecutive outputs (a tile) with 256 / lanes
// threads ("element lanes") on each; gridDim.x blocks walk the tiles and gridDim.y blocks split
// each output's elements into equal parts. The launcher (runtime/cuda/reduction_launch.cpp)
// picks from the layouts' strides and the sizes:
//  - elements contiguous per output (reducing the innermost axes, a full reduction): consecutive
//    threads on consecutive elements (outputs_inner = 0), with 16-byte loads where every element
//    is read at its flat index; from a block per output through a warp per output to a thread per
//    output as outputs get shorter;
//  - outputs adjacent in memory and their elements strided (reducing a leading axis): consecutive
//    threads on consecutive outputs (outputs_inner = 1), each walking its elements, so a warp's
//    loads are consecutive addresses;
//  - too few tiles to fill the device (a full reduction, a few long rows or columns): parts > 1.
//    Each block leaves its partial states in scratch memory; the last block to finish a tile (an
//    atomic counter after __threadfence) combines the parts, runs the per-output instructions and
//    stores, in the same launch, and sets the counter back to zero (the counters stay allocated
//    per stream between launches: runtime/cuda/tile_counters.h).
// The threads of an output combine their states with warp shuffles, then through shared memory
// between warps, and the parts in part order: a launch of the same sizes on the same device gives
// the same bits every time.
#include "codegen/cuda/lower_reduction_to_cuda.h"

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <string_view>

#include "codegen/cuda/cuda_spelling.h"
#include "codegen/cuda/fold_kernel.h"
#include "codegen/cuda/kernel_analysis.h"
#include "codegen/cuda/reduction_spelling.h"

namespace sinter::gpu {
namespace {

using std::size_t;

/// One live reduction instruction.
struct Reduction {
  size_t instr;    // its index in the body
  size_t operand;  // the per-element instruction it folds
  ReductionSpelling spelling;
};

/// The kernel with what the emitters need beyond FoldKernel (kept: the dimensions not reduced).
struct ReductionKernel : FoldKernel {
  std::vector<Reduction> reductions;
  std::vector<size_t> folded;  // the distinct per-element instructions the reductions fold (store: the outputs)
  int reduce_rank = 0;         // dimensions reduced (a row kernel's last phase: its rows' dimensions)
  // A row kernel's last phase (an elementwise kernel walked row by row): each element's values
  // are stored at its flat index where a reduction would fold them.
  bool store = false;
  bool flat = true;            // every per-element read is at the flat index
  int batch = 4;         // elements read per trip of a loop (CudaCodegenOptions::reduction_batch)
  int vector_batch = 2;  // vector groups read per trip of the flat loop
};

/// `row_reduce_rank` >= 0: k is a phase of a row kernel (ir/row_phases.h) whose rows span that
/// many trailing dimensions; the elementwise last phase is then walked as rows and stores.
ReductionKernel analyse_reduction(const ir::KernelIR& k, const CudaCodegenOptions& options, int row_reduce_rank = -1) {
  ReductionKernel r{{k, analyse(k, options), 0}, {}, {}, 0, false, true, 4, 2};
  if (options.reduction_batch < 1 || options.reduction_batch > 16)
    invalid(k, "reduction_batch " + str(options.reduction_batch) + " (1 to 16)");
  r.batch = options.reduction_batch;
  r.vector_batch = std::max(1, r.batch / 2);
  const KernelShape& shape = r.shape;  // analyse ran ir::verify: the structure is sound
  r.reduce_rank = k.reduce_rank;
  if (row_reduce_rank >= 0 && !k.is_reduction()) {
    r.store = true;
    r.reduce_rank = k.rank == 0 ? 0 : row_reduce_rank;
    for (std::int32_t out : k.outputs)
      if (std::find(r.folded.begin(), r.folded.end(), static_cast<size_t>(out)) == r.folded.end())
        r.folded.push_back(static_cast<size_t>(out));
  }
  r.kept = k.rank - r.reduce_rank;
  for (size_t i = 0; i < k.body.size(); ++i) {
    if (!shape.live[i]) continue;
    const ir::Instr& in = k.body[i];
    if (!is_reduction(in.op)) continue;
    const auto operand = static_cast<size_t>(in.args[0]);
    r.reductions.push_back({i, operand, spell_reduction(in, k.body[operand].dtype)});
    if (std::find(r.folded.begin(), r.folded.end(), operand) == r.folded.end()) r.folded.push_back(operand);
  }
  for (const auto& read : shape.reads) r.flat = r.flat && read.second < 0;
  return r;
}

std::string state_type(const ReductionKernel& r) { return r.shape.name + "_state"; }
std::string value_field(const Reduction& red) { return "a" + str(red.instr); }
std::string position_field(const Reduction& red) { return "p" + str(red.instr); }

/// The member of sinter_slot (the prelude's union) holding a value of type t.
std::string slot_member(DType t) { return std::string(cuda_short_name(t)); }

/// One field of the running state: a value per reduction, and for argmin/argmax the position.
struct StateField {
  std::string name;
  DType type;
};

/// The running state's fields in order (the struct, the shuffles, the scratch slots).
std::vector<StateField> state_fields(const ReductionKernel& r) {
  std::vector<StateField> fields;
  for (const Reduction& red : r.reductions) {
    fields.push_back({value_field(red), red.spelling.accumulator});
    if (red.spelling.has_position) fields.push_back({position_field(red), DType::Int64});
  }
  return fields;
}

/// `combine` of a reduction with its state at `state` and the other's value and position.
std::string combine_statement(const Reduction& red, const std::string& state, const std::string& value,
                              const std::string& position) {
  const std::vector<std::string> operands = {state + "." + value_field(red), state + "." + position_field(red), value,
                                             position};
  return substitute_operands(red.spelling.combine, operands);
}

/// The structs of the folded values and of the running state.
std::string emit_structs(const ReductionKernel& r) {
  const std::string& name = r.shape.name;
  std::string s = std::string(r.store ? "// The values stored, computed per element.\n"
                                      : "// The values the reductions fold, computed per element.\n") +
                  "struct " + name + "_elements {";
  for (size_t v : r.folded) s += " " + std::string(cuda_type(r.k.body[v].dtype)) + " " + value_name(v) + ";";
  s += " };\n";
  if (r.store) return s + "\n";
  s += "// The reductions' running state: a value per reduction (argmin/argmax: and the position of the extreme).\n";
  s += "struct " + state_type(r) + " {";
  for (const StateField& field : state_fields(r)) put(s, {" ", cuda_type(field.type), " ", field.name, ";"});
  return s + " };\n\n";
}

/// template <class Index> NAME_elements NAME_element(Index i, <per-element reads>, <their scalars>)
std::string emit_element_function(const ReductionKernel& r) {
  const KernelShape& shape = r.shape;
  std::string s = "// One element: the fused producer, one named value per IR instruction.\n";
  s += element_function_head(r, shape.name + "_elements");
  s += "  " + shape.name + "_elements e;\n";
  for (size_t v : r.folded) s += "  e." + value_name(v) + " = " + value_name(v) + ";\n";
  return s + "  return e;\n}\n\n";
}

/// NAME_start (identities), NAME_fold (one element at its position), NAME_combine (another
/// state of the same output), NAME_shuffle_down (the state of the lane `offset` higher).
std::string emit_state_functions(const ReductionKernel& r) {
  const std::string& name = r.shape.name;
  const std::string state = state_type(r);
  std::string s = "__device__ __forceinline__ void " + name + "_start(" + state + "& a) {\n";
  for (const Reduction& red : r.reductions) {
    s += "  a." + value_field(red) + " = " + red.spelling.identity + ";\n";
    if (red.spelling.has_position) s += "  a." + position_field(red) + " = -1ll;\n";
  }
  s += "}\n";
  s += "__device__ __forceinline__ void " + name + "_fold(" + state + "& a, const " + name +
       "_elements& e, long long r) {\n";
  for (const Reduction& red : r.reductions) {
    const std::vector<std::string> element = {"e." + value_name(red.operand)};
    s += "  " + combine_statement(red, "a", substitute_operands(red.spelling.element, element), "r") + "\n";
  }
  s += "}\n";
  s += "__device__ __forceinline__ void " + name + "_combine(" + state + "& a, const " + state + "& b) {\n";
  for (const Reduction& red : r.reductions)
    s += "  " + combine_statement(red, "a", "b." + value_field(red), "b." + position_field(red)) + "\n";
  s += "}\n";
  s += "__device__ __forceinline__ " + state + " " + name + "_shuffle_down(const " + state +
       "& a, unsigned int offset) {\n  " + state + " b;\n";
  for (const StateField& field : state_fields(r)) {
    if (field.type == DType::Bool)
      s += "  b." + field.name + " = __shfl_down_sync(0xffffffffu, (int)a." + field.name + ", offset) != 0;\n";
    else s += "  b." + field.name + " = __shfl_down_sync(0xffffffffu, a." + field.name + ", offset);\n";
  }
  return s + "  return b;\n}\n";
}

/// NAME_combine_threads: the states of an output's threads into its leader.
std::string emit_combine_threads(const ReductionKernel& r) {
  const std::string& name = r.shape.name;
  const std::string threads = str(kThreadsPerBlock);
  const bool positions = std::any_of(r.reductions.begin(), r.reductions.end(),
                                     [](const Reduction& red) { return red.spelling.has_position; });
  std::string s = "// The states of the threads sharing an output, combined into its first thread (L.leader): warp\n";
  s += "// shuffles, then, when its threads span several warps, one reduction at a time through shared memory.\n";
  s += "// Called twice per tile at most: one copy in the module.\n";
  s += "__device__ __noinline__ void " + name + "_combine_threads(" + state_type(r) + "& a, const sinter_lanes& L) {\n";
  s += "  for (unsigned int offset = L.shuffle_first; offset >= L.shuffle_last; offset >>= 1)\n";
  s += "    " + name + "_combine(a, " + name + "_shuffle_down(a, offset));\n";
  if (r.reductions.empty()) return s + "}\n\n";
  s += "  if (L.groups <= 1) return;\n";
  s += "  __shared__ sinter_slot value[" + threads + "];\n";
  if (positions) s += "  __shared__ sinter_slot position[" + threads + "];\n";
  s += "  const unsigned int t = threadIdx.x;\n";
  for (const Reduction& red : r.reductions) {
    const std::string member = slot_member(red.spelling.accumulator);
    s += "  value[t]." + member + " = a." + value_field(red) + ";\n";
    if (red.spelling.has_position) s += "  position[t].i64 = a." + position_field(red) + ";\n";
    s += "  __syncthreads();\n";
    s += "  if (L.leader)\n    for (unsigned int g = 1; g < L.groups; ++g) {\n";
    s += "      const unsigned int u = t + g * L.group_stride;\n";
    s += "      " +
         combine_statement(red, "a", "value[u]." + member, red.spelling.has_position ? "position[u].i64" : "0ll") +
         "\n";
    s += "    }\n  __syncthreads();\n";
  }
  return s + "}\n\n";
}

/// NAME_store / NAME_load: one output's partial state to and from its slots in scratch memory,
/// `field` slots apart. Loads are volatile: other blocks wrote them during this launch.
std::string emit_partial_functions(const ReductionKernel& r) {
  const std::string& name = r.shape.name;
  const std::string state = state_type(r);
  std::string store = "__device__ __forceinline__ void " + name +
                      "_store(sinter_slot* s, unsigned long long field, const " + state + "& a) {\n";
  std::string load = "__device__ __forceinline__ void " + name +
                     "_load(const volatile sinter_slot* s, unsigned long long field, " + state + "& a) {\n";
  const std::vector<StateField> fields = state_fields(r);
  for (size_t slot = 0; slot < fields.size(); ++slot) {
    const std::string at = slot == 0 ? "s[0]" : "s[" + str(slot) + " * field]";
    const std::string member = slot_member(fields[slot].type);
    put(store, {"  ", at, ".", member, " = a.", fields[slot].name, ";\n"});
    put(load, {"  a.", fields[slot].name, " = ", at, ".", member, ";\n"});
  }
  return store + "}\n" + load + "}\n\n";
}

/// template <class Index> void NAME_output(Index i, state, <per-output reads>, <their scalars>, <outputs>&)
std::string emit_output_function(const ReductionKernel& r) {
  const ir::KernelIR& k = r.k;
  const KernelShape& shape = r.shape;
  std::string s = "// One output: the reductions' results, the fused consumer, the stores.\n";
  s += "template <class Index>\n__device__ __forceinline__ void " + shape.name + "_output(Index i, const " +
       state_type(r) + "& a";
  for (const auto& [slot, layout] : shape.output_reads)
    s += ", " + std::string(cuda_type(k.inputs[slot])) + " " + read_name(slot, layout);
  for (size_t i = 0; i < k.scalars.size(); ++i)
    if (shape.output_scalar_used[i]) s += ", " + std::string(cuda_type(k.scalars[i])) + " s" + str(i);
  for (size_t o = 0; o < k.outputs.size(); ++o)
    s += ", " + std::string(cuda_type(k.output_dtype(o))) + "& out" + str(o);
  s += ") {\n";
  for (size_t i = 0; i < k.body.size(); ++i) {
    if (!shape.live[i] || !k.body[i].per_output) continue;
    std::string value;
    const auto red = std::find_if(r.reductions.begin(), r.reductions.end(),
                                  [&](const Reduction& candidate) { return candidate.instr == i; });
    if (red != r.reductions.end()) {
      const std::vector<std::string> state = {"a." + value_field(*red), "a." + position_field(*red)};
      value = substitute_operands(red->spelling.result, state);
    } else {
      value = spell(k, i);
    }
    s += "  const " + std::string(cuda_type(k.body[i].dtype)) + " " + value_name(i) + " = " + value + ";\n";
  }
  for (size_t o = 0; o < k.outputs.size(); ++o)
    s += "  out" + str(o) + " = " + value_name(static_cast<size_t>(k.outputs[o])) + ";\n";
  return s + "}\n\n";
}

/// Statements adding, for each layout L in `layouts`, the offset of the coordinates of `index`
/// over dimensions [first, last) of the iteration space to <target>L<suffix> (innermost first,
/// by division; the outermost takes what is left).
std::string emit_offsets(const ir::KernelIR& k, const std::vector<int>& layouts, const std::string& index, int first,
                         int last, const std::string& target, const std::string& suffix, const std::string& indent) {
  if (layouts.empty() || last <= first) return "";
  std::string s;
  auto line = [&](const std::string& text) { s.append(indent).append(text).append("\n"); };
  line("{");
  line("  Index rest = " + index + ";");
  for (int d = last - 1; d >= first; --d) {
    line("  {");
    if (d > first) {
      line("    const Index size = (Index)s" + str(k.shape_slot + d) + ";");
      line("    const long long c = (long long)(rest % size);");
      line("    rest /= size;");
    } else {
      line("    const long long c = (long long)rest;");
    }
    for (int l : layouts)
      put(s, {indent, "    ", target, str(l), suffix, " += c * s",
              str(k.layouts[static_cast<size_t>(l)].stride_slot + d), ";\n"});
    line("  }");
  }
  line("}");
  return s;
}

/// NAME_fold(a, NAME_element<Index>(index, <reads>, <scalars>), position);
/// In a row kernel's last phase (r.store): { const NAME_elements e = NAME_element<Index>(...); out<k>[index] = e.v<j>;
/// ... }
std::string fold_call(const ReductionKernel& r, const std::string& index, const std::vector<std::string>& reads,
                      const std::string& position) {
  const std::string call = element_call(r, index, reads);
  if (!r.store) return r.shape.name + "_fold(a, " + call + ", " + position + ");\n";
  std::string s = "{ const " + r.shape.name + "_elements e = " + call + ";";
  for (size_t o = 0; o < r.k.outputs.size(); ++o)
    put(s, {" out", str(o), "[", index, "] = e.", value_name(static_cast<size_t>(r.k.outputs[o])), ";"});
  return s + " }\n";
}

/// A row kernel's last phase (r.store): the outputs of the group of elements at `first` collected
/// in vectors and stored as one 16-byte store each where `out_aligned` (else one by one), so a
/// warp's stores cover whole sectors.
std::string store_group(const ReductionKernel& r, const std::string& first, const std::vector<std::string>& reads,
                        const std::string& indent) {
  const int v = r.shape.elements;
  const ir::KernelIR& k = r.k;
  std::string s = indent + "{\n";
  for (size_t o = 0; o < k.outputs.size(); ++o)
    put(s, {indent, "  ", vector_struct_name(k.output_dtype(o), v), " out", str(o), "_w;\n"});
  put(s, {"#pragma unroll\n", indent, "  for (Index j = 0; j < ", str(v), "; ++j) {\n", indent, "    const ",
          r.shape.name, "_elements e = ", element_call(r, first + " + j", reads), ";\n"});
  for (size_t o = 0; o < k.outputs.size(); ++o)
    put(s, {indent, "    out", str(o), "_w.v[j] = e.", value_name(static_cast<size_t>(k.outputs[o])), ";\n"});
  s += indent + "  }\n";
  for (size_t o = 0; o < k.outputs.size(); ++o) {
    const std::string vec = vector_struct_name(k.output_dtype(o), v), out = "out" + str(o);
    put(s, {indent, "  if (out_aligned) *reinterpret_cast<",
            vec,    "*>(",
            out,    " + ",
            first,  ") = ",
            out,    "_w;\n",
            indent, "  else for (int j = 0; j < ",
            str(v), "; ++j) ",
            out,    "[",
            first,  " + j] = ",
            out,    "_w.v[j];\n"});
  }
  return s + indent + "}\n";
}

/// One element of a batch: its flat index, its position in its output, and the expression that
/// loads each of the kernel's per-element reads.
struct ElementAt {
  std::string index, position;
  std::vector<std::string> reads;
};

/// Loads every element of `batch` into locals, then folds them in order. NVVM's unrolling keeps
/// an exit test between unrolled trips, which holds each load back until the previous fold has
/// its value; a batch written out issues all its loads before the first fold waits for one.
std::string emit_batch(const ReductionKernel& r, const std::vector<ElementAt>& batch, const std::string& indent) {
  std::string s;
  std::vector<std::vector<std::string>> locals(batch.size());
  for (size_t u = 0; u < batch.size(); ++u)
    for (size_t p = 0; p < r.shape.reads.size(); ++p) {
      const std::string local = "x" + str(u) + "_" + str(p);
      put(s, {indent, "const ", cuda_type(r.k.inputs[r.shape.reads[p].first]), " ", local, " = ", batch[u].reads[p],
              ";\n"});
      locals[u].push_back(local);
    }
  for (size_t u = 0; u < batch.size(); ++u) s += indent + fold_call(r, batch[u].index, locals[u], batch[u].position);
  return s;
}

/// Every element read at the flat index: whole groups of `elements` (at flat indices that are
/// multiples of it) as vector loads when every read pointer is aligned, the rest one by one; in
/// batches of vector_batch groups and batch elements.
std::string emit_flat_elements(const ReductionKernel& r) {
  const int v = r.shape.elements;
  const std::string e = str(v);
  const std::string in = "      ";
  auto element = [&](const std::string& i) {
    ElementAt at{i, "(long long)(" + i + " - base)", {}};
    for (const auto& read : r.shape.reads) at.reads.push_back("in" + str(read.first) + "[" + i + "]");
    return at;
  };
  std::string s = in + "const Index base = o * reduce_n;\n";
  s += in + "const Index first = base + r_begin, last = base + r_end;\n";
  s += in + "const Index step = L.elem_lanes;\n";
  s += in + "Index body_first = last, body_last = last;  // whole vector groups: [body_first, body_last)\n";
  if (v > 1) {
    s += in + "if (aligned) {\n";
    s += in + "  body_first = (first + " + str(v - 1) + ") / " + e + " * " + e + ";\n";
    s += in + "  if (body_first > last) body_first = last;\n";
    s += in + "  body_last = last / " + e + " * " + e + ";\n";
    s += in + "  if (body_last < body_first) body_last = body_first;\n";
    s += in + "}\n";
  }
  s += in + "// One by one: [first, body_first) and [body_last, last).\n";
  s += in + "const Index head = body_first - first, loose = head + (last - body_last);\n";
  s += in + "Index k = L.elem_lane;\n";
  s += in + "for (; k + " + str(r.batch - 1) + " * step < loose; k += " + str(r.batch) + " * step) {\n";
  std::vector<ElementAt> batch;
  for (int u = 0; u < r.batch; ++u) {
    const std::string ku = u == 0 ? "k" : "(k + " + str(u) + " * step)";
    put(s, {in, "  const Index i", str(u), " = ", ku, " < head ? first + ", ku, " : body_last + (", ku, " - head);\n"});
    batch.push_back(element("i" + str(u)));
  }
  s += emit_batch(r, batch, in + "  ");
  s += in + "}\n";
  s += in + "for (; k < loose; k += step) {\n";
  s += in + "  const Index i0 = k < head ? first + k : body_last + (k - head);\n";
  s += emit_batch(r, {element("i0")}, in + "  ");
  s += in + "}\n";
  if (v == 1) return s;
  // Vector groups: the loads of a trip's groups first, then each group's elements in order.
  auto groups = [&](int count) {
    std::string t;
    for (int u = 0; u < count; ++u) {
      const std::string iu = "i" + str(u);
      put(t, {in, "  const Index ", iu, " = (g + ", str(u), " * step) * ", e, ";\n"});
      for (const auto& read : r.shape.reads) {
        const std::string vec = vector_struct_name(r.k.inputs[read.first], v);
        const std::string name = "in" + str(read.first);
        put(t, {in, "  const ", vec, " ", name, "_v", str(u), " = *reinterpret_cast<const ", vec, "*>(", name, " + ",
                iu, ");\n"});
      }
    }
    for (int u = 0; u < count; ++u) {
      const std::string iu = "i" + str(u);
      std::vector<std::string> reads;
      for (const auto& read : r.shape.reads) reads.push_back("in" + str(read.first) + "_v" + str(u) + ".v[j]");
      if (r.store) {
        t += store_group(r, iu, reads, in + "  ");
        continue;
      }
      put(t, {"#pragma unroll\n", in, "  for (Index j = 0; j < ", e, "; ++j)\n", in, "    ",
              fold_call(r, iu + " + j", reads, "(long long)(" + iu + " + j - base)")});
    }
    return t;
  };
  s += in + "const Index g_end = body_last / " + e + ";\n";
  s += in + "Index g = body_first / " + e + " + L.elem_lane;\n";
  s += in + "for (; g + " + str(r.vector_batch - 1) + " * step < g_end; g += " + str(r.vector_batch) + " * step) {\n";
  s += groups(r.vector_batch);
  s += in + "}\n";
  s += in + "for (; g < g_end; g += step) {\n";
  s += groups(1);
  return s + in + "}\n";
}

/// Some element read through a layout: each layout's offset of the output's kept coordinates
/// once per output, plus, per element, that of its reduced coordinates (one multiply when one
/// reduced dimension is left after the planner's merging); in batches of `batch` elements.
std::string emit_layout_elements(const ReductionKernel& r) {
  const ir::KernelIR& k = r.k;
  const std::vector<int> layouts = layouts_of(r.shape.reads);
  const std::string in = "      ";
  std::string s;
  for (int l : layouts) s += in + "long long kept" + str(l) + " = 0;\n";
  s += emit_offsets(k, layouts, "o", 0, r.kept, "kept", "", in);
  s += in + "const Index base = o * reduce_n;\n";
  s += in + "const Index step = L.elem_lanes;\n";
  s += in + "Index r = r_begin + L.elem_lane;\n";
  // Element u of a batch at position r<u>: its layouts' offsets at<L>_<u>.
  auto element = [&](int u) {
    const std::string ru = "r" + str(u), suffix = "_" + str(u);
    std::string t =
        in + "  const Index " + ru + " = " + (u == 0 ? std::string("r") : "r" + str(u - 1) + " + step") + ";\n";
    for (int l : layouts) {
      put(t, {in, "  long long at", str(l), suffix, " = kept", str(l)});
      if (r.reduce_rank == 1)
        put(t, {" + (long long)", ru, " * s", str(k.layouts[static_cast<size_t>(l)].stride_slot + k.rank - 1)});
      t += ";\n";
    }
    if (r.reduce_rank > 1) t += emit_offsets(k, layouts, ru, r.kept, k.rank, "at", suffix, in + "  ");
    ElementAt at{"base + " + ru, "(long long)" + ru, {}};
    for (const auto& [slot, layout] : r.shape.reads)
      at.reads.push_back("in" + str(slot) + "[" + (layout < 0 ? "base + " + ru : "at" + str(layout) + suffix) + "]");
    return std::make_pair(t, at);
  };
  auto trip = [&](int count) {
    std::string t;
    std::vector<ElementAt> batch;
    for (int u = 0; u < count; ++u) {
      auto [offsets, at] = element(u);
      t += offsets;
      batch.push_back(at);
    }
    return t + emit_batch(r, batch, in + "  ");
  };
  s += in + "for (; r + " + str(r.batch - 1) + " * step < r_end; r += " + str(r.batch) + " * step) {\n";
  s += trip(r.batch);
  s += in + "}\n";
  s += in + "for (; r < r_end; r += step) {\n";
  s += trip(1);
  return s + in + "}\n";
}

/// The last block of a tile to finish its part combines every part's states (see the file comment).
std::string emit_parts(const ReductionKernel& r) {
  const std::string& name = r.shape.name;
  std::string s;
  s += "    if (!finish) {\n";
  s += "      // Several blocks share this tile: each leaves its states in scratch; the last to arrive (the\n";
  s += "      // counter, after a fence that makes them visible) combines all parts in part order.\n";
  s += "      sinter_slot* const partials = reinterpret_cast<sinter_slot*>(scratch);\n";
  s += "      const unsigned long long field = (unsigned long long)parts * n;\n";
  s += "      if (active && L.leader) " + name +
       "_store(partials + (unsigned long long)blockIdx.y * n + o, field, a);\n";
  s += "      __threadfence();\n";
  s += "      __syncthreads();\n";
  s += "      if (threadIdx.x == 0) last_block = atomicAdd(counters + tile, 1u) == (unsigned int)parts - 1u;\n";
  s += "      __syncthreads();\n";
  s += "      finish = last_block;\n";
  s += "      if (finish) {\n";
  s += "        // Every part has arrived: the counter goes back to zero for the stream's next kernel.\n";
  s += "        if (threadIdx.x == 0) counters[tile] = 0u;\n";
  s += "        __threadfence();\n";
  s += "        " + name + "_start(a);\n";
  s += "        if (active)\n";
  s += "          for (Index p = L.elem_lane; p < parts; p += L.elem_lanes) {\n";
  s += "            " + state_type(r) + " b;\n";
  s += "            " + name + "_load(partials + (unsigned long long)p * n + o, field, b);\n";
  s += "            " + name + "_combine(a, b);\n";
  s += "          }\n";
  s += "        " + name + "_combine_threads(a, L);\n";
  s += "      }\n";
  s += "    }\n";
  return s;
}

/// The parameters after the pointers and scalars of NAME_tile, and the matching arguments.
constexpr std::string_view kTileParams =
    "Index n, Index reduce_n, const sinter_lanes& L, Index tile, Index parts, Index r_begin, Index r_end, "
    "unsigned int* __restrict__ counters, unsigned long long* __restrict__ scratch";

/// NAME_tile: one tile of `lanes` outputs (their elements [r_begin, r_end), part blockIdx.y of
/// `parts`): fold, combine, and where this block finishes the tile the per-output instructions and
/// stores. In a row kernel's last phase (r.store): each element of the tile's rows stored instead.
/// The held_in<slot> parameters of a tile function that takes its rows' elements from registers.
std::string held_params(const ReductionKernel& r) {
  std::string s;
  for (const auto& read : r.shape.reads)
    put(s, {", const ", vector_struct_name(r.k.inputs[read.first], r.shape.elements), " (&held_in", str(read.first),
            ")[", str(kRowHeldElements / r.shape.elements), "]"});
  return s;
}

/// A row's elements from registers (the row template loaded them: lower_row_kernel_to_cuda.cpp):
/// group q of this thread is the row's vector group q * L.elem_lanes + L.elem_lane.
std::string emit_held_elements(const ReductionKernel& r) {
  const int v = r.shape.elements;
  const std::string in = "    ";
  std::string s = in + "const Index base = o * reduce_n, groups = reduce_n / " + str(v) + ";\n";
  put(s, {"#pragma unroll\n", in, "for (int q = 0; q < ", str(kRowHeldElements / v), "; ++q) {\n", in,
          "  const Index g = (Index)q * L.elem_lanes + L.elem_lane;\n", in, "  if (g >= groups) break;\n", in,
          "  const Index i0 = base + g * ", str(v), ";\n"});
  std::vector<std::string> reads;
  for (const auto& read : r.shape.reads) reads.push_back("held_in" + str(read.first) + "[q].v[j]");
  if (r.store) {
    s += store_group(r, "i0", reads, in + "  ");
  } else {
    put(s, {"#pragma unroll\n", in, "  for (Index j = 0; j < ", str(v), "; ++j)\n", in, "    ",
            fold_call(r, "i0 + j", reads, "(long long)(g * " + str(v) + " + j)")});
  }
  return s + in + "}\n";
}

/// `held`: NAME_held_tile, the same over rows whose elements the caller holds in registers.
std::string emit_tile_function(const ReductionKernel& r, bool held = false) {
  const ir::KernelIR& k = r.k;
  const KernelShape& shape = r.shape;
  const std::string& name = shape.name;
  const int v = shape.elements;
  std::string s = held ? "// One tile, its rows' elements held in registers by the caller.\n"
                       : "// One tile: outputs (tile << L.lanes_log2) + L.out_lane, their elements [r_begin, r_end).\n";
  s += "template <class Index>\n__device__ __forceinline__ void " + name + (held ? "_held_tile(" : "_tile(") +
       pointer_and_scalar_params(k, shape) + std::string(kTileParams) + (held ? held_params(r) : "") + ") {\n";
  const std::string elements = held ? emit_held_elements(r) : r.flat ? emit_flat_elements(r) : emit_layout_elements(r);
  if (r.flat && v > 1) {
    if (!held) {  // held rows were loaded aligned
      s += "  // Vector loads need every operand read aligned to its vector size.\n";
      s += "  const bool aligned = ";
      if (shape.reads.empty()) s += "true";
      for (size_t p = 0; p < shape.reads.size(); ++p) {
        const size_t slot = shape.reads[p].first;
        s += std::string(p ? " &&\n                       " : "") + "reinterpret_cast<unsigned long long>(in" +
             str(slot) + ") % " + str(vector_alignment(k.inputs[slot], v)) + " == 0";
      }
      s += ";\n";
    }
    if (r.store) {
      s += "  const bool out_aligned = ";
      for (size_t o = 0; o < k.outputs.size(); ++o)
        s += std::string(o ? " &&\n                           " : "") + "reinterpret_cast<unsigned long long>(out" +
             str(o) + ") % " + str(vector_alignment(k.output_dtype(o), v)) + " == 0";
      s += ";\n";
    }
  }
  s += "  const Index o = (tile << L.lanes_log2) + L.out_lane;\n";
  s += "  const bool active = o < n;\n";
  if (r.store) {
    s += "  if (active) {\n";
    s += elements;
    return s + "  }\n}\n\n";
  }
  s += "  __shared__ bool last_block;\n";
  s += "  " + state_type(r) + " a;\n";
  s += "  " + name + "_start(a);\n";
  s += "  if (active) {\n";
  s += elements;
  s += "  }\n";
  s += "  " + name + "_combine_threads(a, L);\n";
  s += "  bool finish = parts == 1;\n";
  s += emit_parts(r);
  s += "  if (finish && active && L.leader) {\n";
  const std::vector<int> out_layouts = layouts_of(shape.output_reads);
  for (int l : out_layouts) s += "    long long at" + str(l) + " = 0;\n";
  s += emit_offsets(k, out_layouts, "o", 0, r.kept, "at", "", "    ");
  s += "    " + name + "_output<Index>(o, a";
  for (const auto& [slot, layout] : shape.output_reads)
    s += ", in" + str(slot) + "[" + (layout < 0 ? std::string("o") : "at" + str(layout)) + "]";
  for (size_t i = 0; i < k.scalars.size(); ++i)
    if (shape.output_scalar_used[i]) s += ", s" + str(i);
  for (size_t o = 0; o < k.outputs.size(); ++o) s += ", out" + str(o) + "[o]";
  s += ");\n";
  s += "  }\n}\n\n";
  return s;
}

std::string emit_reduce_template(const ReductionKernel& r) {
  const ir::KernelIR& k = r.k;
  const KernelShape& shape = r.shape;
  const std::string& name = shape.name;
  const int v = shape.elements;
  std::string s = "// n outputs of reduce_n elements each (element r of output o at flat index o * reduce_n + r).\n";
  s += "template <class Index>\n__device__ __forceinline__ void " + name + "_reduce(" +
       pointer_and_scalar_params(k, shape) +
       "Index n, Index reduce_n, unsigned int lanes, unsigned int outputs_inner, unsigned int* __restrict__ counters, "
       "unsigned long long* __restrict__ scratch) {\n";
  s += "  const sinter_lanes L = sinter_make_lanes(lanes, outputs_inner);\n";
  s += "  // This block's part of each output's elements: [r_begin, r_end), in chunks of whole vector groups.\n";
  s += "  const Index parts = gridDim.y;\n";
  s += "  const Index chunk = ((reduce_n + parts - 1) / parts + " + str(v - 1) + ") / " + str(v) + " * " + str(v) +
       ";\n";
  s += "  const Index r_begin = (Index)blockIdx.y * chunk < reduce_n ? (Index)blockIdx.y * chunk : reduce_n;\n";
  s += "  const Index r_end = reduce_n - r_begin > chunk ? r_begin + chunk : reduce_n;\n";
  s += "  const Index tiles = (n + lanes - 1) >> L.lanes_log2;\n";
  s += "  for (Index tile = blockIdx.x; tile < tiles; tile += gridDim.x)\n";
  s += "    " + name + "_tile<Index>(" + pointer_and_scalar_args(k, shape) +
       "n, reduce_n, L, tile, parts, r_begin, r_end, counters, scratch);\n";
  return s + "}\n\n";
}

}  // namespace

std::string reduction_entry_points(const ir::KernelIR& kernel, const KernelShape& shape, const std::string& body,
                                   const CudaCodegenOptions& options) {
  const std::string params = pointer_and_scalar_params(kernel, shape);
  const std::string args = pointer_and_scalar_args(kernel, shape);
  std::string bounds = "__launch_bounds__(" + str(kThreadsPerBlock);
  if (options.min_blocks_per_multiprocessor > 0) bounds += ", " + std::to_string(options.min_blocks_per_multiprocessor);
  bounds += ")";
  const std::string tail =
      "unsigned int lanes, unsigned int outputs_inner, unsigned int* counters, unsigned long long* scratch) {\n";
  std::string s = "// Entry points: 32-bit indexing for n * reduce_n <= 2^31 - 1, 64-bit beyond.\n";
  if (options.entry_32) {
    s += "extern \"C\" __global__ void " + bounds + " " + entry_point_32(kernel) + "(" + params +
         "unsigned int n, unsigned int reduce_n, " + tail;
    s += "  " + body + "<unsigned int>(" + args + "n, reduce_n, lanes, outputs_inner, counters, scratch);\n}\n";
  }
  if (options.entry_64) {
    s += "extern \"C\" __global__ void " + bounds + " " + entry_point_64(kernel) + "(" + params +
         "long long n, long long reduce_n, " + tail;
    s += "  " + body + "<unsigned long long>(" + args +
         "(unsigned long long)n, (unsigned long long)reduce_n, lanes, outputs_inner, counters, scratch);\n}\n";
  }
  return s;
}

std::string lower_reduction_to_cuda_definitions(const ir::KernelIR& kernel, const CudaCodegenOptions& options) {
  const ReductionKernel r = analyse_reduction(kernel, options);
  std::string s = "\n// ==== " + r.shape.name + " (reduction) ====\n" + ir_listing_as_comment(kernel);
  s += emit_structs(r);
  s += emit_element_function(r);
  s += emit_state_functions(r);
  s += emit_combine_threads(r);
  s += emit_partial_functions(r);
  s += emit_output_function(r);
  s += emit_tile_function(r);
  s += emit_reduce_template(r);
  s += reduction_entry_points(kernel, r.shape, r.shape.name + "_reduce", options);
  return s;
}

bool has_held_tile(const ir::KernelIR& phase, const CudaCodegenOptions& options) {
  const KernelShape shape = analyse(phase, options);
  if (shape.elements < 2 || shape.reads.empty()) return false;
  for (const auto& read : shape.reads)
    if (read.second >= 0) return false;
  return true;
}

std::string lower_row_phase_to_cuda(const ir::KernelIR& phase, int row_reduce_rank, const CudaCodegenOptions& options) {
  const ReductionKernel r = analyse_reduction(phase, options, row_reduce_rank);
  std::string s = "\n// ==== " + r.shape.name + (r.store ? " (row phase, elementwise) ====\n" : " (row phase) ====\n") +
                  ir_listing_as_comment(phase);
  s += emit_structs(r);
  s += emit_element_function(r);
  if (!r.store) {
    s += emit_state_functions(r);
    s += emit_combine_threads(r);
    s += emit_partial_functions(r);
    s += emit_output_function(r);
  }
  s += emit_tile_function(r);
  if (has_held_tile(phase, options)) s += emit_tile_function(r, true);
  return s;
}

ReductionReads reduction_reads(const ir::KernelIR& kernel) {
  const ReductionKernel r = analyse_reduction(kernel, {});
  ReductionReads reads;
  reads.partial_slots = static_cast<int>(state_fields(r).size());
  for (const auto& [slot, layout] : r.shape.reads) {
    if (layout < 0) {
      reads.flat = true;
      continue;
    }
    const std::int32_t first = kernel.layouts[static_cast<size_t>(layout)].stride_slot;
    reads.strides.emplace_back(r.kept > 0 ? first + r.kept - 1 : -1,
                               kernel.reduce_rank > 0 ? first + kernel.rank - 1 : -1);
  }
  return reads;
}

}  // namespace sinter::gpu
