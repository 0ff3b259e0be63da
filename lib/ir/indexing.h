// Data-dependent reads in the node graph (docs/indexing.md): a gather reads an array in memory at
// positions computed per element, an index check turns a user's integer index into a position
// along one axis (NumPy's wrapping of negative indices) and flags indices out of range. The
// planner (fuse/plan.cpp) emits both as kernel instructions; a kernel with index checks gets an
// error word that evaluate.cpp reads after the launch (IndexError, naming the first bad index).
#pragma once
#include <array>
#include <cstdint>

#include "ir/node.h"

namespace sinter::ir {

/// The elements of `source` (a Buffer node: an array in memory or a view) at `position` (an int64
/// node of the result's shape), a pending node of that shape and source's type. Element e of the
/// result reads source's buffer at source's offset + sum_d c_d * base_strides[d] + position[e],
/// c being e's coordinates: the base strides say how the result's axes that are not indexed walk
/// the source (0 along the axes of the index arrays). Throws DeviceError when the two are on
/// different devices.
NodePtr make_gather(const NodePtr& source, const NodePtr& position,
                    const std::array<std::int64_t, kMaxDims>& base_strides);

/// `index` (a node of any integer type) as a position along an axis of `size` elements: int64,
/// index + size where index < 0. An index outside [-size, size) yields 0 and is reported by the
/// kernel that computes it: evaluation then throws IndexError naming the first such index of
/// `index` and where it is. Throws DTypeError for a non-integer index.
NodePtr make_index_check(const NodePtr& index, std::int64_t size);

}  // namespace sinter::ir
