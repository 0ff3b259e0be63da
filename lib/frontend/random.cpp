// The library side of include/sinter/random.h: the Philox node and the conversion of its bits
// to uniform doubles, exact in every backend (integer-valued doubles scaled by powers of two).
#include "sinter/random.h"
#include "ir/node.h"

namespace sinter::random::detail {

Array<std::uint32_t> bits_draw(Key key, const Shape& shape, std::uint64_t draw, Device device) {
  // The key and the draw are kernel parameters: a new key reuses the compiled kernel. The index
  // is 1-D (the planner reads an index only in the flat order of a kernel's own space), so an
  // array of more dimensions is computed into memory and reshaped (docs/random.md, "Cost").
  const ir::NodePtr operands[] = {ir::make_index(Shape::vector(shape.numel()), device),
                                  ir::make_scalar(DType::Int64, draw), ir::make_scalar(DType::Int64, key.value())};
  auto flat = Array<std::uint32_t>::from_value(ir::make_op(Op::Philox, operands));
  return shape.ndim() == 1 ? flat : flat.reshape(shape);
}

Array<double> unit_double(Key key, const Shape& shape, std::uint64_t draw, bool wide, Device device) {
  const auto top_bits = [&](std::uint64_t d, double scale) {
    return floor(cast<double>(bits_draw(key, shape, d, device)) * scale);
  };
  if (!wide) return Array<double>(top_bits(draw, 0x1p-8) * 0x1p-24);  // 24 bits
  // 27 + 26 = 53 bits from two draws, as an integer below 2^53, then scaled.
  return Array<double>((top_bits(draw, 0x1p-5) * 0x1p26 + top_bits(draw + 1, 0x1p-6)) * 0x1p-53);
}

}  // namespace sinter::random::detail
