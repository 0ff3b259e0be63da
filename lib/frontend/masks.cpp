// The library side of include/sinter/masks.h: the mask's true positions, and its checks.
#include "sinter/masks.h"
#include "ir/node.h"

namespace sinter::detail {

std::vector<std::int64_t> true_positions(const ir::NodePtr& mask, Shape& shape) {
  const Array<bool> m(mask);
  shape = m.shape();
  const std::vector<bool> values = m.to_vector();
  std::vector<std::int64_t> positions;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i]) positions.push_back(static_cast<std::int64_t>(i));
  return positions;
}

void check_mask(const ir::NodePtr& x, const ir::NodePtr& mask, const char* call) {
  if (!x || !mask) throw EmptyArrayError(std::string(call) + ": an empty Array (default-constructed or moved-from)");
  if (!(mask->shape == x->shape))
    throw ShapeError(std::string(call) + ": the mask has shape " + mask->shape.to_string() + " and the array " +
                     x->shape.to_string() + "; a boolean mask must have the array's shape");
  if (!(mask->device == x->device) && !mask->device_free && !x->device_free)
    throw DeviceError(std::string(call) + ": the mask is on " + mask->device.to_string() + " and the array on " +
                      x->device.to_string());
}

}  // namespace sinter::detail
