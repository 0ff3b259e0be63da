// What the reduction and scan writers (lower_reduction_to_cuda.cpp, lower_scan_to_cuda.cpp)
// share: both fold per-element values along the trailing dimensions of a kernel.
#pragma once
#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "codegen/cuda/cuda_spelling.h"
#include "codegen/cuda/kernel_analysis.h"
#include "ir/kernel.h"

namespace sinter::gpu {

inline std::string str(std::size_t v) { return std::to_string(v); }
inline std::string str(int v) { return std::to_string(v); }

/// The kernel with its shape, as the emitters read it.
struct FoldKernel {
  const ir::KernelIR& k;
  KernelShape shape;
  int kept = 0;  // leading dimensions of the iteration space that are not folded
};

/// The layouts among `reads`, each once, in the order first read.
inline std::vector<int> layouts_of(const std::vector<std::pair<std::size_t, int>>& reads) {
  std::vector<int> layouts;
  for (const auto& read : reads)
    if (read.second >= 0 && std::find(layouts.begin(), layouts.end(), read.second) == layouts.end())
      layouts.push_back(read.second);
  return layouts;
}

/// template <class Index> __device__ <type> NAME_element(Index i, <per-element reads>, <their
/// scalars>) { and the per-element statements: the element function but its return.
inline std::string element_function_head(const FoldKernel& f, std::string_view type) {
  const KernelShape& shape = f.shape;
  std::string s;
  put(s, {"template <class Index>\n__device__ ", shape.element_inlining(), " ", type, " ", shape.name,
          "_element(Index i"});
  for (const auto& [slot, layout] : shape.reads)
    put(s, {", ", cuda_type(f.k.inputs[slot]), " ", read_name(slot, layout)});
  for (std::size_t i = 0; i < f.k.scalars.size(); ++i)
    if (shape.scalar_used[i]) put(s, {", ", cuda_type(f.k.scalars[i]), " s", str(i)});
  return s + ") {\n" + element_statements(f.k, shape, false);
}

/// NAME_element<Index>(index, <reads>, <scalars>)
inline std::string element_call(const FoldKernel& f, const std::string& index, const std::vector<std::string>& reads) {
  std::string call = f.shape.name + "_element<Index>(" + index;
  for (const std::string& read : reads) call += ", " + read;
  for (std::size_t i = 0; i < f.k.scalars.size(); ++i)
    if (f.shape.scalar_used[i]) call += ", s" + str(i);
  return call + ")";
}

}  // namespace sinter::gpu
