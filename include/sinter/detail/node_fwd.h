// Forward declaration of the IR node, so that public headers can hold one without seeing the IR.
#pragma once
#include <memory>

namespace sinter::ir {
struct Node;
using NodePtr = std::shared_ptr<Node>;
}  // namespace sinter::ir
