// Fusion planner: a depth-first walk of the pending graph that emits instructions in dependency
// order, deduplicating shared subexpressions, input buffers and scalars. A buffer of another
// shape than the iteration space (a broadcast operand) is read through a layout: strides over
// the iteration dimensions, 0 along broadcast ones. Before the kernel is sealed the dimensions
// are simplified (size-1 ones dropped, adjacent ones merged where every layout allows), so a
// kernel whose buffers all span the space contiguously reads them at the flat index, as a 1-D
// kernel does, and a broadcast kernel has the fewest dimensions its layouts need. A view
// (docs/views.md) is read through a layout of its own strides; its element offset is not part
// of the kernel: it is added to the buffer's address at launch (KernelPlan::input_offsets), so
// views that differ only in where they start share one compiled kernel.
// Over 700 lines: every node kind's emission (elementwise, reductions, regions, folds, writes)
// shares the one walk's state (the Planner: instructions, slots, layouts, the dimension
// simplification), so they stay in the class that owns it.
//
// A kernel that depends on reductions iterates over the reduced operand's space with the kept
// axes first and the reduced ones last (ir/kernel.h): every per-element buffer read is a layout
// of that reordered space (flat again where it turns out contiguous), every per-output read a
// layout of the kept dimensions.
#include "fuse/plan.h"

#include <algorithm>
#include <array>
#include <deque>
#include <initializer_list>
#include <optional>
#include <utility>

#include "fuse/pointer_map.h"
#include "ir/region.h"
#include "ir/verify.h"
#include "sinter/error.h"

namespace sinter::fuse {
namespace {

class Planner {
 public:
  /// `reduction`: a reduction node of the kernel (whose geometry all its reductions share), or null.
  /// `rows.from` >= 0: a row kernel (ir/kernel.h) over rows.space, its rows spanning the axes from rows.from on.
  Planner(KernelPlan& plan, const ir::Node* reduction, const RowGeometry& rows = {}) : plan_(plan) {
    if (rows.from >= 0) {  // unpermuted: the rows are the trailing axes already
      const int row_from = rows.from;
      input_ = space_ = rows.space;
      reduction_ = row_ = keepdims_ = true;
      kept_ = row_from;
      for (int d = 0; d < kMaxDims; ++d) perm_[static_cast<std::size_t>(d)] = d;
      plan.reduce_n = 1;
      plan.rows = 1;
      for (int d = 0; d < space_.ndim(); ++d) {
        (d >= row_from ? plan.reduce_n : plan.rows) *= space_[d];
        row_shape_.push_back(d >= row_from ? 1 : space_[d]);
      }
      return;
    }
    if (!reduction) {
      space_ = plan.shape;
      kept_ = space_.ndim();
      for (int d = 0; d < kMaxDims; ++d) perm_[static_cast<std::size_t>(d)] = d;
      return;
    }
    // The operand's axes, kept ones first, then reduced ones, each in order.
    input_ = reduction->operands[0]->shape;
    reduction_ = true;
    int k = 0;
    for (int pass = 0; pass < 2; ++pass)
      for (int d = 0; d < input_.ndim(); ++d)
        if ((((reduction->reduce_axes >> d) & 1U) != 0) == (pass == 1)) {
          if (pass == 0) ++kept_;
          perm_[static_cast<std::size_t>(k++)] = d;
        }
    for (int d = 0; d < input_.ndim(); ++d) space_.push_back(input_[perm_[static_cast<std::size_t>(d)]]);
    keepdims_ = plan.shape.ndim() == input_.ndim();
    plan.reduce_n = 1;
    for (int d = kept_; d < space_.ndim(); ++d) plan.reduce_n *= space_[d];
  }

  /// A row kernel: numbers the phases (ir/kernel.h) of everything under `roots` and returns the
  /// last one, the roots'. A per-row value is ready after the phase of its reductions; a
  /// per-element value needs the phase after the latest per-row value it uses (0 if none).
  int number_phases(std::span<const ir::NodePtr> roots) {
    std::vector<std::pair<const ir::NodePtr*, std::size_t>> stack;  // a node and its next operand
    int last = 0;
    for (const auto& r : roots) {
      stack.emplace_back(&ir::resolved(r), 0);
      while (!stack.empty()) {
        auto& [node, next] = stack.back();
        const ir::Node& n = **node;
        if (level_.find(&n)) {
          stack.pop_back();
          continue;
        }
        const std::size_t operands = n.is_pending() && !n.is_leaf() ? n.num_operands : 0;
        if (next < operands) {
          const ir::NodePtr& operand = ir::resolved(n.operands[next++]);
          if (!level_.find(operand.get())) stack.emplace_back(&operand, 0);
          continue;
        }
        int level = 0;
        const bool row = is_row_value(n);
        for (std::size_t a = 0; a < operands; ++a) {
          const ir::Node* operand = ir::resolved(n.operands[a]).get();
          const int l = *level_.find(operand);
          level = std::max(level, !row && is_row_value(*operand) ? l + 1 : l);
        }
        if (level > 250) throw Error("a row kernel of more than 250 phases (reductions over rows that use each other)");
        level_.emplace(&n, level);
        stack.pop_back();
      }
      last = std::max(last, *level_.find(ir::resolved(r).get()));
    }
    if (last == 0) throw InternalError("a row kernel whose roots use no per-row value");
    last_phase_ = last;
    plan_.kernel.phases = last + 1;
    emitted_.resize(static_cast<std::size_t>(last) + 1);
    return last;
  }

  /// A row kernel: writes the interior values that handles refer to and that only earlier phases
  /// computed, computing them again in the last phase. Called after the roots are visited.
  void write_held_values() {
    for (std::size_t k = 0; k < held_early_.size(); ++k) visit(held_early_[k], true, false, last_phase_);
  }

  /// Emits `node` and what it needs; returns its instruction. `per_output`: in a reduction
  /// kernel, whether the node is computed per output (else per element of the reduced operand);
  /// `phase`: a row kernel's phase of the per-element values (per-output ones have their own).
  std::int32_t visit(const ir::NodePtr& node, bool is_root, bool per_output, int phase = 0) {
    const ir::NodePtr& root = ir::resolved(node);
    if (per_output) phase = phase_of(*root);
    if (const std::int32_t* found = emitted(per_output, phase).find(root.get())) {
      if (is_root) add_output(root, *found);
      return *found;
    }
    // Operands before their users, depth first, with an explicit stack: a pending chain may be
    // as long as SINTER_MAX_PENDING allows, far deeper than the thread's stack. A loop or an if
    // visits its regions from emit (one level of nesting per region: bounded by kMaxLoopDepth
    // for loops and by the user's lambdas for ifs), each with a stack of its own.
    if (stacks_.size() <= visits_) stacks_.resize(visits_ + 1);
    std::vector<Frame>& stack = stacks_[visits_++];
    stack.clear();
    stack.push_back({&root, per_output, phase, 0});
    while (!stack.empty()) {
      Frame& f = stack.back();
      const ir::Node& n = **f.node;
      if (reduces_elements(n.op) && (!reduction_ || !f.per_output))
        throw InternalError("a reduction inside a kernel's per-element instructions");
      if (f.next < outer_operands(n)) {
        const ir::NodePtr& operand = ir::resolved(n.operands[f.next++]);
        // A reduction folds elements (of its own phase); a row value is per row in any phase.
        const bool operand_per_output = (f.per_output && !reduces_elements(n.op)) || is_row_value(*operand);
        const int operand_phase = operand_per_output ? phase_of(*operand) : f.phase;
        if (!emitted(operand_per_output, operand_phase).find(operand.get()))
          stack.push_back({&operand, operand_per_output, operand_phase, 0});
        continue;
      }
      const ir::NodePtr& done = *f.node;
      const bool done_per_output = f.per_output;
      const int done_phase = f.phase;
      const bool done_is_root = is_root && stack.size() == 1;
      stack.pop_back();  // before emit, which may visit a region with a deeper stack
      emit(done, done_per_output, done_phase, done_is_root);
    }
    --visits_;
    return *emitted(per_output, phase).find(root.get());
  }

  /// Gives the layouts their final form (see the file comment) and their sizes and strides
  /// scalar slots. Called once, after every root is visited. A reduction kernel's kept and
  /// reduced dimensions are simplified separately (never merged with each other); per-output
  /// layouts take part in the kept ones only.
  void finish_layouts() {
    if (layouts_.empty()) return;
    std::vector<std::int64_t> sizes;
    std::vector<std::vector<std::int64_t>> strides(layouts_.size());
    int reduced = 0;
    for (int region = 0; region < 2; ++region) {
      const bool reduced_region = region == 1;
      const int first = reduced_region ? kept_ : 0;
      const int last = reduced_region ? space_.ndim() : kept_;
      const std::size_t region_start = sizes.size();
      for (int d = first; d < last; ++d) {
        if (space_[d] == 1) continue;
        auto takes_part = [&](std::size_t l) { return !(reduced_region && layouts_[l].per_output); };
        // Dimension d continues the previous one for a layout when stepping the previous one
        // is the same as stepping d through all its size (the flat index always does).
        bool merge = sizes.size() > region_start;
        for (std::size_t l = 0; merge && l < layouts_.size(); ++l)
          merge = !takes_part(l) || strides[l].back() == layouts_[l].strides[static_cast<std::size_t>(d)] * space_[d];
        if (merge) sizes.back() *= space_[d];
        else sizes.push_back(space_[d]);
        for (std::size_t l = 0; l < layouts_.size(); ++l) {
          if (!takes_part(l)) continue;
          const std::int64_t stride = layouts_[l].strides[static_cast<std::size_t>(d)];
          if (merge) strides[l].back() = stride;
          else strides[l].push_back(stride);
        }
      }
      if (reduced_region) reduced = static_cast<int>(sizes.size() - region_start);
    }
    const std::size_t kept_dims = sizes.size() - static_cast<std::size_t>(reduced);
    auto row_major = [&](std::size_t dims) {
      std::vector<std::int64_t> flat(dims);
      std::int64_t step = 1;
      for (std::size_t d = dims; d-- > 0;) {
        flat[d] = step;
        step *= sizes[d];
      }
      return flat;
    };
    const std::vector<std::int64_t> flat = row_major(sizes.size());
    const std::vector<std::int64_t> flat_kept = row_major(kept_dims);
    // Each provisional layout becomes -1 (the flat index) or a kernel layout, shared by equal strides.
    std::vector<std::int32_t> final_index(layouts_.size(), -1);
    std::vector<std::size_t> kept;  // provisional index of each kernel layout
    for (std::size_t l = 0; l < layouts_.size(); ++l) {
      if (strides[l] == (layouts_[l].per_output ? flat_kept : flat)) continue;
      for (std::size_t k = 0; k < kept.size() && final_index[l] < 0; ++k)
        if (strides[kept[k]] == strides[l] && layouts_[kept[k]].per_output == layouts_[l].per_output)
          final_index[l] = static_cast<std::int32_t>(k);
      if (final_index[l] < 0) {
        final_index[l] = static_cast<std::int32_t>(kept.size());
        kept.push_back(l);
      }
    }
    for (ir::Instr& in : plan_.kernel.body)
      if (in.layout >= 0) in.layout = final_index[static_cast<std::size_t>(in.layout)];
    for (std::int32_t& l : plan_.kernel.output_layouts)
      if (l >= 0) l = final_index[static_cast<std::size_t>(l)];
    if (kept.empty()) return;
    ir::KernelIR& k = plan_.kernel;
    k.rank = static_cast<int>(sizes.size());
    k.reduce_rank = reduced;
    k.shape_slot = push_sizes(sizes);
    for (std::size_t l : kept) {
      const std::int64_t inner = strides[l].empty() ? 0 : strides[l].back();
      k.layouts.push_back({push_sizes(strides[l]),
                           inner == 1   ? ir::InnerStride::Unit
                           : inner == 0 ? ir::InnerStride::Zero
                                        : ir::InnerStride::Runtime,
                           layouts_[l].per_output});
    }
  }

  /// A scan kernel: output 0 (the scanned reduction) written per element at its row-major
  /// position in the reduced operand (plan_scan).
  void add_scan_output() {
    const std::int32_t layout = layout_for(input_, ir::row_major_strides(input_), false, input_);
    plan_.kernel.output_layouts.assign(plan_.kernel.outputs.size(), -1);
    plan_.kernel.output_layouts[0] = layout;
    plan_.kernel.scan = true;
  }

  /// Makes `index` output 0, written through the strides of `target` (a Buffer node).
  void add_write_target(const ir::NodePtr& target, std::int32_t index) {
    const std::int32_t layout = layout_for(
        target->shape, target->is_view ? target->strides : ir::row_major_strides(target->shape), false, plan_.shape);
    plan_.outputs.insert(plan_.outputs.begin(), target);
    plan_.kernel.outputs.insert(plan_.kernel.outputs.begin(), index);
    plan_.kernel.output_layouts.assign(plan_.kernel.outputs.size(), -1);
    plan_.kernel.output_layouts[0] = layout;
  }

 private:
  struct Frame {
    const ir::NodePtr* node;  // resolved: stays valid while graph_mutex is held
    bool per_output;
    int phase;         // a row kernel's phase (per element: the phase computing it)
    std::size_t next;  // the next operand to visit
  };

  /// Instructions emitted per output, or per element in a phase (a row kernel computes a
  /// per-element value again in each phase that uses it).
  PointerMap<ir::Node>& emitted(bool per_output, int phase) {
    return per_output ? emitted_per_output_ : emitted_[static_cast<std::size_t>(phase)];
  }

  /// A row kernel's per-row value (fuse::foreign_shaped_pending let only such values of the row
  /// shape stay pending).
  bool is_row_value(const ir::Node& n) const {
    return row_ && n.is_pending() && !n.device_free && n.shape == row_shape_;
  }
  /// The phase whose end has per-row value n (0 for anything else).
  int phase_of(const ir::Node& n) {
    if (!is_row_value(n)) return 0;
    const std::int32_t* level = level_.find(&n);
    if (!level) throw InternalError("a per-row value outside the phases numbered");
    return *level;
  }

  /// The operands the walk emits before a node: all, but a loop's cap and initial values and an
  /// if's condition only (their regions are emitted by emit_loop and emit_if).
  static std::size_t outer_operands(const ir::Node& n) {
    if (n.is_leaf()) return 0;
    if (n.op == Op::Loop) return 1 + ir::loop_state_count(n);
    if (n.op == Op::If) return 1;
    if (n.op == Op::Fold) return n.region_values;  // its states' per-element values
    return n.num_operands;
  }

  /// Records that node n's value is instruction `index`; inside a region, only until it ends.
  void remember(const ir::Node* n, bool per_output, int phase, std::int32_t index) {
    if (emitted(per_output, phase).emplace(n, index).second && !scopes_.empty())
      scope_log_.push_back({n, per_output, phase});
  }

  std::int32_t push(Op op, DType dtype, bool per_output, int phase, std::initializer_list<std::int32_t> args) {
    ir::Instr in{op, dtype};
    in.per_output = per_output;
    in.phase = static_cast<std::uint8_t>(phase);
    for (std::int32_t a : args) in.args[in.num_args++] = a;
    plan_.kernel.body.push_back(in);
    return static_cast<std::int32_t>(plan_.kernel.body.size()) - 1;
  }

  void open_scope(const ir::Node* loop, std::int32_t begin) { scopes_.push_back({loop, begin, scope_log_.size()}); }
  /// Ends the innermost region: what was emitted inside is not visible after it.
  void close_scope() {
    for (std::size_t e = scopes_.back().log_start; e < scope_log_.size(); ++e)
      emitted(scope_log_[e].per_output, scope_log_[e].phase).erase(scope_log_[e].node);
    scope_log_.resize(scopes_.back().log_start);
    scopes_.pop_back();
  }

  /// The instruction of a region parameter: its loop's state, in the innermost open loop of its depth.
  std::int32_t param_instruction(const ir::Node& param) {
    for (std::size_t s = scopes_.size(); s-- > 0;)
      if (scopes_[s].loop && scopes_[s].loop->region_depth == param.region_depth)
        return scopes_[s].begin + 1 + param.region_values;
    if (param.region_depth == 0)  // a traced function's placeholder (lib/frontend/function.cpp)
      throw Error(
          "sinter::function: an argument of a traced function's callable is used outside the call (an Array kept "
          "from inside the callable); use the call's results instead");
    throw Error(
        "while_loop: a per-element value of a loop body is used outside the body (an Array kept from "
        "inside the lambdas); use the loop's results instead");
  }

  /// Emits, in front of a loop, what its body computes from values outside it (loop-invariant):
  /// the nodes under the body's roots that depend on no parameter of this loop or of a loop
  /// inside it. An if's branches are not entered: what only a branch needs stays in the branch.
  void hoist_invariants(const ir::Node& loop, bool per_output, int phase) {
    const int depth = loop.region_depth;
    std::vector<const ir::NodePtr*> stack;
    PointerMap<ir::Node> seen;
    for (std::size_t i = 1 + ir::loop_state_count(loop); i < loop.num_operands; ++i) stack.push_back(&loop.operands[i]);
    while (!stack.empty()) {
      const ir::NodePtr& n = ir::resolved(*stack.back());
      stack.pop_back();
      if (!seen.emplace(n.get(), 0).second || emitted(per_output, phase).find(n.get())) continue;
      if ((n->param_depths >> depth) == 0) {
        visit(n, false, per_output, phase);
        continue;
      }
      const std::size_t count = n->op == Op::If ? 1 : n->is_leaf() ? 0 : n->num_operands;
      for (std::size_t a = 0; a < count; ++a) stack.push_back(&n->operands[a]);
    }
  }

  /// A while loop (ir/kernel.h, "Control flow"): its cap and initial values are emitted.
  std::int32_t emit_loop(const ir::Node& n, bool per_output, int phase) {
    const std::size_t k = ir::loop_state_count(n);
    auto index_of = [&](const ir::NodePtr& x) { return *emitted(per_output, phase).find(ir::resolved(x).get()); };
    hoist_invariants(n, per_output, phase);
    const std::int32_t begin = push(Op::LoopBegin, DType::Int64, per_output, phase, {index_of(ir::loop_cap(n))});
    for (std::size_t i = 0; i < k; ++i)
      push(Op::LoopState, ir::loop_init(n, i)->dtype, per_output, phase, {index_of(ir::loop_init(n, i))});
    open_scope(&n, begin);
    const std::int32_t cond = visit(ir::loop_cond(n), false, per_output, phase);
    push(Op::LoopCond, DType::Bool, per_output, phase, {begin, cond});
    std::vector<std::int32_t> next(k);
    for (std::size_t i = 0; i < k; ++i) next[i] = visit(ir::loop_next(n, i), false, per_output, phase);
    for (std::size_t i = 0; i < k; ++i)
      push(Op::LoopNext, ir::loop_init(n, i)->dtype, per_output, phase,
           {next[i], begin + 1 + static_cast<std::int32_t>(i)});
    push(Op::LoopEnd, DType::Int64, per_output, phase, {begin});
    close_scope();
    return begin;
  }

  /// An if: its condition is emitted; each branch's values are emitted inside the branch.
  std::int32_t emit_if(const ir::Node& n, bool per_output, int phase) {
    const std::size_t k = n.region_values;
    const std::int32_t begin = push(Op::IfBegin, DType::Bool, per_output, phase,
                                    {*emitted(per_output, phase).find(ir::resolved(ir::if_cond(n)).get())});
    std::vector<std::int32_t> then_values(k);
    std::vector<std::int32_t> else_values(k);
    open_scope(nullptr, begin);
    for (std::size_t i = 0; i < k; ++i) then_values[i] = visit(ir::if_then(n, i), false, per_output, phase);
    close_scope();
    push(Op::IfElse, DType::Bool, per_output, phase, {begin});
    open_scope(nullptr, begin);
    for (std::size_t i = 0; i < k; ++i) else_values[i] = visit(ir::if_else(n, i), false, per_output, phase);
    close_scope();
    const std::int32_t end = push(Op::IfEnd, DType::Bool, per_output, phase, {begin});
    for (std::size_t i = 0; i < k; ++i)
      push(Op::IfResult, ir::if_then(n, i)->dtype, per_output, phase, {begin, then_values[i], else_values[i]});
    return end;
  }

  /// A user-defined reduction (ir/kernel.h, "User-defined reductions"): its states' per-element
  /// values are emitted; its identities come before it, its combine inside it, over its parameters
  /// (the states a, its fold_state instructions, and b, its fold_operand ones).
  std::int32_t emit_fold(const ir::Node& n, bool per_output, int phase) {
    if (!per_output || row_) throw InternalError("a fold outside a reduction kernel's per-output instructions");
    const std::size_t k = n.region_values;
    std::vector<std::int32_t> identities(k);
    for (std::size_t i = 0; i < k; ++i) identities[i] = visit(ir::fold_identity(n, i), false, true, phase);
    const std::int32_t begin = push(Op::FoldBegin, DType::Int64, true, phase, {});
    for (std::size_t i = 0; i < k; ++i)
      push(Op::FoldState, ir::fold_operand(n, i)->dtype, true, phase, {identities[i]});
    open_scope(nullptr, begin);
    for (std::size_t i = 0; i < k; ++i) {
      const std::int32_t element = *emitted(false, phase).find(ir::resolved(ir::fold_operand(n, i)).get());
      const std::int32_t b = push(Op::FoldOperand, ir::fold_operand(n, i)->dtype, true, phase, {element});
      remember(ir::fold_param(n, i).get(), true, phase, begin + 1 + static_cast<std::int32_t>(i));
      remember(ir::fold_param(n, k + i).get(), true, phase, b);
    }
    std::vector<std::int32_t> combined(k);
    for (std::size_t i = 0; i < k; ++i) combined[i] = visit(ir::fold_combine(n, i), false, true, phase);
    for (std::size_t i = 0; i < k; ++i)
      push(Op::FoldNext, ir::fold_operand(n, i)->dtype, true, phase,
           {combined[i], begin + 1 + static_cast<std::int32_t>(i)});
    push(Op::FoldEnd, DType::Int64, true, phase, {begin});
    close_scope();
    return begin;
  }

  /// A region node, parameter or result: its instruction (emitting the region's). Null for any other op.
  std::optional<std::int32_t> emit_control(const ir::NodePtr& n, bool per_output, int phase) {
    switch (n->op) {
      case Op::Param: return param_instruction(*n);
      case Op::Loop: return emit_loop(*n, per_output, phase);
      case Op::If: return emit_if(*n, per_output, phase);
      case Op::Fold: return emit_fold(*n, per_output, phase);
      case Op::Result: {  // a loop's state k follows its begin; an if's result k its end
        const std::int32_t region = *emitted(per_output, phase).find(ir::resolved(n->operands[0]).get());
        return region + 1 + n->region_values;
      }
      default: return std::nullopt;
    }
  }

  /// Appends the instruction of `n`, whose operands are emitted already.
  void emit(const ir::NodePtr& n, bool per_output, int phase, bool is_root) {
    if (std::optional<std::int32_t> control = emit_control(n, per_output, phase)) {
      remember(n.get(), per_output, phase, *control);
      if (n->op == Op::Result) maybe_output(n, *control, is_root, per_output, phase);
      return;
    }
    ir::Instr in{n->op, n->dtype};
    in.per_output = per_output;
    in.phase = static_cast<std::uint8_t>(phase);
    const Shape& target = !reduction_ ? plan_.shape : per_output ? (row_ ? row_shape_ : plan_.shape) : input_;
    switch (n->op) {
      case Op::Buffer:
        in.slot = input_slot(n);
        if (reduction_ || n->is_view || !(n->shape == target))
          in.layout =
              layout_for(n->shape, n->is_view ? n->strides : ir::row_major_strides(n->shape), per_output, target);
        break;
      case Op::Scalar:
        in.slot = static_cast<std::int32_t>(plan_.scalars.size());
        plan_.scalars.push_back(n->scalar_bits);
        plan_.kernel.scalars.push_back(n->dtype);
        break;
      case Op::Index:
        // The flat index of the instruction's space: the node's own only when the shapes agree
        // and the space is not reordered (an index is 1-D, so a reduction of it is not).
        if (!(n->shape == target) || (reduction_ && !row_ && !per_output && n->shape.ndim() > 1))
          throw InternalError("an index of shape " + n->shape.to_string() + " in a kernel over " + target.to_string());
        break;
      default: {
        // A reduction's operand is per element (of its phase); a row value is per row (of its
        // own phase); every other operand is computed as its user is.
        in.num_args = n->num_operands;
        for (std::size_t a = 0; a < n->num_operands; ++a) {
          const ir::Node& operand = *ir::resolved(n->operands[a]);
          const bool operand_per_output = (per_output && !reduces_elements(n->op)) || is_row_value(operand);
          in.args[a] = *emitted(operand_per_output, operand_per_output ? phase_of(operand) : phase).find(&operand);
        }
        if (n->op == Op::Gather) {  // the source at the base layout plus the position (ir/indexing.h)
          in.slot = input_slot(n);
          in.layout = layout_for(n->shape, n->strides, per_output, target);
        }
        if (n->op == Op::IndexCheck) in.slot = error_word(n);
      }
    }
    auto index = static_cast<std::int32_t>(plan_.kernel.body.size());
    plan_.kernel.body.push_back(in);
    remember(n.get(), per_output, phase, index);
    maybe_output(n, index, is_root, per_output, phase);
  }

  /// Makes instruction `index` an output for node n when a handle refers to it.
  void maybe_output(const ir::NodePtr& n, std::int32_t index, bool is_root, bool per_output, int phase) {
    // Only per-output values are written in a reduction kernel (and a row kernel's last phase's
    // per-element ones). A value computed from scalars and indices alone (zeros, full, arange,
    // ...) is not stored for the handles that refer to it: recomputing it where it is used reads
    // no memory, and storing it could take any amount. Nothing inside a loop or a branch is: it
    // is computed there only for some elements.
    if (!n->is_pending() || !scopes_.empty() || n->param_depths != 0 ||
        !(is_root || (n->handles.load(std::memory_order_relaxed) > 0 && n->reads_memory)))
      return;
    if (row_ && !per_output && phase < last_phase_) {
      held_early_.push_back(n);  // written by the last phase (write_held_values)
      return;
    }
    if (!reduction_ || per_output || row_) add_output(n, index);
  }

  struct ProvisionalLayout {
    std::array<std::int64_t, kMaxDims> strides;  // over space_ (per output: its kept dimensions)
    bool per_output;
  };

  /// Provisional layout of a buffer of `shape` and element strides `own`, read over `target`
  /// (the shape the instruction's values have): its strides aligned at the last dimension, 0
  /// where it is broadcast, then put in the order of space_'s dimensions.
  std::int32_t layout_for(const Shape& shape, const std::array<std::int64_t, kMaxDims>& own, bool per_output,
                          const Shape& target) {
    if (!broadcasts_to(shape, target))
      throw InternalError("a buffer of shape " + shape.to_string() + " in a kernel over " + target.to_string() +
                          ", to which it does not broadcast");
    std::array<std::int64_t, kMaxDims> aligned{};
    const int lead = target.ndim() - shape.ndim();
    for (int d = shape.ndim() - 1; d >= 0; --d)
      aligned[static_cast<std::size_t>(lead) + static_cast<std::size_t>(d)] =
          shape[d] == 1 ? 0 : own[static_cast<std::size_t>(d)];
    std::array<std::int64_t, kMaxDims> strides{};
    if (!per_output || !reduction_) {
      for (int d = 0; d < space_.ndim(); ++d)
        strides[static_cast<std::size_t>(d)] = aligned[static_cast<std::size_t>(perm_[static_cast<std::size_t>(d)])];
    } else {  // over the kept dimensions: the output's axes, or with keepdims its non-1 axes in order
      for (int d = 0; d < kept_; ++d)
        strides[static_cast<std::size_t>(d)] =
            aligned[static_cast<std::size_t>(keepdims_ ? perm_[static_cast<std::size_t>(d)] : d)];
    }
    const bool layout_per_output = per_output && reduction_;
    for (std::size_t l = 0; l < layouts_.size(); ++l)
      if (layouts_[l].strides == strides && layouts_[l].per_output == layout_per_output)
        return static_cast<std::int32_t>(l);
    layouts_.push_back({strides, layout_per_output});
    return static_cast<std::int32_t>(layouts_.size()) - 1;
  }

  /// The input slot of the kernel's error word (made on the first index check), recording the check.
  std::int32_t error_word(const ir::NodePtr& check) {
    if (plan_.error_slot < 0) {
      plan_.error_slot = static_cast<std::int32_t>(plan_.inputs.size());
      plan_.inputs.push_back(nullptr);  // allocated by the launch
      plan_.input_offsets.push_back(0);
      plan_.kernel.inputs.push_back(DType::Int32);
    }
    plan_.index_checks.push_back(
        {ir::resolved(check->operands[0]), static_cast<std::int64_t>(ir::resolved(check->operands[1])->scalar_bits)});
    return plan_.error_slot;
  }

  std::int32_t input_slot(const ir::NodePtr& n) {
    const auto next = static_cast<std::int32_t>(plan_.inputs.size());
    if (n->offset != 0) {  // a view starting inside its buffer: one slot per (buffer, offset, type)
      for (std::size_t k = 0; k < plan_.inputs.size(); ++k)
        if (plan_.inputs[k] == n->buffer &&
            plan_.input_offsets[k] == n->offset * static_cast<std::int64_t>(size_of(n->dtype)) &&
            plan_.kernel.inputs[k] == n->dtype)
          return static_cast<std::int32_t>(k);
      add_input(n);
      return next;
    }
    auto [slot, fresh] = input_slots_.emplace(n->buffer.get(), next);
    if (fresh) add_input(n);
    return slot;
  }
  void add_input(const ir::NodePtr& n) {
    plan_.inputs.push_back(n->buffer);
    plan_.input_offsets.push_back(n->offset * static_cast<std::int64_t>(size_of(n->dtype)));
    plan_.kernel.inputs.push_back(n->dtype);
  }

  /// Appends int64 scalar parameters; returns the first one's slot.
  std::int32_t push_sizes(const std::vector<std::int64_t>& values) {
    const auto first = static_cast<std::int32_t>(plan_.scalars.size());
    for (std::int64_t v : values) {
      plan_.scalars.push_back(static_cast<std::uint64_t>(v));
      plan_.kernel.scalars.push_back(DType::Int64);
    }
    return first;
  }

  void add_output(const ir::NodePtr& n, std::int32_t index) {
    if (!n->is_pending()) return;
    for (const auto& o : plan_.outputs)
      if (o == n) return;
    plan_.outputs.push_back(n);
    plan_.kernel.outputs.push_back(index);
  }

  KernelPlan& plan_;
  bool reduction_ = false;
  Shape input_;                       // a reduction kernel: the reduced operand's shape
  Shape space_;                       // the iteration space: the output's shape, or the reduced operand's reordered
  int kept_ = 0;                      // leading dimensions of space_ that are not reduced
  bool keepdims_ = false;             // a reduction kernel's output keeps the reduced axes as size 1
  std::array<int, kMaxDims> perm_{};  // dimension d of space_ is axis perm_[d] of the operand
  bool row_ = false;                  // a row kernel (ir/kernel.h)
  Shape row_shape_;                   // a row kernel: the shape of its per-row values (row axes of size 1)
  int last_phase_ = 0;                // a row kernel: its last phase
  PointerMap<ir::Node> level_;        // a row kernel: phase_of per-row values, first phase of per-element ones
  std::vector<ir::NodePtr> held_early_;  // a row kernel: handle-held values emitted before the last phase
  std::vector<PointerMap<ir::Node>> emitted_ = std::vector<PointerMap<ir::Node>>(1);  // per-element, per phase
  PointerMap<ir::Node> emitted_per_output_;  // per-output instructions of a reduction kernel
  PointerMap<ir::Buffer> input_slots_;
  std::vector<ProvisionalLayout> layouts_;
  std::deque<std::vector<Frame>> stacks_;  // per nested visit (regions visit inside emit); stable references
  std::size_t visits_ = 0;
  struct Scope {
    const ir::Node* loop;   // null: a branch of an if
    std::int32_t begin;     // its LoopBegin or IfBegin
    std::size_t log_start;  // its entries in scope_log_
  };
  std::vector<Scope> scopes_;                                // loops and branches open, innermost last
  struct Remembered {
    const ir::Node* node;
    bool per_output;
    int phase;
  };
  std::vector<Remembered> scope_log_;  // remembered inside them
};

}  // namespace

KernelPlan plan_kernel(std::span<const ir::NodePtr> roots) {
  // The reduction that sets the kernel's geometry, if any (the roots' other reductions share it:
  // foreign_shaped_pending saw to that).
  const ir::Node* reduction = nullptr;
  foreign_shaped_pending(roots, roots.front()->shape, &reduction);
  return plan_kernel(roots, reduction);
}

KernelPlan plan_kernel(std::span<const ir::NodePtr> roots, const ir::Node* reduction, const RowGeometry& rows) {
  KernelPlan plan;
  plan.shape = roots.front()->shape;
  plan.device = roots.front()->device;
  // The pending sizes bound the instructions (shared subexpressions make it an overestimate).
  std::size_t bound = 0;
  for (const auto& r : roots) bound += ir::resolved(r)->pending_size;
  plan.kernel.body.reserve(std::min<std::size_t>(bound, 1024));
  for (auto* v : {&plan.kernel.inputs, &plan.kernel.scalars}) v->reserve(8);
  plan.kernel.outputs.reserve(4);
  plan.inputs.reserve(8);
  plan.scalars.reserve(8);
  plan.outputs.reserve(4);
  Planner planner(plan, reduction, rows);
  if (rows.from >= 0) {
    const int last = planner.number_phases(roots);
    // Roots of the rows' shape are per element, of the last phase; per-row roots have their own.
    for (const auto& r : roots) planner.visit(r, true, !(rows.space == plan.shape), last);
    planner.write_held_values();
  } else {
    for (const auto& r : roots) planner.visit(r, true, reduction != nullptr);
  }
  planner.finish_layouts();
  plan.kernel.seal();
#ifndef NDEBUG
  ir::verify(plan.kernel);  // a broken planner fails where it broke (release builds: at compile)
#endif
  return plan;
}

KernelPlan plan_scan(const ir::NodePtr& reduction) {
  KernelPlan plan;
  plan.shape = reduction->shape;
  plan.device = reduction->device;
  Planner planner(plan, reduction.get());
  planner.visit(reduction, true, true);
  planner.add_scan_output();
  planner.finish_layouts();
  if (plan.kernel.reduce_rank > 1) return {};  // several axes that do not merge: no scan kernel
  plan.kernel.seal();
#ifndef NDEBUG
  ir::verify(plan.kernel);
#endif
  return plan;
}

KernelPlan plan_write(const ir::NodePtr& target, const ir::NodePtr& value) {
  KernelPlan plan;
  plan.shape = target->shape;
  plan.device = target->device;
  plan.write_target = target->buffer;
  plan.write_offset = target->offset * static_cast<std::int64_t>(size_of(target->dtype));
  Planner planner(plan, nullptr);
  const std::int32_t index = planner.visit(value, false, false);
  planner.add_write_target(target, index);
  planner.finish_layouts();
  plan.kernel.seal();
#ifndef NDEBUG
  ir::verify(plan.kernel);
#endif
  return plan;
}

bool write_reads_only_its_own_elements(const KernelPlan& plan) {
  for (const ir::Instr& in : plan.kernel.body) {
    if (in.op != Op::Buffer) continue;
    const auto slot = static_cast<std::size_t>(in.slot);
    if (plan.inputs[slot] != plan.write_target) continue;
    if (plan.input_offsets[slot] != plan.write_offset || in.layout != plan.kernel.output_layout(0)) return false;
  }
  return true;
}

}  // namespace sinter::fuse
