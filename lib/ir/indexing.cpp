// Gather and index-check nodes (ir/indexing.h). They are made here rather than by make_op: a
// gather's source is not an operand (the planner reads it at computed positions, never at the
// element it is computing), and an index check's size is a scalar of the node.
#include "ir/indexing.h"

#include <string>

#include "sinter/error.h"

namespace sinter::ir {

NodePtr make_gather(const NodePtr& source, const NodePtr& position,
                    const std::array<std::int64_t, kMaxDims>& base_strides) {
  if (!source || !position) throw EmptyArrayError("gather: an operand is an empty Array");
  if (source->op != Op::Buffer) throw InternalError("gather: the source must be an array in memory");
  if (position->dtype != DType::Int64) throw InternalError("gather: positions must be int64");
  if (!position->device_free && !(position->device == source->device))
    throw DeviceError("gather: the indices are on " + position->device.to_string() + ", the array on " +
                      source->device.to_string() + "; move one with to(device) first");
  auto n = std::make_shared<Node>();
  n->op = Op::Gather;
  n->dtype = source->dtype;
  n->shape = position->shape;
  n->device = source->device;
  n->num_operands = 1;
  {
    std::lock_guard lock(graph_mutex());
    n->operands[0] = resolved(position);
  }
  n->buffer = source->buffer;
  n->offset = source->offset;
  n->strides = base_strides;
  for (int d = n->shape.ndim(); d < kMaxDims; ++d) n->strides[static_cast<std::size_t>(d)] = 0;
  take_sizes_from_operands(*n);
  n->reads_memory = true;
  n->pending_buffers = n->pending_buffers + 1;
  return intern(std::move(n));
}

NodePtr make_index_check(const NodePtr& index, std::int64_t size) {
  if (!index) throw EmptyArrayError("index: the index array is an empty Array");
  if (!is_integer(index->dtype))
    throw DTypeError("index arrays must have an integer type, got " + std::string(name_of(index->dtype)));
  auto n = std::make_shared<Node>();
  n->op = Op::IndexCheck;
  n->dtype = DType::Int64;
  n->num_operands = 2;
  {
    std::lock_guard lock(graph_mutex());
    n->operands[0] = resolved(index);
  }
  n->operands[1] = make_scalar(DType::Int64, static_cast<std::uint64_t>(size));
  n->shape = index->shape;
  n->device = index->device;
  n->device_free = index->device_free;
  take_sizes_from_operands(*n);
  return intern(std::move(n));
}

}  // namespace sinter::ir
