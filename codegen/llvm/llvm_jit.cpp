// ORC LLJIT set-up and the optimization pipeline: the host's exact CPU, the O3 pipeline, and a
// TargetLibraryInfo that maps libm calls to glibc's libmvec vector variants (AVX2 and SSE
// widths), so loops with tanh, erf or pow vectorize. exp, log, sin and cos are sinter's own
// inline polynomials (vector_math.h); libm's sin and cos serve only the rare redo of a chunk with
// huge arguments.
#include "codegen/llvm/llvm_jit.h"

#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/Analysis/TargetTransformInfo.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/ExecutorProcessControl.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/TaskDispatch.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/DiagnosticHandler.h>
#include <llvm/IR/DiagnosticInfo.h>
#include <llvm/IR/DiagnosticPrinter.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/CommandLine.h>
#include <llvm/Support/DynamicLibrary.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <atomic>
#include <mutex>

#include "codegen/llvm/lower_to_llvm.h"
#include "config.h"
#include "ir/verify.h"
#include "logging.h"
#include "process.h"
#include "sinter/error.h"

namespace sinter::llvm_backend {
namespace {

std::string message(llvm::Error e) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << e;
  return os.str();
}

// libmvec variants LLVM 19's LIBMVEC_X86 table lacks (glibc has had them since 2.35).
const llvm::VecDesc kExtraVectorFunctions[] = {
    {"tanhf", "_ZGVbN4v_tanhf", llvm::ElementCount::getFixed(4), false, "_ZGV_LLVM_N4v"},
    {"tanhf", "_ZGVdN8v_tanhf", llvm::ElementCount::getFixed(8), false, "_ZGV_LLVM_N8v"},
    {"tanh", "_ZGVbN2v_tanh", llvm::ElementCount::getFixed(2), false, "_ZGV_LLVM_N2v"},
    {"tanh", "_ZGVdN4v_tanh", llvm::ElementCount::getFixed(4), false, "_ZGV_LLVM_N4v"},
    {"erff", "_ZGVbN4v_erff", llvm::ElementCount::getFixed(4), false, "_ZGV_LLVM_N4v"},
    {"erff", "_ZGVdN8v_erff", llvm::ElementCount::getFixed(8), false, "_ZGV_LLVM_N8v"},
    {"erf", "_ZGVbN2v_erf", llvm::ElementCount::getFixed(2), false, "_ZGV_LLVM_N2v"},
    {"erf", "_ZGVdN4v_erf", llvm::ElementCount::getFixed(4), false, "_ZGV_LLVM_N4v"},
};

struct TrackedCode final : CpuKernelCode {
  llvm::orc::ResourceTrackerSP tracker;
  explicit TrackedCode(llvm::orc::ResourceTrackerSP t) : tracker(std::move(t)) {}
  ~TrackedCode() override {
    // While the process exits, LLVM's statics may be gone: the code stays mapped until the end.
    if (!process::CompilerUse::try_enter()) return;
    // Failure here leaves only the code mapped; nothing to recover, so it is logged.
    if (auto err = tracker->remove()) log().warn("could not free a kernel's code: {}", message(std::move(err)));
    process::CompilerUse::leave();
  }
};

const char* severity_name(llvm::DiagnosticSeverity severity) {
  switch (severity) {
    case llvm::DS_Error: return "error";
    case llvm::DS_Warning: return "warning";
    case llvm::DS_Remark: return "remark";
    case llvm::DS_Note: return "note";
  }
  return "diagnostic";
}

/// LLVM's diagnostics for one kernel. Without a handler LLVM prints remarks and warnings to
/// stderr, which belongs to the host program (the loop vectorizer's "loop not vectorized"
/// remarks are always printed for loops with vectorize hints), and exits on an error. Remarks,
/// warnings and notes go to the log at debug level; errors are kept for a CompileError.
class KernelDiagnostics final : public llvm::DiagnosticHandler {
 public:
  KernelDiagnostics(std::string kernel, std::shared_ptr<std::vector<std::string>> errors)
      : kernel_(std::move(kernel)), errors_(std::move(errors)) {}

  bool handleDiagnostics(const llvm::DiagnosticInfo& info) override {
    std::string text;
    llvm::raw_string_ostream os(text);
    llvm::DiagnosticPrinterRawOStream printer(os);
    info.print(printer);
    os.flush();
    if (info.getSeverity() == llvm::DS_Error) errors_->push_back(text);
    else log().debug("LLVM {} for {}: {}", severity_name(info.getSeverity()), kernel_, text);
    return true;  // handled: LLVM prints nothing
  }

 private:
  std::string kernel_;
  std::shared_ptr<std::vector<std::string>> errors_;  // codegen runs on the compiling thread
};

/// Throws CompileError when LLVM reported errors for `kernel`.
void throw_if_errors(const std::vector<std::string>& errors, const std::string& kernel) {
  if (errors.empty()) return;
  std::string all;
  for (const auto& e : errors) all += (all.empty() ? "" : "; ") + e;
  throw CompileError("LLVM could not compile " + kernel + ": " + all);
}

/// The vector register width the loop vectorizer plans with on this target (a fixed-width
/// vector, in bits): asked of the target's cost model through a throwaway function.
unsigned vector_register_bits(llvm::TargetMachine& machine) {
  llvm::LLVMContext context;
  llvm::Module module("sinter_probe", context);
  auto* type = llvm::FunctionType::get(llvm::Type::getVoidTy(context), false);
  auto* probe = llvm::Function::Create(type, llvm::Function::ExternalLinkage, "probe", module);
  const llvm::TargetTransformInfo tti = machine.getTargetTransformInfo(*probe);
  return static_cast<unsigned>(
      tti.getRegisterBitWidth(llvm::TargetTransformInfo::RGK_FixedWidthVector).getFixedValue());
}

class Jit {
 public:
  Jit() {
    llvm::InitializeNativeTarget();
    // No vectorized epilogue after the main vector loop: it would double the machine code of a
    // long kernel (and its compile time) to speed up at most one partial vector per chunk.
    if (auto* option = llvm::cl::getRegisteredOptions().lookup("enable-epilogue-vectorization"))
      static_cast<llvm::cl::opt<bool>*>(option)->setValue(false);
    llvm::InitializeNativeTargetAsmPrinter();
    std::string error;
    // The vector math functions the optimized code calls; resolved from the process below.
    have_libmvec_ = !llvm::sys::DynamicLibrary::LoadLibraryPermanently("libmvec.so.1", &error);

    auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
    if (!builder) throw CompileError("LLVM cannot describe the host CPU: " + message(builder.takeError()));
    builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
    machine_builder_ = std::make_unique<llvm::orc::JITTargetMachineBuilder>(*builder);
    auto machine = machine_builder_->createTargetMachine();
    if (!machine) throw CompileError("LLVM cannot create a target machine: " + message(machine.takeError()));
    machine_ = std::move(*machine);
    vector_bits_ = vector_register_bits(*machine_);

    // Concurrent compilation: each compile gets its own TargetMachine for code generation (a
    // shared one races). Materialization runs on the thread that asked for the kernel (an
    // in-place dispatcher), so the JIT starts no threads of its own and a kernel's code is
    // always released by the thread that drops the kernel.
    auto process =
        llvm::orc::SelfExecutorProcessControl::Create(nullptr, std::make_unique<llvm::orc::InPlaceTaskDispatcher>());
    if (!process) throw CompileError("cannot start the LLVM JIT: " + message(process.takeError()));
    auto jit = llvm::orc::LLJITBuilder()
                   .setJITTargetMachineBuilder(*machine_builder_)
                   .setExecutorProcessControl(std::move(*process))
                   .setSupportConcurrentCompilation(true)
                   .create();
    if (!jit) throw CompileError("cannot start the LLVM JIT: " + message(jit.takeError()));
    jit_ = std::move(*jit);
    auto generator =
        llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(jit_->getDataLayout().getGlobalPrefix());
    if (!generator) throw CompileError("LLVM JIT symbol search: " + message(generator.takeError()));
    jit_->getMainJITDylib().addGenerator(std::move(*generator));
    // LLVM is initialized: an exit handler registered now runs before its statics' destructors.
    process::register_exit_handler();
  }

  std::unique_ptr<CpuKernelCode> compile(const ir::KernelIR& kernel) {
    ir::verify(kernel);  // lower_to_llvm assumes well-formed IR; cache hits never get here
    // A fresh symbol per compile: the same structure may be compiled again after a cache clear.
    const std::string symbol = kernel.name() + "_" + std::to_string(serial_.fetch_add(1));
    auto context = std::make_unique<llvm::LLVMContext>();
    auto errors = std::make_shared<std::vector<std::string>>();
    context->setDiagnosticHandler(std::make_unique<KernelDiagnostics>(kernel.name(), errors));
    std::unique_ptr<llvm::Module> module;
    {
      std::lock_guard lock(mutex_);  // the TargetMachine is not thread-safe
      module =
          lower_to_llvm(kernel, symbol, *context, jit_->getDataLayout(), machine_->getTargetTriple(), vector_bits_);
      optimize(*module);
    }
    throw_if_errors(*errors, kernel.name());
    if (config::dump_dir()) {
      std::string text;
      llvm::raw_string_ostream os(text);
      module->print(os, nullptr);
      config::dump(kernel.name() + ".ll", os.str());
    }
    // Each kernel's code is tracked on its own so that it can be freed with the kernel.
    auto code = std::make_unique<TrackedCode>(jit_->getMainJITDylib().createResourceTracker());
    if (auto err = jit_->addIRModule(code->tracker, llvm::orc::ThreadSafeModule(std::move(module), std::move(context))))
      throw CompileError("LLVM JIT rejected " + kernel.name() + ": " + message(std::move(err)));
    auto address = jit_->lookup(symbol);  // generates the machine code, on this thread
    throw_if_errors(*errors, kernel.name());
    if (!address) throw CompileError("LLVM JIT could not build " + kernel.name() + ": " + message(address.takeError()));
    if (kernel.is_reduction()) {
      code->reduce_fn = address->toPtr<CpuReduceFn>();
      code->by_columns = reduces_by_columns(kernel);
    } else code->fn = address->toPtr<CpuKernelFn>();
    return code;
  }

 private:
  void optimize(llvm::Module& module) {
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PipelineTuningOptions tuning;
    tuning.LoopVectorization = true;
    tuning.SLPVectorization = true;
    tuning.LoopUnrolling = true;
    llvm::PassBuilder passes(machine_.get(), tuning);

    llvm::TargetLibraryInfoImpl library(machine_->getTargetTriple());
    if (have_libmvec_) {
      library.addVectorizableFunctionsFromVecLib(llvm::TargetLibraryInfoImpl::LIBMVEC_X86, machine_->getTargetTriple());
      library.addVectorizableFunctions(kExtraVectorFunctions);
    }
    fam.registerPass([&] { return llvm::TargetLibraryAnalysis(library); });
    passes.registerModuleAnalyses(mam);
    passes.registerCGSCCAnalyses(cgam);
    passes.registerFunctionAnalyses(fam);
    passes.registerLoopAnalyses(lam);
    passes.crossRegisterProxies(lam, fam, cgam, mam);
    passes.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3).run(module, mam);
  }

  std::mutex mutex_;
  std::atomic<std::uint64_t> serial_{0};
  bool have_libmvec_ = false;
  std::unique_ptr<llvm::orc::JITTargetMachineBuilder> machine_builder_;
  std::unique_ptr<llvm::TargetMachine> machine_;
  unsigned vector_bits_ = 0;  // the vectorizer's register width on this host (lower_to_llvm)
  std::unique_ptr<llvm::orc::LLJIT> jit_;
};

Jit& jit() {
  static auto* instance = new Jit;  // lives as long as the process: compiled code stays valid
  return *instance;
}

}  // namespace

std::unique_ptr<CpuKernelCode> compile_cpu_kernel(const ir::KernelIR& kernel) { return jit().compile(kernel); }

}  // namespace sinter::llvm_backend
