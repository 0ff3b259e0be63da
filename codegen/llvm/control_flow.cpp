// Kernel-IR control flow as LLVM blocks and phis (control_flow.h). Inside a loop or a branch
// sin and cos use libm (no fast_trig): the fast path's running "needs libm" flag is an SSA value
// of the element block, which a value defined in a loop's body would not dominate.
#include "codegen/llvm/control_flow.h"

#include <llvm/IR/Instructions.h>

#include "codegen/llvm/instruction_spelling.h"
#include "sinter/error.h"

namespace sinter::llvm_backend {
namespace {

using llvm::BasicBlock;
using llvm::Value;

// A loop or an if being written.
struct OpenRegion {
  bool loop = false;
  BasicBlock* before = nullptr;  // a loop's preheader
  BasicBlock* body = nullptr;    // a loop's body, an if's else block
  BasicBlock* exit = nullptr;    // after the loop, or the if's merge block
  llvm::PHINode* trips = nullptr;
  std::vector<llvm::PHINode*> states;
  BasicBlock* then_end = nullptr;  // an if: where each branch ends
  BasicBlock* else_end = nullptr;
};

}  // namespace

void spell_instructions(LoweringContext& cx, std::vector<Value*>& v, Value* i, bool per_output) {
  const ir::KernelIR& k = cx.kernel;
  auto& b = cx.builder;
  llvm::LLVMContext& c = cx.context;
  llvm::Function* fn = b.GetInsertBlock()->getParent();
  auto arg = [&](const ir::Instr& in, int a) {
    return v[static_cast<std::size_t>(in.args[static_cast<std::size_t>(a)])];
  };
  std::vector<OpenRegion> open;
  OpenRegion closed_if;  // the if whose results follow
  const bool fast_trig = cx.fast_trig;
  for (std::size_t j = 0; j < k.body.size(); ++j) {
    const ir::Instr& in = k.body[j];
    if (in.per_output != per_output || is_reduction(in.op)) continue;
    switch (in.op) {
      case Op::LoopBegin: {
        OpenRegion r;
        r.loop = true;
        r.before = b.GetInsertBlock();
        auto* header = BasicBlock::Create(c, "loop", fn);
        r.body = BasicBlock::Create(c, "loop_body", fn);
        r.exit = BasicBlock::Create(c, "loop_exit", fn);
        b.CreateBr(header);
        b.SetInsertPoint(header);
        r.trips = b.CreatePHI(b.getInt64Ty(), 2, "trips");
        r.trips->addIncoming(b.getInt64(0), r.before);
        v[j] = r.trips;
        open.push_back(r);
        cx.fast_trig = false;
        break;
      }
      case Op::LoopState: {
        llvm::PHINode* phi = b.CreatePHI(value_type(c, in.dtype), 2, "state");
        phi->addIncoming(arg(in, 0), open.back().before);
        open.back().states.push_back(phi);
        v[j] = phi;
        break;
      }
      case Op::LoopCond: {
        OpenRegion& r = open.back();
        Value* cap = arg(k.body[static_cast<std::size_t>(in.args[0])], 0);
        v[j] = b.CreateAnd(arg(in, 1), b.CreateICmpSLT(r.trips, cap), "going");
        b.CreateCondBr(v[j], r.body, r.exit);
        b.SetInsertPoint(r.body);
        break;
      }
      case Op::LoopNext: v[j] = arg(in, 0); break;
      case Op::LoopEnd: {
        OpenRegion r = open.back();
        open.pop_back();
        BasicBlock* latch = b.GetInsertBlock();
        for (std::size_t s = 0; s < r.states.size(); ++s)
          r.states[s]->addIncoming(v[j - r.states.size() + s], latch);  // the next values precede the end
        r.trips->addIncoming(b.CreateAdd(r.trips, b.getInt64(1), "trips.next", true, true), latch);
        b.CreateBr(r.trips->getParent());
        b.SetInsertPoint(r.exit);
        if (open.empty()) cx.fast_trig = fast_trig;
        break;
      }
      case Op::IfBegin: {
        OpenRegion r;
        auto* then_block = BasicBlock::Create(c, "then", fn);
        r.body = BasicBlock::Create(c, "else", fn);
        r.exit = BasicBlock::Create(c, "end_if", fn);
        v[j] = arg(in, 0);
        b.CreateCondBr(v[j], then_block, r.body);
        b.SetInsertPoint(then_block);
        open.push_back(r);
        cx.fast_trig = false;
        break;
      }
      case Op::IfElse:
        open.back().then_end = b.GetInsertBlock();
        b.CreateBr(open.back().exit);
        b.SetInsertPoint(open.back().body);
        break;
      case Op::IfEnd:
        closed_if = open.back();
        open.pop_back();
        closed_if.else_end = b.GetInsertBlock();
        b.CreateBr(closed_if.exit);
        b.SetInsertPoint(closed_if.exit);
        if (open.empty()) cx.fast_trig = fast_trig;
        break;
      case Op::IfResult: {
        llvm::PHINode* phi = b.CreatePHI(value_type(c, in.dtype), 2, "if_result");
        phi->addIncoming(arg(in, 1), closed_if.then_end);
        phi->addIncoming(arg(in, 2), closed_if.else_end);
        v[j] = phi;
        break;
      }
      default: v[j] = spell_instruction(cx, in, v, i);
    }
  }
  cx.fast_trig = fast_trig;
}

}  // namespace sinter::llvm_backend
