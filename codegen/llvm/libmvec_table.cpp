#include "codegen/llvm/libmvec_table.h"

namespace sinter::llvm_backend {
namespace {

struct MathFunction {
  const char* name;  // libm's double function; the float one adds "f"
  int arity;
  bool intrinsic;      // LLVM has llvm.<name>.f32/.f64, which instcombine may turn the call into
  char float_widest;   // the widest variant mapped for float: b, d or e (- none: libm's scalar
  char double_widest;  // function stays); for double
};

// Every function sinter's kernels call in libm (instruction_spelling.cpp) that libmvec has, each
// with the widest variant that keeps it within 2 ulp, as tests/accuracy measures on an AVX-512
// host (docs/accuracy.md). Narrower or none where the wider one is worse: AVX-512's erff is off
// by 4 ulp where AVX2's is within 1.9; arcsin (2.5 to 3 ulp at every width, libm's within 1),
// float arccos and cosh, double expm1 (just over 2) stay libm's. tan misses 2 ulp everywhere,
// libm too: its most accurate variant is used. exp, log, sin and cos are sinter's polynomials;
// sin and cos call libm's only to redo a chunk with huge arguments, where libmvec's double
// variants are off by 2.9 ulp and libm's within 1.3. atan2 and hypot are not measured yet.
// The table shapes the objects the disk cache keeps: bump kPipelineVersion (llvm_jit.cpp) with it.
constexpr MathFunction kFunctions[] = {
    {"sin", 1, true, '-', '-'},    {"cos", 1, true, '-', '-'},    {"tan", 1, true, 'e', 'd'},
    {"exp", 1, true, 'e', 'e'},    {"log", 1, true, 'e', 'e'},    {"pow", 2, true, 'e', 'e'},
    {"exp2", 1, true, 'e', 'e'},   {"log2", 1, true, 'e', 'e'},   {"log10", 1, true, 'd', 'e'},
    {"expm1", 1, false, 'd', '-'}, {"log1p", 1, false, 'e', 'e'}, {"cbrt", 1, false, 'e', 'e'},
    {"sinh", 1, true, 'e', 'e'},   {"cosh", 1, true, '-', 'e'},   {"tanh", 1, true, 'e', 'e'},
    {"asin", 1, true, '-', '-'},   {"acos", 1, true, '-', 'e'},   {"atan", 1, true, 'e', 'e'},
    {"asinh", 1, false, 'e', 'e'}, {"acosh", 1, false, 'e', 'e'}, {"atanh", 1, false, 'e', 'e'},
    {"erf", 1, false, 'd', 'e'},   {"erfc", 1, false, 'e', 'e'},
};

struct Width {
  char isa;  // the vector function ABI's letter: b SSE, d AVX2, e AVX-512 (in this order)
  unsigned float_lanes;
};
constexpr Width kWidths[] = {{'b', 4}, {'d', 8}, {'e', 16}};

}  // namespace

LibmvecTable::LibmvecTable(bool avx512) {
  for (const MathFunction& f : kFunctions)
    for (const Width& w : kWidths) {
      if (w.isa == 'e' && !avx512) continue;
      for (const bool is_float : {true, false}) {
        const char widest = is_float ? f.float_widest : f.double_widest;
        if (widest == '-' || w.isa > widest) continue;
        const unsigned lanes = is_float ? w.float_lanes : w.float_lanes / 2;
        const std::string params(static_cast<std::size_t>(f.arity), 'v');
        const std::string scalar = std::string(f.name) + (is_float ? "f" : "");
        const std::string shape = std::to_string(lanes) + params;  // <lanes><v per argument>
        std::string& vector = names_.emplace_back("_ZGV");
        vector.append(1, w.isa).append("N").append(shape).append("_").append(scalar);
        const std::string& abi = names_.emplace_back("_ZGV_LLVM_N" + shape);
        const auto count = llvm::ElementCount::getFixed(lanes);
        entries_.emplace_back(names_.emplace_back(scalar), vector, count, false, abi);
        if (f.intrinsic)
          entries_.emplace_back(names_.emplace_back("llvm." + std::string(f.name) + (is_float ? ".f32" : ".f64")),
                                vector, count, false, abi);
      }
    }
}

}  // namespace sinter::llvm_backend
