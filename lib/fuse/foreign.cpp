// fuse::foreign_shaped_pending (plan.h): which pending nodes under a kernel's roots are
// computed by kernels of their own first, which reduction sets a reduction kernel's geometry,
// and whether the roots make a row kernel (ir/kernel.h). The planner (plan.cpp) then emits what
// is left as one kernel.
#include <vector>

#include "fuse/plan.h"
#include "fuse/pointer_map.h"
#include "sinter/error.h"

namespace sinter::fuse {
namespace {

/// The geometry of a reduction kernel: the operand shape and axes of its reductions.
bool same_geometry(const ir::Node& a, const ir::Node& b) {
  // A user-defined reduction (Fold) shares a kernel with other folds only (the backends fold
  // either kind, not both in one kernel).
  return a.reduce_axes == b.reduce_axes && a.operands[0]->shape == b.operands[0]->shape &&
         (a.op == Op::Fold) == (b.op == Op::Fold);
}

// Finds the pending nodes under a kernel's roots that must be computed by kernels of their own
// first: nodes of another shape than the roots (unless inside a reduction's operand, which has
// the operand's shape), reductions of another geometry than the kernel's, and, inside a
// reduction's operand, reductions and nodes that Array handles refer to (a reduction kernel
// writes per-output values only).
class ForeignFinder {
 public:
  /// `rows`: per-row values (keepdims reductions over trailing axes and what combines them) may
  /// join the kernel, which is then a row kernel (ir/kernel.h), instead of being computed first.
  ForeignFinder(const Shape& shape, std::vector<ir::NodePtr>& out, bool rows)
      : shape_(shape), out_(out), rows_allowed_(rows) {}

  void root(const ir::NodePtr& r) {
    const ir::NodePtr& n = ir::resolved(r);
    if (!n->is_pending() || !seen_.emplace(n.get(), 0).second) return;
    if (fold_result_elsewhere(n)) {
      drain();
      return;
    }
    if (reduces_elements(n->op)) reduction(n);
    else push_operands(*n, nullptr, false);
    if (is_region_result(*n)) results_.push_back(n);
    drain();
  }

  /// After the roots: in a reduction kernel, loops and ifs of the per-output part are computed
  /// first (the lowerings put control flow among per-element instructions only).
  void finish() {
    if (geometry_)
      for (const ir::NodePtr& r : results_) out_.push_back(r);
    // Per-row values without a reduction among them, or beside a reduction kernel's geometry,
    // are computed first, as any value of another shape.
    if (!row_values_.empty() && (geometry_ || row_reductions_ == 0)) {
      for (const ir::NodePtr& v : row_values_) out_.push_back(v);
      row_from_ = -1;
    }
  }

  /// Walks `roots` as per-row values of a row kernel over shape_ (whose rows hold their
  /// reductions' operands). True when they make one: each is a per-row value with a reduction
  /// of rows and some of those reductions use other per-row values (else the reduction kernel is
  /// the same kernel). Handle-held values per element are computed first then: the last phase
  /// writes per-row values only.
  bool row_roots(std::span<const ir::NodePtr> roots) {
    per_row_roots_ = true;
    for (const auto& r : roots) {
      const ir::NodePtr& n = ir::resolved(r);
      int from = -1;
      if (!n->is_pending() || n->device_free || !row_shaped(n->shape, from) || !has_row_reduction(n, from))
        return false;
      row_from_ = from;
      row_values_.push_back(n);
      stack_.push_back({&n, nullptr, false, true});
    }
    const std::size_t own = row_values_.size();
    drain();
    const bool nested = row_values_.size() > own;  // per-row values met inside the reductions' operands
    finish();
    return nested && row_from() >= 0;
  }

  const ir::Node* geometry() const { return geometry_; }
  /// A row kernel: the first of the trailing axes its rows span; else -1.
  int row_from() const { return row_values_.empty() ? -1 : row_from_; }

 private:
  // A node still to examine: per output (of the kernel's shape) when `element_shape` is null,
  // else per element of a reduction's operand of that shape; `in_region`: under a loop or an if.
  // The walk uses an explicit stack (a pending chain may be far deeper than the thread's stack)
  // and visits nodes in the order a recursive walk would, so the first reduction found still
  // sets the geometry.
  struct Item {
    const ir::NodePtr* node;
    const Shape* element_shape;
    bool in_region;
    bool per_row = false;  // a per-row value of a row kernel (element_shape null)
  };

  void push_operands(const ir::Node& n, const Shape* element_shape, bool in_region) {
    in_region = in_region || n.op == Op::Loop || n.op == Op::If;
    for (std::size_t a = n.num_operands; a-- > 0;) stack_.push_back({&n.operands[a], element_shape, in_region});
  }

  void drain() {
    while (!stack_.empty()) {
      const Item item = stack_.back();
      stack_.pop_back();
      if (item.per_row) per_row(*item.node);
      else if (item.element_shape) per_element(*item.node, *item.element_shape, item.in_region);
      else per_output(*item.node, item.in_region);
    }
  }

  // A node computed elsewhere first; never one inside a loop's body (it needs the loop's values).
  void foreign(const ir::NodePtr& n) {
    if (n->param_depths != 0 || n->op == Op::Loop || n->op == Op::If)
      throw InternalError("a node inside a loop's body, of shape " + n->shape.to_string() +
                          ", would be computed by a kernel of its own");
    out_.push_back(n);
  }

  void per_output(const ir::NodePtr& node, bool in_region) {
    const ir::NodePtr& n = ir::resolved(node);
    // Scalar expressions (device-free) are computed inline in any kernel.
    if (!n->is_pending() || n->device_free || !seen_.emplace(n.get(), 0).second) return;
    if (!(n->shape == shape_)) {
      int from = -1;
      if (!in_region && !geometry_ && row_shaped(n->shape, from) && has_row_reduction(n, from)) {
        row_from_ = from;
        row_values_.push_back(n);
        stack_.push_back({&n, nullptr, false, true});
        seen_.erase(n.get());  // per_row marks it
        return;
      }
      foreign(n);
      return;
    }
    if (reduces_elements(n->op)) {
      // A reduction a loop or a branch uses is computed first: control flow stays per element.
      if (in_region) foreign(n);
      else reduction(n);
      return;
    }
    if (per_row_roots_ && n->handles.load(std::memory_order_relaxed) > 0 && n->reads_memory && n->param_depths == 0) {
      foreign(n);
      return;
    }
    if (fold_result_elsewhere(n)) return;
    if (is_region_result(*n)) results_.push_back(n);
    push_operands(*n, nullptr, in_region);
  }

  void reduction(const ir::NodePtr& n) {
    if (!geometry_) geometry_ = n.get();
    if (!same_geometry(*n, *geometry_)) {
      foreign(n);
      return;
    }
    // A fold's states are its first operands (ir/region.h); its combine is no element's.
    const std::size_t operands = n->op == Op::Fold ? n->region_values : 1;
    for (std::size_t a = operands; a-- > 0;) stack_.push_back({&n->operands[a], &n->operands[0]->shape, false});
  }

  /// A fold's result whose Fold has another geometry than the kernel's (or is a fold beside
  /// built-in reductions): the result is computed first (never the Fold node alone, which has no
  /// value of its own). True when it was.
  bool fold_result_elsewhere(const ir::NodePtr& n) {
    if (n->op != Op::Result || is_region_result(*n) || !geometry_) return false;
    if (same_geometry(*ir::resolved(n->operands[0]), *geometry_)) return false;
    foreign(n);
    return true;
  }

  /// A loop's or an if's result (a fold's is its reduction's value, not control flow).
  static bool is_region_result(const ir::Node& n) {
    return n.op == Op::Result && ir::resolved(n.operands[0])->op != Op::Fold;
  }

  /// Whether a value of `shape` can be per row in a row kernel over shape_: shape_ with its
  /// trailing axes (from `from` on, the same for every such value) of size 1, rows of at most
  /// kMaxRowLength elements. Only in the elementwise walk (the kernel's own shape).
  bool row_shaped(const Shape& shape, int& from) const {
    if (!rows_allowed_ || shape.ndim() != shape_.ndim()) return false;
    from = shape.ndim();
    while (from > 0 && shape[from - 1] == 1) --from;
    std::int64_t length = 1;
    for (int d = 0; d < shape.ndim(); ++d) {
      if (d < from && shape[d] != shape_[d]) return false;
      if (d >= from) length *= shape_[d];
    }
    return length >= 1 && length <= kMaxRowLength && (row_from_ < 0 || from == row_from_);
  }

  /// Whether reduction n reduces rows of shape_ from axis `from` on: keepdims, over those axes
  /// (size-1 axes there may be named or not).
  bool reduces_rows(const ir::Node& n, int from) const {
    if (!(n.operands[0]->shape == shape_)) return false;
    for (int d = 0; d < shape_.ndim(); ++d) {
      const bool named = ((n.reduce_axes >> d) & 1U) != 0;
      if (d < from ? named : (!named && shape_[d] != 1)) return false;
    }
    return true;
  }

  /// Whether per-row value `root` (of a row shape from axis `from` on) has a reduction of rows
  /// among its per-row operands. One without any is computed first: each phase of a row kernel
  /// but the last needs a reduction, and such a value is no reason for a row kernel.
  bool has_row_reduction(const ir::NodePtr& root, int from) {
    if (const std::int32_t* known = has_reduction_.find(root.get())) return *known != 0;
    std::vector<const ir::Node*> stack{root.get()};
    PointerMap<ir::Node> visited;
    bool found = false;
    while (!stack.empty() && !found) {
      const ir::Node& n = *stack.back();
      stack.pop_back();
      if (!n.is_pending() || n.device_free || !(n.shape == root->shape) || !visited.emplace(&n, 0).second) continue;
      if (is_reduction(n.op)) {
        found = reduces_rows(n, from);
        continue;
      }
      if (n.op == Op::Loop || n.op == Op::If || n.op == Op::Result) continue;
      for (std::size_t a = 0; a < n.num_operands; ++a) stack.push_back(ir::resolved(n.operands[a]).get());
    }
    has_reduction_.emplace(root.get(), found ? 1 : 0);
    return found;
  }

  // A per-row value: a reduction of rows (its operand is walked per element of the kernel's
  // shape) or an elementwise op over per-row values with such a reduction among them; anything
  // else is computed first.
  void per_row(const ir::NodePtr& node) {
    const ir::NodePtr& n = ir::resolved(node);
    if (!n->is_pending() || n->device_free || !seen_.emplace(n.get(), 0).second) return;
    const bool row = row_values_.front()->shape == n->shape;
    if (row && is_reduction(n->op) && reduces_rows(*n, row_from_)) {
      ++row_reductions_;
      stack_.push_back({&n->operands[0], nullptr, false});
      return;
    }
    if (!row || reduces_elements(n->op) || n->op == Op::Loop || n->op == Op::If || n->op == Op::Result ||
        n->param_depths != 0 || !has_row_reduction(n, row_from_)) {
      foreign(n);
      return;
    }
    for (std::size_t a = n->num_operands; a-- > 0;) stack_.push_back({&n->operands[a], nullptr, false, true});
  }

  // Values computed from scalars and indices alone are recomputed inside the reduction's pass
  // even when handles refer to them (Planner::emit says why).
  void per_element(const ir::NodePtr& node, const Shape& shape, bool in_region) {
    const ir::NodePtr& n = ir::resolved(node);
    if (!n->is_pending() || n->device_free || !element_seen_.emplace(n.get(), 0).second) return;
    // A fold's result is computed first as a whole (never its Fold node alone, which has no value).
    if (!(n->shape == shape) || reduces_elements(n->op) || (n->op == Op::Result && !is_region_result(*n)) ||
        (n->handles.load(std::memory_order_relaxed) > 0 && n->reads_memory && n->param_depths == 0)) {
      foreign(n);
      return;
    }
    push_operands(*n, &shape, in_region);
  }

  const Shape& shape_;
  std::vector<ir::NodePtr>& out_;
  const bool rows_allowed_;
  bool per_row_roots_ = false;  // row_roots: the roots are per-row values
  int row_from_ = -1;
  std::vector<ir::NodePtr> row_values_;  // per-row values met in the kernel's shape
  int row_reductions_ = 0;
  PointerMap<ir::Node> has_reduction_;  // has_row_reduction's answers
  const ir::Node* geometry_ = nullptr;
  PointerMap<ir::Node> seen_;
  PointerMap<ir::Node> element_seen_;
  std::vector<Item> stack_;
  std::vector<ir::NodePtr> results_;  // loop and if results computed per output
};

}  // namespace

std::vector<ir::NodePtr> foreign_shaped_pending(std::span<const ir::NodePtr> roots, const Shape& shape,
                                                const ir::Node** reduction, RowGeometry* rows) {
  std::vector<ir::NodePtr> out;
  ForeignFinder finder(shape, out, rows != nullptr);
  for (const auto& r : roots) finder.root(r);
  finder.finish();
  if (reduction) *reduction = finder.geometry();
  if (!rows) return out;
  *rows = {finder.row_from(), shape};
  // Per-row roots whose reductions use other per-row values (a variance of centered rows): a
  // reduction kernel would compute those first; a row kernel over the reduced operand takes all.
  if (rows->from >= 0 || !finder.geometry() || out.empty()) return out;
  const Shape& space = finder.geometry()->operands[0]->shape;
  std::vector<ir::NodePtr> row_out;
  ForeignFinder row_finder(space, row_out, true);
  if (!row_finder.row_roots(roots)) return out;
  if (reduction) *reduction = nullptr;
  *rows = {row_finder.row_from(), space};
  return row_out;
}

}  // namespace sinter::fuse
