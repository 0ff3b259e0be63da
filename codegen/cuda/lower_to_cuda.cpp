// Writes one kernel as CUDA C++: an element function (one named value per live IR
// instruction), a loop template over the index type (vectorized main loop, scalar tail; for a
// kernel with layouts, a loop that finds each layout's element index from the flat index) and
// two extern "C" entry points instantiating it with 32- and 64-bit indices. Reduction kernels
// are written by lower_reduction_to_cuda.cpp, row kernels by lower_row_kernel_to_cuda.cpp.
#include "codegen/cuda/lower_to_cuda.h"

#include "sinter/error.h"

#include <cstddef>
#include <string_view>
#include <utility>
#include <vector>

#include "codegen/cuda/cuda_prelude.h"
#include "codegen/cuda/cuda_spelling.h"
#include "codegen/cuda/kernel_analysis.h"
#include "codegen/cuda/lower_reduction_to_cuda.h"
#include "codegen/cuda/lower_row_kernel_to_cuda.h"
#include "codegen/cuda/lower_scan_to_cuda.h"

namespace sinter::gpu {
namespace {

using std::size_t;

std::string str(size_t v) { return std::to_string(v); }

/// struct NAME_outputs { T out0; ... };
/// template <class Index> NAME_outputs NAME_element(Index i, <used inputs>, <used scalars>)
/// The outputs come back by value, not through references: a __noinline__ callee writing through
/// a pointer would put the caller's vector of results in local memory.
std::string emit_element_function(const ir::KernelIR& kernel, const KernelShape& shape) {
  const std::string result = shape.name + "_outputs";
  std::string s = "// The values one element writes.\nstruct " + result + " {";
  for (size_t k = 0; k < kernel.outputs.size(); ++k)
    s += " " + std::string(cuda_type(kernel.output_dtype(k))) + " out" + str(k) + ";";
  s += " };\n\n";
  std::vector<std::string> params = {"Index i"};
  for (const auto& [slot, layout] : shape.reads)
    params.push_back(std::string(cuda_type(kernel.inputs[slot])) + " " + read_name(slot, layout));
  for (size_t sc = 0; sc < kernel.scalars.size(); ++sc)
    if (shape.scalar_used[sc]) params.push_back(std::string(cuda_type(kernel.scalars[sc])) + " s" + str(sc));

  s += "// One element: the fused expression, one named value per IR instruction.\n";
  s += "template <class Index>\n__device__ " + std::string(shape.element_inlining()) + " " + result + " " + shape.name +
       "_element(";
  for (size_t p = 0; p < params.size(); ++p) s += (p ? ", " : "") + params[p];
  s += ") {\n";
  s += element_statements(kernel, shape, false);
  s += "  " + result + " r;\n";
  for (size_t k = 0; k < kernel.outputs.size(); ++k)
    s += "  r.out" + str(k) + " = " + value_name(static_cast<size_t>(kernel.outputs[k])) + ";\n";
  return s + "  return r;\n}\n\n";
}

/// One element's statements at `indent`: the call (`index`, then per (input slot, layout) read
/// `input_at(slot, layout)`, the used scalars), then each output stored at `output_at(name, layout)`
/// (a layout: a write into a strided view).
template <class InputAt, class OutputAt>
std::string element_statements(const ir::KernelIR& kernel, const KernelShape& shape, const std::string& indent,
                               const std::string& index, InputAt input_at, OutputAt output_at) {
  std::string s = indent + "const " + shape.name + "_outputs r = " + shape.name + "_element<Index>(" + index;
  for (const auto& [slot, layout] : shape.reads) s += ", " + input_at(slot, layout);
  for (size_t i = 0; i < kernel.scalars.size(); ++i)
    if (shape.scalar_used[i]) s += ", s" + str(i);
  s += ");\n";
  for (size_t k = 0; k < kernel.outputs.size(); ++k)
    s += indent + output_at("out" + str(k), kernel.output_layout(k)) + " = r.out" + str(k) + ";\n";
  return s;
}

/// The vectorized main loop: each trip moves `elements` consecutive elements of every operand.
std::string emit_vector_loop(const ir::KernelIR& kernel, const KernelShape& shape) {
  const std::string e = std::to_string(shape.elements);
  std::string s;
  s += "  // Vector loads need every operand aligned to its vector size; otherwise the scalar loop does all.\n";
  s += "  const bool aligned = ";
  for (size_t p = 0; p < shape.operands.size(); ++p) {
    const Operand& op = shape.operands[p];
    s += std::string(p ? " &&\n                       " : "") + "reinterpret_cast<unsigned long long>(" + op.name +
         ") % " + str(vector_alignment(op.dtype, shape.elements)) + " == 0";
  }
  s += ";\n";
  s += "  const Index groups = aligned ? n / " + e + " : 0;\n";
  s += "  for (Index g = thread; g < groups; g += stride) {\n";
  s += "    const Index first = g * " + e + ";\n";
  for (const Operand& op : shape.operands) {
    const std::string vec = vector_struct_name(op.dtype, shape.elements);
    const bool read = !op.is_output && shape.input_used[op.slot];
    if (read)
      s.append("    const ")
          .append(vec)
          .append(" ")
          .append(op.name)
          .append("_v = *reinterpret_cast<const ")
          .append(vec)
          .append("*>(")
          .append(op.name)
          .append(" + first);\n");
    if (op.is_output) s += "    " + vec + " " + op.name + "_v;\n";
  }
  s += "#pragma unroll\n";
  s += "    for (Index j = 0; j < " + e + "; ++j) {\n";
  s += element_statements(
      kernel, shape, "      ", "first + j", [](size_t slot, int) { return "in" + str(slot) + "_v.v[j]"; },
      [](const std::string& n, int) { return n + "_v.v[j]"; });
  s += "    }\n";
  for (const Operand& op : shape.operands)
    if (op.is_output)
      s += "    *reinterpret_cast<" + vector_struct_name(op.dtype, shape.elements) + "*>(" + op.name +
           " + first) = " + op.name + "_v;\n";
  s += "  }\n";
  return s;
}

/// The coordinates of `index` (innermost first, by division) and each layout's element index
/// o<L> from them, as statements at `indent`.
std::string emit_layout_offsets(const ir::KernelIR& kernel, std::string_view indent, std::string_view index) {
  auto scalar = [](std::int32_t first, int d) { return "s" + std::to_string(first + d); };
  std::string s;
  put(s, {indent, "Index rest = ", index, ";\n"});
  for (size_t l = 0; l < kernel.layouts.size(); ++l) put(s, {indent, "long long o", str(l), " = 0;\n"});
  for (int d = kernel.rank - 1; d >= 0; --d) {
    if (d > 0) {
      put(s, {indent, "{\n", indent, "  const Index size = (Index)", scalar(kernel.shape_slot, d), ";\n"});
      put(s, {indent, "  const long long c = (long long)(rest % size);\n", indent, "  rest /= size;\n"});
    } else {
      put(s, {indent, "{\n", indent, "  const long long c = (long long)rest;\n"});
    }
    for (size_t l = 0; l < kernel.layouts.size(); ++l)
      put(s, {indent, "  o", str(l), " += c * ", scalar(kernel.layouts[l].stride_slot, d), ";\n"});
    put(s, {indent, "}\n"});
  }
  return s;
}

/// How consecutive elements of a row lie for a read or write through `layout` (-1: the flat
/// index, which is contiguous).
ir::InnerStride inner_stride(const ir::KernelIR& kernel, int layout) {
  return layout < 0 ? ir::InnerStride::Unit : kernel.layouts[static_cast<size_t>(layout)].inner;
}

/// The element index of element `j` of a row group through `layout` (-1: the flat index).
std::string group_offset(const ir::KernelIR& kernel, int layout, std::string_view j) {
  std::string at = layout < 0 ? "first" : "o" + std::to_string(layout);
  if (j == "0") return at;
  switch (inner_stride(kernel, layout)) {
    case ir::InnerStride::Unit: put(at, {" + ", j}); break;
    case ir::InnerStride::Zero: break;
    case ir::InnerStride::Runtime:
      put(at, {" + (long long)", j, " * s",
               std::to_string(kernel.layouts[static_cast<size_t>(layout)].stride_slot + kernel.rank - 1)});
      break;
  }
  return at;
}

/// Moves a row group between `pointer` (through `layout`) and the vector struct `vector`: one
/// vector access when the group is contiguous and its address aligned, else one per element.
std::string emit_group_access(const ir::KernelIR& kernel, const KernelShape& shape, DType t, std::string_view pointer,
                              int layout, std::string_view vector, bool store) {
  const std::string e = str(static_cast<size_t>(shape.elements));
  std::string element_wise;
  put(element_wise, {"#pragma unroll\n      for (Index j = 0; j < ", e, "; ++j) "});
  const std::string element = std::string(pointer) + "[" + group_offset(kernel, layout, "j") + "]";
  if (store) put(element_wise, {element, " = ", vector, ".v[j];\n"});
  else put(element_wise, {vector, ".v[j] = ", element, ";\n"});
  std::string s;
  if (inner_stride(kernel, layout) != ir::InnerStride::Unit) {
    put(s, {"    {\n", element_wise, "    }\n"});
    return s;
  }
  const std::string vec = vector_struct_name(t, shape.elements);
  const std::string address = std::string(pointer) + " + " + group_offset(kernel, layout, "0");
  put(s, {"    if (reinterpret_cast<unsigned long long>(", address, ") % ", str(vector_alignment(t, shape.elements)),
          " == 0) {\n      "});
  if (store) put(s, {"*reinterpret_cast<", vec, "*>(", address, ") = ", vector, ";\n"});
  else put(s, {vector, " = *reinterpret_cast<const ", vec, "*>(", address, ");\n"});
  put(s, {"    } else {\n", element_wise, "    }\n"});
  return s;
}

/// A kernel with layouts whose rows (the innermost dimension) are a multiple of `elements` long:
/// each thread takes `elements` consecutive elements of one row, finds their coordinates once,
/// reads each operand of unit inner stride (and each at the flat index) as one vector when its
/// address is aligned, a broadcast one once, and writes the outputs the same way.
std::string emit_layout_group_loop(const ir::KernelIR& kernel, const KernelShape& shape) {
  const std::string e = str(static_cast<size_t>(shape.elements));
  const auto broadcast = [&](int layout) { return inner_stride(kernel, layout) == ir::InnerStride::Zero; };
  std::string s;
  put(s, {"  // Rows a multiple of ", e, " long: ", e, " consecutive elements of one row per trip, their\n",
          "  // coordinates found once.\n"});
  put(s, {"  const Index row = (Index)s", std::to_string(kernel.shape_slot + kernel.rank - 1), ";\n"});
  put(s, {"  const Index groups = row % ", e, " == 0 ? n / ", e, " : 0;\n"});
  put(s, {"  for (Index g = thread; g < groups; g += stride) {\n", "    const Index first = g * ", e, ";\n"});
  s += emit_layout_offsets(kernel, "    ", "first");
  for (const auto& [slot, layout] : shape.reads) {
    const DType t = kernel.inputs[slot];
    const std::string in = "in" + str(slot), value = read_name(slot, layout) + "_v";
    if (broadcast(layout)) {
      put(s, {"    const ", cuda_type(t), " ", value, " = ", in, "[", group_offset(kernel, layout, "0"), "];\n"});
      continue;
    }
    put(s, {"    ", vector_struct_name(t, shape.elements), " ", value, ";\n"});
    s += emit_group_access(kernel, shape, t, in, layout, value, false);
  }
  for (const Operand& op : shape.operands)
    if (op.is_output) put(s, {"    ", vector_struct_name(op.dtype, shape.elements), " ", op.name, "_v;\n"});
  put(s, {"#pragma unroll\n    for (Index j = 0; j < ", e, "; ++j) {\n"});
  s += element_statements(
      kernel, shape, "      ", "first + j",
      [&](size_t slot, int layout) { return read_name(slot, layout) + (broadcast(layout) ? "_v" : "_v.v[j]"); },
      [](const std::string& n, int) { return n + "_v.v[j]"; });
  s += "    }\n";
  for (const Operand& op : shape.operands)
    if (op.is_output)
      s += emit_group_access(kernel, shape, op.dtype, op.name, kernel.output_layout(op.slot), op.name + "_v", true);
  s += "  }\n";
  return s;
}

/// The grid-stride loop of a kernel with layouts, element by element (the rows that are not a
/// multiple of the group, or the whole kernel with elements_per_thread 1): each element's
/// coordinates come from its flat index by division and give each layout's element index o<L>.
std::string emit_layout_loop(const ir::KernelIR& kernel, const KernelShape& shape) {
  std::string s = "  // Broadcast operands: the element index of each layout from the coordinates of i.\n";
  s += "  for (Index i = " +
       std::string(shape.elements > 1 ? "groups * " + str(static_cast<size_t>(shape.elements)) + " + " : "") +
       "thread; i < n; i += stride) {\n";
  s += emit_layout_offsets(kernel, "    ", "i");
  const auto at = [](const std::string& n, int layout) {
    return n + "[" + (layout < 0 ? std::string("i") : "o" + std::to_string(layout)) + "]";
  };
  s += element_statements(
      kernel, shape, "    ", "i", [&](size_t slot, int layout) { return at("in" + str(slot), layout); }, at);
  return s + "  }\n";
}

std::string emit_loop_template(const ir::KernelIR& kernel, const KernelShape& shape) {
  std::string s = "// Grid-stride loops over [0, n); Index is unsigned int or unsigned long long.\n";
  s += "template <class Index>\n__device__ __forceinline__ void " + shape.name + "_loop(" +
       pointer_and_scalar_params(kernel, shape) + "Index n) {\n";
  s += "  const Index thread = (Index)blockIdx.x * blockDim.x + threadIdx.x;\n";
  s += "  const Index stride = (Index)gridDim.x * blockDim.x;\n";
  if (kernel.rank > 0) {
    if (shape.elements > 1) s += emit_layout_group_loop(kernel, shape);
    return s + emit_layout_loop(kernel, shape) + "}\n\n";
  }
  if (shape.elements > 1) {
    s += emit_vector_loop(kernel, shape);
  } else {
    s += "  const Index groups = 0;\n";
  }
  s += "  // Scalar tail (or every element when the operands are not aligned for vectors).\n";
  s += "  for (Index i = groups * " + std::to_string(shape.elements) + " + thread; i < n; i += stride) {\n";
  s += element_statements(
      kernel, shape, "    ", "i", [](size_t slot, int) { return "in" + str(slot) + "[i]"; },
      [](const std::string& n, int) { return n + "[i]"; });
  return s + "  }\n}\n\n";
}

std::string emit_entry_points(const ir::KernelIR& kernel, const KernelShape& shape, const CudaCodegenOptions& options) {
  const std::string params = pointer_and_scalar_params(kernel, shape);
  const std::string args = pointer_and_scalar_args(kernel, shape);
  const std::string bounds = "__launch_bounds__(" + std::to_string(kThreadsPerBlock) + ")";
  std::string s = "// Entry points: 32-bit indexing for n <= 2^31 - 1, 64-bit beyond.\n";
  if (options.entry_32) {
    s += "extern \"C\" __global__ void " + bounds + " " + entry_point_32(kernel) + "(" + params + "unsigned int n) {\n";
    s += "  " + shape.name + "_loop<unsigned int>(" + args + "n);\n}\n";
  }
  if (options.entry_64) {
    s += "extern \"C\" __global__ void " + bounds + " " + entry_point_64(kernel) + "(" + params + "long long n) {\n";
    s += "  " + shape.name + "_loop<unsigned long long>(" + args + "(unsigned long long)n);\n}\n";
  }
  return s;
}

}  // namespace

std::string entry_point_32(const ir::KernelIR& kernel) { return kernel.name(); }
std::string entry_point_64(const ir::KernelIR& kernel) { return kernel.name() + "_i64"; }

std::string lower_to_cuda_definitions(const ir::KernelIR& kernel, const CudaCodegenOptions& options) {
  for (const ir::Instr& in : kernel.body)
    if (in.op == Op::FoldBegin) throw Error("sinter::reduce: not yet supported on cuda (kernel " + kernel.name() + ")");
  if (kernel.is_row_kernel()) return lower_row_kernel_to_cuda_definitions(kernel, options);
  if (kernel.is_scan()) return lower_scan_to_cuda_definitions(kernel, options);
  if (kernel.is_reduction()) return lower_reduction_to_cuda_definitions(kernel, options);
  const KernelShape shape = analyse(kernel, options);
  std::string s = "\n// ==== " + shape.name + " ====\n" + ir_listing_as_comment(kernel);
  s += emit_element_function(kernel, shape);
  s += emit_loop_template(kernel, shape);
  s += emit_entry_points(kernel, shape, options);
  return s;
}

std::string lower_to_cuda(const ir::KernelIR& kernel, const CudaCodegenOptions& options) {
  std::string definitions = lower_to_cuda_definitions(kernel, options);  // validates options first
  return "// Generated by sinter (codegen/cuda/lower_to_cuda.cpp) for NVRTC.\n" +
         cuda_prelude(options.elements_per_thread, definitions) + definitions;
}

}  // namespace sinter::gpu
