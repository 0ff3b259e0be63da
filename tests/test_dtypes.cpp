// The dtype catalogue (include/sinter/dtypes.def) and the promotion table (promotion.def): every
// dtype round-trips through each table generated from them, and promotion, sum and mean types are
// NumPy's (tests/fixtures/promotion.txt, written by make_promotion_fixtures.py).
#include <cstddef>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "ir/reduce.h"
#include "sinter/reduce.h"
#include "support.h"
#if SINTER_WITH_CUDA
#include "codegen/cuda/cuda_prelude.h"
#include "codegen/cuda/cuda_spelling.h"
#endif

using namespace sinter;

using test::dtype_named;

namespace {

struct NumpyTypes {
  std::vector<std::tuple<DType, DType, DType>> promote;  // (a, b, result_type(a, b))
  std::vector<std::pair<DType, DType>> mean;             // (operand, result)
  std::vector<std::pair<DType, std::string>> sum;        // (operand, NumPy's name of the result)
};

bool in_catalogue(const std::string& name) {
  for (DType t : kAllDTypes)
    if (name_of(t) == name) return true;
  return false;
}

NumpyTypes read_fixture() {
  std::ifstream file(SINTER_FIXTURE_DIR "/promotion.txt");
  REQUIRE_MESSAGE(file, "cannot open " SINTER_FIXTURE_DIR "/promotion.txt");
  NumpyTypes out;
  std::string text;
  while (std::getline(file, text)) {
    std::istringstream line(text);
    std::string kind, a, b, r;
    line >> kind;
    if (kind == "promote") {
      line >> a >> b >> r;
      out.promote.emplace_back(dtype_named(a), dtype_named(b), dtype_named(r));
    } else if (kind == "sum") {
      line >> a >> r;
      out.sum.emplace_back(dtype_named(a), r);
    } else if (kind == "mean") {
      line >> a >> r;
      out.mean.emplace_back(dtype_named(a), dtype_named(r));
    } else {
      REQUIRE_MESSAGE((kind.empty() || kind[0] == '#'), "promotion.txt: unknown record '" << text << "'");
    }
  }
  return out;
}

template <class T> void check_cpp_type(std::size_t i) {
  const DType t = kAllDTypes[i];
  CAPTURE(name_of(t));
  CHECK(dtype_v<T> == t);
  CHECK(sizeof(T) == size_of(t));
  CHECK(std::is_floating_point_v<T> == is_float(t));
  CHECK((std::is_integral_v<T> && !std::is_same_v<T, bool>) == is_integer(t));
}

template <std::size_t... I> void check_cpp_types(std::index_sequence<I...>) {
  (check_cpp_type<std::tuple_element_t<I, ElementTypes>>(I), ...);
}

}  // namespace

TEST_CASE("promote() is NumPy's result_type of two arrays, for every pair of dtypes (tests/fixtures/promotion.txt)") {
  const NumpyTypes numpy = read_fixture();
  std::set<std::pair<DType, DType>> seen;
  // No structured bindings: clang 14 cannot capture them in CAPTURE's lambda.
  for (const auto& entry : numpy.promote) {
    const DType a = std::get<0>(entry), b = std::get<1>(entry), r = std::get<2>(entry);
    CAPTURE(name_of(a));
    CAPTURE(name_of(b));
    CHECK(name_of(promote(a, b)) == name_of(r));
    seen.emplace(a, b);
  }
  // A dtype in the catalogue but not in the fixture: rerun make_promotion_fixtures.py with it.
  CHECK_MESSAGE(seen.size() == kNumDTypes * kNumDTypes,
                "promotion.txt does not cover every pair of dtypes: add the new dtype to "
                "tests/fixtures/make_promotion_fixtures.py and rerun it");
}

TEST_CASE("sum, prod and mean give NumPy's result types for every dtype (tests/fixtures/promotion.txt)") {
  const NumpyTypes numpy = read_fixture();
  CHECK(numpy.sum.size() == kNumDTypes);
  CHECK(numpy.mean.size() == kNumDTypes);
  for (const auto& entry : numpy.sum) {
    const DType t = entry.first;
    CAPTURE(name_of(t));
    CAPTURE(entry.second);
    if (entry.second == "uint64" && !in_catalogue("uint64")) {
      // The one known difference (docs/ops.md, "Dtypes"): NumPy sums unsigned types as uint64,
      // which the catalogue lacks; sinter gives int64, the same bits until the sum passes 2^63.
      CHECK(kind_of(t) == DTypeKind::Unsigned);
      CHECK(detail::sum_dtype(t) == DType::Int64);
    } else {
      CHECK(name_of(detail::sum_dtype(t)) == entry.second);
    }
  }
  for (const auto& entry : numpy.mean) {
    const DType t = entry.first;
    CAPTURE(name_of(t));
    CHECK(name_of(detail::mean_dtype(t)) == name_of(entry.second));
  }
}

TEST_CASE("every dtype of the catalogue round-trips through each table generated from it") {
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < kNumDTypes; ++i) {
    const DType t = kAllDTypes[i];
    CAPTURE(name_of(t));
    CHECK(static_cast<std::size_t>(t) == i);
    CHECK(dtype_info(t).dtype == t);
    CHECK(names.insert(name_of(t)).second);
    CHECK(size_of(t) > 0);
    // The sum types hold every value of the type they sum, and keep its kind of number (bool
    // sums count, as integers).
    const DType sum = dtype_info(t).sum_to, acc = dtype_info(t).sum_accumulator;
    CHECK(size_of(sum) >= size_of(t));
    CHECK(size_of(acc) >= size_of(t));
    CHECK(is_float(sum) == is_float(t));
    CHECK(kind_of(acc) == kind_of(t));
    CHECK(ir::accumulator_dtype(Op::Sum, t) == acc);
    CHECK(ir::accumulator_dtype(Op::Min, t) == t);
    // promote is symmetric and keeps each type with itself and with bool.
    CHECK(promote(t, t) == t);
    CHECK(promote(t, DType::Bool) == t);
    for (DType u : kAllDTypes) CHECK(promote(t, u) == promote(u, t));
    if (is_integer(t)) CHECK(integer_range(t).lo < integer_range(t).hi);
  }
  // The C++ types, in catalogue order (ElementTypes is generated from the same rows).
  static_assert(std::tuple_size_v<ElementTypes> == kNumDTypes);
  check_cpp_types(std::make_index_sequence<kNumDTypes>{});
  // The filtered lists the tests and the fuzzer draw from.
  for (DType t : dtypes_where<is_float>()) CHECK(is_float(t));
  CHECK(dtypes_where<is_float>().size() + dtypes_where<is_integer>().size() + 1 == kNumDTypes);  // + bool
}

#if SINTER_WITH_CUDA
TEST_CASE("every dtype has a CUDA type, a short tag, a vector struct and a sinter_slot member") {
  std::set<std::string_view> types, tags;
  for (DType t : kAllDTypes) {
    CAPTURE(name_of(t));
    CHECK(types.insert(gpu::cuda_type(t)).second);
    CHECK(tags.insert(gpu::cuda_short_name(t)).second);
    const std::string member = " " + std::string(gpu::cuda_type(t)) + " " + std::string(gpu::cuda_short_name(t)) + ";";
    const std::string vector = gpu::vector_struct_name(t, 4);
    CHECK(vector == "sinter_" + std::string(gpu::cuda_short_name(t)) + "x4");
    const std::string prelude = gpu::cuda_prelude(4);
    CHECK(prelude.find("union sinter_slot {") != std::string::npos);
    CHECK(prelude.find(member) != std::string::npos);
    CHECK(prelude.find("struct alignas(" + std::to_string(gpu::vector_alignment(t, 4)) + ") " + vector + " {") !=
          std::string::npos);
  }
}
#endif
