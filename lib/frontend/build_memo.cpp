// The library side of the expressions' build memo (include/sinter/expr.h): the node a named
// intermediate was built into, shared by its copies, returned again only while it is pending.
#include <atomic>
#include <mutex>

#include "ir/node.h"
#include "sinter/detail/graph.h"

namespace sinter::detail {

struct BuildMemo {
  std::atomic<int> references{1};
  std::mutex mutex;  // guards node
  ir::NodePtr node;
};

BuildMemo* new_build_memo() { return new BuildMemo; }

void retain_build_memo(BuildMemo* memo) { memo->references.fetch_add(1, std::memory_order_relaxed); }

void release_build_memo(BuildMemo* memo) {
  if (memo->references.fetch_sub(1, std::memory_order_acq_rel) == 1) delete memo;
}

ir::NodePtr memo_node(BuildMemo* memo) {
  ir::NodePtr node;
  {
    std::lock_guard lock(memo->mutex);
    node = memo->node;
  }
  if (!node) return nullptr;
  if (ir::NodePtr pending = ir::if_interned(node)) return pending;
  // Evaluated (or never interned): build again, and let the memo stop holding its memory.
  std::lock_guard lock(memo->mutex);
  if (memo->node == node) memo->node.reset();
  return nullptr;
}

void set_memo_node(BuildMemo* memo, const ir::NodePtr& node) {
  std::lock_guard lock(memo->mutex);
  memo->node = node;
}

}  // namespace sinter::detail
