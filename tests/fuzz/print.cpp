// Printing a case as a doctest case that makes the same fuzz::Checker calls the fuzzer made.
#include <algorithm>
#include <sstream>

#include "fuzz/case.h"

namespace fuzz {
namespace {

// Both spellings come from the dtype catalogue (include/sinter/dtypes.def).
std::string dtype_enum(DType t) {
  switch (t) {
#define SINTER_DTYPE(name, ...) \
  case DType::name:             \
    return "DType::" #name;
#include "sinter/dtypes.def"
#undef SINTER_DTYPE
  }
  return "?";
}

std::string cpp_type(DType t) {
  switch (t) {
#define SINTER_DTYPE(name, spelling, cpp_type, ...) \
  case DType::name:                                 \
    return #cpp_type;
#include "sinter/dtypes.def"
#undef SINTER_DTYPE
  }
  return "?";
}

// The enumerators as the catalogue names them (a spelling such as "floor_divide" is not one).
std::string op_enum(Op op) {
  static constexpr const char* kEnumerators[] = {
#define SINTER_OP(name, spelling, arity, rule) "Op::" #name,
#include "sinter/ops.def"
#undef SINTER_OP
  };
  return kEnumerators[static_cast<std::size_t>(op)];
}

std::string shape_text(const std::vector<std::int64_t>& dims) {
  std::string s = "sinter::Shape{";
  for (std::size_t d = 0; d < dims.size(); ++d) s += (d ? ", " : "") + std::to_string(dims[d]);
  return s + "}";
}

}  // namespace

std::string to_doctest(const Case& c, Mode mode, const Failure& failure) {
  std::ostringstream os;
  std::vector<std::string> names(c.steps.size());
  int values = 0;
  for (std::size_t k = 0; k < c.steps.size(); ++k)
    if (c.steps[k].is_value()) names[k] = std::string("v").append(std::to_string(values++));
  const std::string id =
      std::string("fuzz_").append(std::to_string(c.seed)).append("_").append(std::to_string(c.index));
  // The test's name: the failure's first line up to the element, without quotes, backslashes
  // or semicolons (ctest splits names at them). The comment: every line of the failure (an
  // exception may list a kernel).
  std::string what = failure.text.substr(0, std::min(failure.text.find(" at element"), failure.text.find('\n')));
  for (char& ch : what)
    if (ch == '"' || ch == '\\' || ch == ';') ch = '\'';
  std::string comment = "// ";
  for (char ch : failure.text) comment += ch == '\n' ? std::string("\n// ") : std::string(1, ch);
  os << "// Found by: sinter_fuzz --seed " << c.seed << " --case " << c.index << "\n"
     << comment << "\n"
     << "SINTER_DEVICE_TEST(" << id << ", \"fuzz " << c.seed << "/" << c.index << ": " << what << "\") {\n"
     << "  fuzz::Checker c(device, " << (c.dims.empty() ? std::to_string(c.n) : shape_text(c.dims))
     << ", fuzz::Mode::" << (mode == Mode::EndToEnd ? "EndToEnd" : "EachNode") << ");\n";
  for (std::size_t k = 0; k < c.steps.size(); ++k) {
    const Step& s = c.steps[k];
    auto arg = [&](std::size_t a) { return names[static_cast<std::size_t>(s.args[a])]; };
    std::string lhs = "  ";
    if (s.is_value()) lhs.append("auto ").append(names[k]).append(" = ");
    switch (s.kind) {
      case Step::Input: {
        os << lhs << "c.input<" << cpp_type(s.dtype) << ">({";
        for (std::size_t i = 0; i < s.values.size(); ++i) os << (i ? ", " : "") << value_text(s.dtype, s.values[i]);
        os << "}" << (s.own_shape ? ", " + shape_text(s.dims) : std::string()) << ");\n";
        break;
      }
      case Step::RandomInput: os << lhs << "c.random_input(" << dtype_enum(s.dtype) << ", " << s.seed << "u);\n"; break;
      case Step::BroadcastInput:
        os << lhs << "c.broadcast_input(" << dtype_enum(s.dtype) << ", " << s.seed << "u, " << shape_text(s.dims)
           << ");\n";
        break;
      case Step::ViewInput: os << lhs << "c.view_input(" << dtype_enum(s.dtype) << ", " << s.seed << "u);\n"; break;
      case Step::Scalar:
        os << lhs << "c.scalar<" << cpp_type(s.dtype) << ">(" << value_text(s.dtype, s.values.at(0)) << ");\n";
        break;
      case Step::Index: os << lhs << "c.index();\n"; break;
      case Step::Broadcast: os << lhs << "c.broadcast(" << arg(0) << ");\n"; break;
      case Step::Cast: os << lhs << "c.cast(" << arg(0) << ", " << dtype_enum(s.dtype) << ");\n"; break;
      case Step::Apply: {
        os << lhs << "c.op(" << op_enum(s.op) << ", {";
        for (std::size_t a = 0; a < s.args.size(); ++a) os << (a ? ", " : "") << arg(a);
        os << "});\n";
        break;
      }
      case Step::Reduce: {
        os << lhs << "c.reduce(" << op_enum(s.op) << ", " << arg(0) << ", {";
        for (std::size_t a = 0; a < s.axes.size(); ++a) os << (a ? ", " : "") << s.axes[a];
        os << "}, " << (s.keepdims ? "true" : "false") << ");\n";
        break;
      }
      case Step::Fold: {
        os << lhs << "c.fold(" << op_enum(s.op) << ", " << arg(0) << ", {";
        for (std::size_t a = 0; a < s.axes.size(); ++a) os << (a ? ", " : "") << s.axes[a];
        os << "}, " << (s.keepdims ? "true" : "false") << ");\n";
        break;
      }
      case Step::Dot: os << lhs << "c.dot(" << arg(0) << ", " << arg(1) << ");\n"; break;
      case Step::Loop:
        os << lhs << "c.loop(" << arg(0) << ", " << arg(1) << ", " << op_enum(s.op) << ", " << s.values.at(0) << ");\n";
        break;
      case Step::Branch:
        os << lhs << "c.branch(" << arg(0) << ", " << arg(1) << ", " << arg(2) << ", " << op_enum(s.op) << ");\n";
        break;
      case Step::Hold: os << "  c.hold(" << arg(0) << ");\n"; break;
      case Step::Evaluate: {
        os << "  c.evaluate({";
        for (std::size_t a = 0; a < s.args.size(); ++a) os << (a ? ", " : "") << arg(a);
        os << "});\n";
        break;
      }
    }
  }
  os << "  CHECK_EQ(c.finish(), \"\");\n}\n";
  return os.str();
}

}  // namespace fuzz
