// A fuzz case: a straight-line program of statements that build an IR graph, hold Array
// handles and evaluate, over arrays of n elements. Cases are generated from a seed, run on a
// device through fuzz::Checker, shrunk when they fail and printed as doctest cases.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fuzz/check.h"

namespace fuzz {

struct Step {
  enum Kind { Input, RandomInput, BroadcastInput, ViewInput, Scalar, Index, Broadcast, Cast, Apply, Hold, Evaluate };
  Kind kind = Input;
  Op op = Op::Buffer;                 // Apply: the op
  DType dtype = DType::Bool;          // value steps: the result type
  std::vector<int> args;              // indices of earlier value steps
  std::vector<std::uint64_t> values;  // Input: the elements; Scalar: values[0]
  std::uint64_t seed = 0;             // RandomInput, BroadcastInput, ViewInput
  std::vector<std::int64_t> dims;     // BroadcastInput: its own shape, which broadcasts to the case's
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

/// The case number `index` of the run with `seed`.
Case generate(std::uint64_t seed, std::uint64_t index);

/// Runs a case on `device`; the first disagreement, if any.
std::optional<Failure> run(const Case& c, sinter::Device device, Mode mode);

/// A smaller case that fails the same way (greedy, bounded by `seconds`).
Case shrink(Case c, sinter::Device device, Mode mode, const Failure& failure, double seconds);

/// The case as a ready-to-paste doctest case (SINTER_DEVICE_TEST) for tests/test_fuzz_regressions.cpp.
std::string to_doctest(const Case& c, Mode mode, const Failure& failure);

/// Number of op nodes in a case (what the fuzzer reports as expressions).
int count_ops(const Case& c);

}  // namespace fuzz
