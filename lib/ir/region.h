// Control flow in the node graph: region nodes (a while loop, an if) own sub-graphs built over
// their parameters, and yield their values through Result nodes. A region's sub-graphs are
// among its operands, so hash-consing, the pending bounds, the destructor's iterative release
// and every walk over operands see them; the planner alone opens them (fuse/plan.cpp), emitting
// their instructions between structured markers (ir/kernel.h, "Control flow").
//
// A Loop node at nesting depth d (1: outside any other loop) has the operands
//   cap (int64 scalar), init_0 .. init_{k-1}, cond (bool), next_0 .. next_{k-1}
// where cond and next_i are built over Param nodes (depth d, index i) standing for the state's
// values at the start of an iteration. An If node has the operands
//   cond (bool), then_0 .. then_{k-1}, else_0 .. else_{k-1}
// and no parameters: its branches read the values around them. Both have the shape and device
// of their values (one broadcast shape); Result k is their value k.
//
// Node::param_depths tells which loops' parameters a node depends on (bit d): a loop clears its
// own bit, so outside every body it is 0. Bit 0 (no loop has depth 0) marks the placeholders of
// a traced function's arguments (lib/frontend/function.cpp), which are replayed, never planned. The planner uses it to
// hoist what a body computes from values outside it (loop-invariant) in front of the loop.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ir/node.h"

namespace sinter::ir {

/// The deepest loop nesting supported (bits of Node::param_depths).
inline constexpr int kMaxLoopDepth = 31;

/// Parameter `index` of a loop at nesting depth `depth`: the state value `index` inside its body.
NodePtr make_param(DType dtype, const Shape& shape, Device device, int depth, int index);

/// The state's common shape and device (NumPy broadcasting); throws ShapeError, DeviceError,
/// EmptyArrayError naming `function`.
void state_shape_and_device(const std::string& function, std::span<const NodePtr> values, Shape& shape, Device& device);

/// A while loop over the state `inits` (broadcast to one shape); `cond` and `next` are its body,
/// over the parameters of depth `depth`; at most `cap` iterations (int64 scalar node). Checks the
/// body (count and types of next values, a bool condition, shapes, devices, no parameters of
/// this loop in the initial values) and throws sinter::Error subclasses naming `function`.
/// Returns the Result nodes, one per state value.
std::vector<NodePtr> make_loop(const std::string& function, const NodePtr& cap, std::span<const NodePtr> inits,
                               const NodePtr& cond, std::span<const NodePtr> next, int depth);

/// if (cond) then else, per element: only the taken branch's values are computed. Checks that
/// both branches yield as many values of the same types; broadcasts condition and values to one
/// shape. Returns the Result nodes.
std::vector<NodePtr> make_if(const std::string& function, const NodePtr& cond, std::span<const NodePtr> then_values,
                             std::span<const NodePtr> else_values);

/// The nesting depth a user-defined reduction's parameters have (their Param nodes): beyond any
/// loop's, so they are never taken for a loop's state. sinter::reduce refuses to run inside a
/// traced lambda, so no loop is around them.
inline constexpr int kFoldDepth = kMaxLoopDepth;

/// A user-defined reduction (sinter::reduce): the k state values `x` (one broadcast shape,
/// non-empty) folded over the axes set in `axes` from `identities` (k scalar nodes of the states'
/// types) by `combine` (k values over `params`: 2k Params of depth kFoldDepth and shape (), the
/// states a and b). Checks the combine (its count and types of values; that it uses nothing but
/// the parameters, scalars and elementwise ops) and throws sinter::Error subclasses naming
/// `function`. Returns the Result nodes, one per state value, of the reduced shape.
std::vector<NodePtr> make_fold(const std::string& function, std::span<const NodePtr> x, std::uint32_t axes,
                               bool keepdims, std::span<const NodePtr> identities, std::span<const NodePtr> combine,
                               std::span<const NodePtr> params);

/// For a Loop node: its state count k; operand positions of its parts.
inline std::size_t loop_state_count(const Node& loop) { return loop.region_values; }
inline const NodePtr& loop_cap(const Node& loop) { return loop.operands[0]; }
inline const NodePtr& loop_init(const Node& loop, std::size_t i) { return loop.operands[1 + i]; }
inline const NodePtr& loop_cond(const Node& loop) { return loop.operands[1 + loop.region_values]; }
inline const NodePtr& loop_next(const Node& loop, std::size_t i) { return loop.operands[2 + loop.region_values + i]; }
/// For a Fold node (k states): operands x_0.., identity_0.., combine_0.., param a_0.., param b_0...
inline const NodePtr& fold_operand(const Node& n, std::size_t i) { return n.operands[i]; }
inline const NodePtr& fold_identity(const Node& n, std::size_t i) { return n.operands[n.region_values + i]; }
inline const NodePtr& fold_combine(const Node& n, std::size_t i) {
  return n.operands[std::size_t{2} * n.region_values + i];
}
inline const NodePtr& fold_param(const Node& n, std::size_t i) {
  return n.operands[std::size_t{3} * n.region_values + i];
}
/// For an If node.
inline const NodePtr& if_cond(const Node& n) { return n.operands[0]; }
inline const NodePtr& if_then(const Node& n, std::size_t i) { return n.operands[1 + i]; }
inline const NodePtr& if_else(const Node& n, std::size_t i) { return n.operands[1 + n.region_values + i]; }

}  // namespace sinter::ir
