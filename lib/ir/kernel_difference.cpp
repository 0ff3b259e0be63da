// Kernel-structure differences for the cache's debug log (kernel_difference.h).
#include "ir/kernel_difference.h"

#include <fmt/format.h>

#include <algorithm>

namespace sinter::ir {
namespace {

const char* inner_name(InnerStride s) {
  switch (s) {
    case InnerStride::Unit: return "unit";
    case InnerStride::Zero: return "zero (broadcast)";
    case InnerStride::Runtime: return "strided";
  }
  return "?";
}

std::string instr_text(const Instr& i) {
  std::string s = fmt::format("{} : {}", info(i.op).name, name_of(i.dtype));
  if (i.num_args > 0) {
    s += " of";
    for (int a = 0; a < i.num_args; ++a) s += fmt::format(" %{}", i.args[static_cast<std::size_t>(a)]);
  }
  if (i.layout >= 0) s += fmt::format(" through layout {}", i.layout);
  if (i.per_output) s += " (per output)";
  return s;
}

bool same(const Instr& a, const Instr& b) {
  return a.op == b.op && a.dtype == b.dtype && a.num_args == b.num_args && a.args == b.args && a.slot == b.slot &&
         a.layout == b.layout && a.per_output == b.per_output;
}

template <class T, class Name>
std::string list_difference(const char* what, const std::vector<T>& now, const std::vector<T>& cached, Name name) {
  for (std::size_t k = 0; k < std::min(now.size(), cached.size()); ++k)
    if (!(now[k] == cached[k])) return fmt::format("{} {}: {}, not {}", what, k, name(now[k]), name(cached[k]));
  if (now.size() != cached.size()) return fmt::format("the number of {}s: {}, not {}", what, now.size(), cached.size());
  return "";
}

}  // namespace

std::string first_difference(const KernelIR& now, const KernelIR& cached) {
  auto dtype = [](DType t) { return std::string(name_of(t)); };
  if (auto d = list_difference("input", now.inputs, cached.inputs, dtype); !d.empty()) return d;
  if (auto d = list_difference("scalar parameter", now.scalars, cached.scalars, dtype); !d.empty()) return d;
  if (now.rank != cached.rank) return fmt::format("the iteration rank: {}, not {}", now.rank, cached.rank);
  if (now.reduce_rank != cached.reduce_rank)
    return fmt::format("the reduced rank: {}, not {}", now.reduce_rank, cached.reduce_rank);
  for (std::size_t k = 0; k < std::min(now.layouts.size(), cached.layouts.size()); ++k) {
    const Layout &a = now.layouts[k], &b = cached.layouts[k];
    if (a.inner != b.inner)
      return fmt::format("layout {}: innermost stride {}, not {}", k, inner_name(a.inner), inner_name(b.inner));
    if (a.per_output != b.per_output || a.stride_slot != b.stride_slot)
      return fmt::format("layout {}: read {}, not {}", k, a.per_output ? "per output" : "per element",
                         b.per_output ? "per output" : "per element");
  }
  if (now.layouts.size() != cached.layouts.size())
    return fmt::format("the number of layouts (strided or broadcast reads): {}, not {}", now.layouts.size(),
                       cached.layouts.size());
  for (std::size_t k = 0; k < std::min(now.body.size(), cached.body.size()); ++k)
    if (!same(now.body[k], cached.body[k]))
      return fmt::format("instruction {}: {}, not {}", k, instr_text(now.body[k]), instr_text(cached.body[k]));
  if (now.body.size() != cached.body.size())
    return fmt::format("the number of instructions: {}, not {}", now.body.size(), cached.body.size());
  auto index = [](std::int32_t i) { return std::to_string(i); };
  if (auto d = list_difference("output", now.outputs, cached.outputs, index); !d.empty()) return d;
  if (auto d = list_difference("output layout", now.output_layouts, cached.output_layouts, index); !d.empty()) return d;
  if (now.shape_slot != cached.shape_slot)
    return fmt::format("the shape's parameter slot: {}, not {}", now.shape_slot, cached.shape_slot);
  return "";
}

int likeness(const KernelIR& a, const KernelIR& b) {
  int score = 0;
  for (std::size_t k = 0; k < std::min(a.inputs.size(), b.inputs.size()); ++k) score += a.inputs[k] == b.inputs[k];
  for (std::size_t k = 0; k < std::min(a.scalars.size(), b.scalars.size()); ++k) score += a.scalars[k] == b.scalars[k];
  for (std::size_t k = 0; k < std::min(a.body.size(), b.body.size()); ++k) score += 2 * same(a.body[k], b.body[k]);
  for (std::size_t k = 0; k < std::min(a.outputs.size(), b.outputs.size()); ++k) score += a.outputs[k] == b.outputs[k];
  score += a.rank == b.rank;
  score += a.reduce_rank == b.reduce_rank;
  score -= static_cast<int>(std::max(a.body.size(), b.body.size()) - std::min(a.body.size(), b.body.size()));
  return score;
}

}  // namespace sinter::ir
