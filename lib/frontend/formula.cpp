// Formula strings (include/sinter/formula.h): a hand-written recursive-descent parser into a
// small syntax tree, and a walk of that tree that builds IR nodes with the C++ API's typing
// rules (op.h's operand_dtype, result_dtype and accepts; expr.h's weak scalars). The grammar is
// small and its error messages (a caret under the column, what was expected) matter more than a
// parser generator's generality, so no parsing library is used.
#include "sinter/formula.h"

#include <fmt/format.h>

#include <cctype>
#include <cstdlib>
#include <limits>
#include <optional>

#include "ir/node.h"
#include "sinter/detail/graph.h"
#include "sinter/error.h"
#include "sinter/reduce.h"

namespace sinter {
namespace detail {

struct FormulaNode {
  enum class Kind { Number, Bool, Name, Unary, Binary, Call } kind;
  std::size_t column = 0;  // where it starts in the text, for messages
  std::string word;        // Name, Call: the name; Unary, Binary: the operator as written
  Op op = Op::Add;         // Unary, Binary: the op
  bool is_float = false;   // Number
  double f = 0;
  std::int64_t i = 0;
  bool b = false;                 // Bool
  std::size_t name_index = 0;     // Name: the position of its value
  std::vector<std::size_t> args;  // Unary, Binary, Call: indices of the operands in the program
};

struct FormulaProgram {
  std::string text;
  std::vector<std::string> names;
  std::vector<FormulaNode> nodes;
  std::size_t root = 0;
};

namespace {

[[noreturn]] void fail(const std::string& text, std::size_t column, const std::string& what) {
  throw ParseError(fmt::format("formula: {}\n  {}\n  {}^", what, text, std::string(column, ' ')));
}

// Functions are ops of the catalogue, by their names there (NumPy's).
const char* const kUnaryFunctions[] = {
    "sqrt",   "exp",        "log",     "sin",     "cos",     "tanh",    "erf",     "floor",   "ceil",    "abs",
    "invert", "reciprocal", "square",  "sign",    "cbrt",    "exp2",    "expm1",   "log2",    "log10",   "log1p",
    "tan",    "arcsin",     "arccos",  "arctan",  "sinh",    "cosh",    "arcsinh", "arccosh", "arctanh", "erfc",
    "trunc",  "rint",       "deg2rad", "rad2deg", "sigmoid", "signbit", "isnan",   "isinf",   "isfinite"};
const char* const kBinaryFunctions[] = {"minimum",      "maximum",     "pow",        "remainder",   "fmod",
                                        "floor_divide", "bitwise_and", "bitwise_or", "bitwise_xor", "left_shift",
                                        "right_shift",  "fmax",        "fmin",       "copysign",    "arctan2",
                                        "hypot",        "logaddexp",   "logaddexp2", "float_power"};
const char* const kReductions[] = {"sum", "prod", "min", "max", "any", "all", "argmin", "argmax", "mean"};

std::optional<Op> op_named(const std::string& name) {
  for (std::size_t k = 0; k < kOpInfo.size(); ++k)
    if (kOpInfo[k].name == name) return static_cast<Op>(k);
  return std::nullopt;
}

class Parser {
 public:
  explicit Parser(FormulaProgram& p) : p_(p), s_(p.text) {}

  std::size_t parse() {
    const std::size_t root = logical_or();
    skip();
    if (at_ < s_.size()) fail(s_, at_, fmt::format("unexpected '{}': expected an operator or the end", s_[at_]));
    return root;
  }

 private:
  void skip() {
    while (at_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[at_]))) ++at_;
  }
  bool take(std::string_view token) {
    skip();
    if (s_.compare(at_, token.size(), token) != 0) return false;
    // "*" must not take the first half of "**", "<" of "<=", and so on.
    if (token.size() == 1 && at_ + 1 < s_.size()) {
      const char next = s_[at_ + 1];
      if ((token == "*" && next == '*') || ((token == "<" || token == ">") && next == '=')) return false;
    }
    at_ += token.size();
    return true;
  }
  void expect(std::string_view token, const char* what) {
    if (!take(token)) fail(s_, std::min(at_, s_.size()), fmt::format("expected {}", what));
  }
  std::size_t add(FormulaNode n) {
    p_.nodes.push_back(std::move(n));
    return p_.nodes.size() - 1;
  }
  std::size_t binary(Op op, std::string word, std::size_t column, std::size_t a, std::size_t b) {
    return add({FormulaNode::Kind::Binary, column, std::move(word), op, false, 0, 0, false, 0, {a, b}});
  }
  std::size_t unary(Op op, std::string word, std::size_t column, std::size_t a) {
    return add({FormulaNode::Kind::Unary, column, std::move(word), op, false, 0, 0, false, 0, {a}});
  }

  std::size_t logical_or() {
    std::size_t left = logical_and();
    for (;;) {
      skip();
      const std::size_t column = at_;
      if (!take("|")) return left;
      left = binary(Op::Or, "|", column, left, logical_and());
    }
  }
  std::size_t logical_and() {
    std::size_t left = logical_not();
    for (;;) {
      skip();
      const std::size_t column = at_;
      if (!take("&")) return left;
      left = binary(Op::And, "&", column, left, logical_not());
    }
  }
  std::size_t logical_not() {
    skip();
    const std::size_t column = at_;
    if (take("~")) return unary(Op::Not, "~", column, logical_not());
    return comparison();
  }
  std::size_t comparison() {
    const std::size_t left = sum();
    skip();
    const std::size_t column = at_;
    static const std::pair<const char*, Op> kCompare[] = {{"<=", Op::Le}, {">=", Op::Ge}, {"==", Op::Eq},
                                                          {"!=", Op::Ne}, {"<", Op::Lt},  {">", Op::Gt}};
    for (const auto& [token, op] : kCompare)
      if (take(token)) return binary(op, token, column, left, sum());
    return left;
  }
  std::size_t sum() {
    std::size_t left = term();
    for (;;) {
      skip();
      const std::size_t column = at_;
      if (take("+")) left = binary(Op::Add, "+", column, left, term());
      else if (take("-")) left = binary(Op::Sub, "-", column, left, term());
      else return left;
    }
  }
  std::size_t term() {
    std::size_t left = sign();
    for (;;) {
      skip();
      const std::size_t column = at_;
      if (take("*")) left = binary(Op::Mul, "*", column, left, sign());
      else if (take("/")) left = binary(Op::Div, "/", column, left, sign());
      else return left;
    }
  }
  // Python's precedence: -x**2 is -(x**2), and 2**-1 is allowed.
  std::size_t sign() {
    skip();
    const std::size_t column = at_;
    if (take("-")) return unary(Op::Neg, "-", column, sign());
    if (take("+")) return sign();
    return power();
  }
  std::size_t power() {
    const std::size_t base = primary();
    skip();
    const std::size_t column = at_;
    if (take("**")) return binary(Op::Pow, "**", column, base, sign());
    return base;
  }
  std::size_t primary() {
    skip();
    const std::size_t column = at_;
    if (at_ >= s_.size()) fail(s_, at_, "expected a number, a name or '(' at the end of the formula");
    const char c = s_[at_];
    if (take("(")) {
      const std::size_t inner = logical_or();
      expect(")", "')'");
      return inner;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return number();
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::string name;
      while (at_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[at_])) || s_[at_] == '_'))
        name += s_[at_++];
      if (name == "True" || name == "False")
        return add({FormulaNode::Kind::Bool, column, name, Op::Add, false, 0, 0, name == "True", 0, {}});
      if (take("(")) return call(name, column);
      for (std::size_t k = 0; k < p_.names.size(); ++k)
        if (p_.names[k] == name)
          return add({FormulaNode::Kind::Name, column, name, Op::Add, false, 0, 0, false, k, {}});
      std::string known;
      for (const std::string& n : p_.names) known += (known.empty() ? "" : ", ") + n;
      fail(s_, column,
           fmt::format("unknown name '{}' (the formula's names: {})", name, known.empty() ? "none" : known));
    }
    fail(s_, column, fmt::format("unexpected '{}': expected a number, a name or '('", c));
  }
  std::size_t number() {
    const std::size_t column = at_;
    const char* begin = s_.c_str() + at_;
    char* end = nullptr;
    const double f = std::strtod(begin, &end);
    const std::string_view written(begin, static_cast<std::size_t>(end - begin));
    if (written.empty()) fail(s_, column, "expected a number");
    at_ += written.size();
    const bool is_float = written.find_first_of(".eE") != std::string_view::npos || f > 9.2e18;
    FormulaNode n{FormulaNode::Kind::Number, column, std::string(written), Op::Add, is_float, f, 0, false, 0, {}};
    if (!is_float) n.i = std::strtoll(begin, nullptr, 10);
    return add(std::move(n));
  }
  std::size_t call(const std::string& name, std::size_t column) {
    std::vector<std::size_t> args;
    if (!take(")")) {
      do args.push_back(logical_or());
      while (take(","));
      expect(")", "',' or ')' after a function's argument");
    }
    auto arity = [&](std::size_t lo, std::size_t hi, const char* what) {
      if (args.size() < lo || args.size() > hi)
        fail(s_, column,
             fmt::format("{}() takes {}, got {} argument{}", name, what, args.size(), args.size() == 1 ? "" : "s"));
    };
    bool unary = false, binary = false;
    for (const char* f : kUnaryFunctions) unary = unary || name == f;
    for (const char* f : kBinaryFunctions) binary = binary || name == f;
    bool reduction = false;
    for (const char* f : kReductions) reduction = reduction || name == f;
    if (!unary && !binary && !reduction && name != "where") {
      std::string all;
      for (const char* f : kUnaryFunctions) all += std::string(f) + " ";
      for (const char* f : kBinaryFunctions) all += std::string(f) + " ";
      all += "where";
      for (const char* f : kReductions) all += " " + std::string(f);
      fail(s_, column, fmt::format("unknown function '{}' (functions: {})", name, all));
    }
    if (name == "where") arity(3, 3, "3 arguments (condition, a, b)");
    else if (binary) arity(2, 2, "2 arguments");
    else if (reduction) {
      arity(1, 2, "an array and an optional integer axis");
      if (args.size() == 2 && (p_.nodes[args[1]].kind != FormulaNode::Kind::Number || p_.nodes[args[1]].is_float))
        fail(s_, p_.nodes[args[1]].column, fmt::format("{}()'s axis must be an integer literal", name));
    } else {
      arity(1, 1, "1 argument");
    }
    return add({FormulaNode::Kind::Call, column, name, Op::Add, false, 0, 0, false, 0, std::move(args)});
  }

  FormulaProgram& p_;
  const std::string& s_;
  std::size_t at_ = 0;
};

// A value during the walk: a node, or a scalar whose type waits for the array it meets.
struct Typed {
  ir::NodePtr node;
  FormulaValue::Kind scalar = FormulaValue::Kind::Array;
  double f = 0;
  std::int64_t i = 0;
};

class Builder {
 public:
  Builder(const FormulaProgram& p, std::span<const FormulaValue> values) : p_(p), values_(values) {}

  ir::NodePtr build() {
    Typed t = walk(p_.root);
    if (!t.node || t.node->device_free)
      fail(p_.text, 0, "the formula has no array in it; a result needs an array's shape and device");
    return t.node;
  }

 private:
  // A scalar as the type it takes against an array of type `partner` (expr.h's weak scalars).
  ir::NodePtr materialize(const Typed& t, std::optional<DType> partner) {
    if (t.node) return t.node;
    switch (t.scalar) {
      case FormulaValue::Kind::Bool: return scalar_node_i(DType::Bool, t.i);
      case FormulaValue::Kind::Integer:
        return scalar_node_i(partner ? weak_scalar_dtype<std::int64_t>(*partner) : DType::Int64, t.i);
      case FormulaValue::Kind::Float: {
        const DType d = partner ? weak_scalar_dtype<double>(*partner) : DType::Float64;
        return scalar_node_f(d, t.f);
      }
      case FormulaValue::Kind::Array: break;
    }
    throw InternalError("formula: a value with neither a node nor a scalar");
  }

  ir::NodePtr apply(Op op, const FormulaNode& at, std::vector<Typed> operands) {
    // The type scalars take: the first array operand's (the condition of where excluded).
    std::optional<DType> partner;
    const std::size_t first = info(op).rule == TypeRule::Select ? 1 : 0;
    for (std::size_t k = first; k < operands.size() && !partner; ++k)
      if (operands[k].node) partner = operands[k].node->dtype;
    std::vector<ir::NodePtr> nodes;
    for (std::size_t k = 0; k < operands.size(); ++k)
      nodes.push_back(materialize(operands[k], k == 0 && first == 1 ? std::optional<DType>(DType::Bool) : partner));
    const bool select = info(op).rule == TypeRule::Select;
    const DType a = nodes[select ? 1 : 0]->dtype, b = nodes[select ? 2 : nodes.size() - 1]->dtype;
    const DType operand = operand_dtype(op, a, b);
    if (select && nodes[0]->dtype != DType::Bool)
      fail(p_.text, at.column,
           fmt::format("where()'s condition is {}, not bool; compare first, e.g. x > 0", name_of(nodes[0]->dtype)));
    if (info(op).rule == TypeRule::Logical)  // each operand must be bool, as the C++ API's check_rule says
      for (const ir::NodePtr& node : nodes)
        if (node->dtype != DType::Bool)
          fail(p_.text, at.column,
               fmt::format("'{}' needs bool operands, got {}; compare first, e.g. x > 0", at.word,
                           name_of(node->dtype)));
    if (!accepts(op, operand))
      fail(p_.text, at.column,
           info(op).rule == TypeRule::Logical
               ? fmt::format("'{}' needs bool operands, got {}; compare first, e.g. x > 0", at.word, name_of(operand))
               : fmt::format("'{}' of {} values: convert first", at.word, name_of(operand)));
    for (std::size_t k = 0; k < nodes.size(); ++k)
      nodes[k] = cast_node(nodes[k], select && k == 0 ? DType::Bool : operand);
    return op_node(op, nodes);
  }

  Typed walk(std::size_t index) {
    const FormulaNode& n = p_.nodes[index];
    switch (n.kind) {
      case FormulaNode::Kind::Number:
        return n.is_float ? Typed{nullptr, FormulaValue::Kind::Float, n.f, 0}
                          : Typed{nullptr, FormulaValue::Kind::Integer, 0, n.i};
      case FormulaNode::Kind::Bool: return Typed{nullptr, FormulaValue::Kind::Bool, 0, n.b ? 1 : 0};
      case FormulaNode::Kind::Name: {
        const FormulaValue& v = values_[n.name_index];
        if (v.kind() == FormulaValue::Kind::Array) {
          if (!v.node()) throw_empty(("formula: the value of '" + n.word + "'").c_str());
          return Typed{v.node()};
        }
        return Typed{nullptr, v.kind(), v.float_value(), v.integer_value()};
      }
      case FormulaNode::Kind::Unary: {
        Typed operand = walk(n.args[0]);
        // -k and ~True stay scalars that take their partner's type, as -k does in C++.
        if (!operand.node && n.op == Op::Neg && operand.scalar != FormulaValue::Kind::Bool &&
            operand.i != std::numeric_limits<std::int64_t>::min()) {  // -INT64_MIN overflows: an op instead
          operand.f = -operand.f;
          operand.i = -operand.i;
          return operand;
        }
        if (!operand.node && n.op == Op::Not && operand.scalar == FormulaValue::Kind::Bool) {
          operand.i = operand.i ? 0 : 1;
          return operand;
        }
        return Typed{apply(n.op, n, {std::move(operand)})};
      }
      case FormulaNode::Kind::Binary: return Typed{apply(n.op, n, {walk(n.args[0]), walk(n.args[1])})};
      case FormulaNode::Kind::Call: return call(n);
    }
    throw InternalError("formula: a syntax node of unknown kind");
  }

  Typed call(const FormulaNode& n) {
    std::vector<Typed> args;
    for (std::size_t a : n.args) args.push_back(walk(a));
    if (n.word == "where") return Typed{apply(Op::Where, n, std::move(args))};
    bool reduction = false;
    for (const char* f : kReductions) reduction = reduction || n.word == f;
    if (!reduction) return Typed{apply(*op_named(n.word), n, std::move(args))};
    if (!args[0].node) fail(p_.text, n.column, fmt::format("{}() needs an array, not a scalar", n.word));
    Axes axes;
    if (n.args.size() == 2) axes = Axes{static_cast<int>(p_.nodes[n.args[1]].i)};
    if (n.word == "mean") return Typed{mean_node(args[0].node, axes, false)};
    return Typed{reduce_node(*op_named(n.word), args[0].node, axes, false)};
  }

  const FormulaProgram& p_;
  std::span<const FormulaValue> values_;
};

}  // namespace

ir::NodePtr formula_node(const FormulaProgram& program, std::span<const FormulaValue> values) {
  if (values.size() != program.names.size())
    throw ValueError(
        fmt::format("formula '{}': {} values for {} names", program.text, values.size(), program.names.size()));
  return Builder(program, values).build();
}

}  // namespace detail

Formula::Formula(std::string text, std::vector<std::string> names) {
  auto program = std::make_shared<detail::FormulaProgram>();
  program->text = std::move(text);
  program->names = std::move(names);
  detail::Parser parser(*program);
  program->root = parser.parse();
  program_ = std::move(program);
}

const std::string& Formula::text() const { return program_->text; }
const std::vector<std::string>& Formula::names() const { return program_->names; }

ir::NodePtr Formula::checked(ir::NodePtr n, DType want) {
  if (n->dtype != want)
    throw DTypeError(fmt::format("formula: the result is {}, not {}; ask for call<{}> or convert inside the formula",
                                 name_of(n->dtype), name_of(want), name_of(n->dtype)));
  return n;
}

}  // namespace sinter
