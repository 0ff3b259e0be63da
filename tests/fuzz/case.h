// A fuzz case: a straight-line program of statements that build an IR graph, hold Array
// handles and evaluate, over inputs of the case's shape (n elements). Reductions and the
// elementwise ops over their results give values of other shapes. Cases are generated from a
// seed, run on a device through fuzz::Checker, shrunk when they fail and printed as doctest cases.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/check.h"

namespace fuzz {

struct Step {
  enum Kind {
    Input,
    RandomInput,
    BroadcastInput,
    ViewInput,
    Scalar,
    Index,
    Broadcast,
    Cast,
    Apply,
    Reduce,  // Checker::reduce: op over axes (keepdims)
    Dot,     // Checker::dot of args[0] and args[1]
    Loop,    // Checker::loop(args[0], args[1], op, values[0]): a while loop per element
    Branch,  // Checker::branch(args[0], args[1], args[2], op): an if_then_else
    Fold,    // Checker::fold(op, args[0], axes, keepdims): sinter::reduce with combine op(a, b)
    Hold,
    Evaluate
  };
  Kind kind = Input;
  Op op = Op::Buffer;                 // Apply, Reduce, Fold: the op
  DType dtype = DType::Bool;          // value steps: the result type
  std::vector<int> args;              // indices of earlier value steps
  std::vector<std::uint64_t> values;  // Input: the elements; Scalar: values[0]
  std::uint64_t seed = 0;             // RandomInput, BroadcastInput, ViewInput
  std::vector<std::int64_t> dims;     // BroadcastInput, and Input with own_shape: its own shape
  bool own_shape = false;             // Input: of shape `dims`, not the case's
  std::vector<int> axes;              // Reduce, Fold: NumPy's axis argument ({}: every axis)
  bool keepdims = false;              // Reduce, Fold
  bool device_free = false;           // a scalar expression (no array operand)

  bool is_value() const { return kind != Hold && kind != Evaluate; }
};

inline Step make_step(Step::Kind kind, Op op = Op::Buffer, DType dtype = DType::Bool) {
  Step s;
  s.kind = kind;
  s.op = op;
  s.dtype = dtype;
  return s;
}

struct Case {
  std::uint64_t seed = 0;   // the run's seed
  std::uint64_t index = 0;  // the case's number in the run
  std::int64_t n = 0;
  std::vector<std::int64_t> dims;  // the N-d shape of the n elements; empty: (n,)
  std::vector<Step> steps;
};

/// The shape of a case's arrays.
inline sinter::Shape case_shape(const Case& c) {
  if (c.dims.empty()) return sinter::Shape::vector(c.n);
  sinter::Shape s;
  for (auto d : c.dims) s.push_back(d);
  return s;
}

/// The shape of every value step of a case (a device-free one: 0-d), or nothing when the case
/// is not a valid program: shapes that do not broadcast, axes out of range or repeated, min,
/// max, argmin or argmax over an empty axis (even into an empty result), dot of unaligned
/// shapes, inputs of the wrong size, and an N-d index in a case with reductions (the front end
/// makes only 1-D ones; the planner does not reorder an index into a reduction's space). The
/// shrinker runs only valid cases.
std::optional<std::vector<sinter::Shape>> value_shapes(const Case& c);

/// The Checker call of value step `s`, with `nodes` holding the earlier steps' nodes.
NodePtr build_value(Checker& checker, const Step& s, const std::vector<NodePtr>& nodes);

/// The case number `index` of the run with `seed`.
Case generate(std::uint64_t seed, std::uint64_t index);

/// Runs a case on `device`; the first disagreement, if any.
std::optional<Failure> run(const Case& c, sinter::Device device, Mode mode);

/// A smaller case that fails the same way (greedy, bounded by `seconds`).
Case shrink(Case c, sinter::Device device, Mode mode, const Failure& failure, double seconds);

/// The case as a ready-to-paste doctest case (SINTER_DEVICE_TEST) for tests/test_fuzz_regressions.cpp.
std::string to_doctest(const Case& c, Mode mode, const Failure& failure);

/// Number of op nodes in a case (what the fuzzer reports as expressions), reductions and dot
/// products included.
int count_ops(const Case& c);
/// Number of reductions (dot products included) in a case.
int count_reductions(const Case& c);

}  // namespace fuzz
