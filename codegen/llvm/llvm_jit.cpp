// ORC LLJIT set-up and the optimization pipeline: the host's exact CPU, the O3 pipeline, and a
// TargetLibraryInfo that maps libm calls to glibc's libmvec vector variants (libmvec_table.h),
// so loops with tan, erf or pow vectorize. exp, log, sin and cos are sinter's own
// inline polynomials (vector_math.h); libm's sin and cos serve only the rare redo of a chunk with
// huge arguments. Compiled objects go to the disk kernel cache (runtime/cache, shared with the
// CUDA backend), so another process gets a kernel without optimizing or generating code.
#include "codegen/llvm/llvm_jit.h"

#include <llvm/Analysis/TargetLibraryInfo.h>
#include <llvm/Analysis/TargetTransformInfo.h>
#include <llvm/Config/llvm-config.h>
#include <llvm/ExecutionEngine/ObjectCache.h>
#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
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
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include <atomic>
#include <mutex>

#include "codegen/llvm/fold_kernel.h"
#include "codegen/llvm/libmvec_table.h"
#include "codegen/llvm/lower_to_llvm.h"
#include "codegen/llvm/one_math_variant.h"
#include "config.h"
#include "counters_internal.h"
#include "ir/verify.h"
#include "logging.h"
#include "process.h"
#include "runtime/cache/disk_cache.h"
#include "sinter/error.h"

namespace sinter::llvm_backend {
namespace {

std::string message(llvm::Error e) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << e;
  return os.str();
}

// Each kernel lives in a JITDylib of its own: its symbol is the kernel's structural name, the
// same in every process (so objects from the disk cache can be linked), and a structure compiled
// again after a cache clear, while the old code is still in use, does not clash with it.
struct TrackedCode final : CpuKernelCode {
  llvm::orc::ExecutionSession& session;
  llvm::orc::JITDylib& dylib;
  TrackedCode(llvm::orc::ExecutionSession& s, llvm::orc::JITDylib& d) : session(s), dylib(d) {}
  ~TrackedCode() override {
    // While the process exits, LLVM's statics may be gone: the code stays mapped until the end.
    if (!process::CompilerUse::try_enter()) return;
    // Failure here leaves only the code mapped; nothing to recover, so it is logged.
    if (auto err = session.removeJITDylib(dylib))
      log().warn("could not free a kernel's code: {}", message(std::move(err)));
    process::CompilerUse::leave();
  }
};

// Stores each object the JIT compiles for a module whose identifier names a disk-cache key.
// Loads go around it (Jit::compile looks the key up before optimizing, which a hit skips).
class DiskObjectStore final : public llvm::ObjectCache {
 public:
  static constexpr std::string_view kPrefix = "sinter-disk-cache:";
  std::string target;  // the JIT's cache target, recorded in each entry
  void notifyObjectCompiled(const llvm::Module* module, llvm::MemoryBufferRef object) override {
    const std::string& id = module->getModuleIdentifier();
    if (id.rfind(kPrefix, 0) != 0) return;
    cache::DiskCache* disk = cache::process_disk_cache();
    if (!disk) return;
    const std::string hex = id.substr(kPrefix.size());
    cache::Hash128 key;
    key.high = std::stoull(hex.substr(0, 16), nullptr, 16);
    key.low = std::stoull(hex.substr(16, 16), nullptr, 16);
    disk->store(key, target, std::span<const char>(object.getBufferStart(), object.getBufferSize()));
  }
  std::unique_ptr<llvm::MemoryBuffer> getObject(const llvm::Module*) override { return nullptr; }
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
    libmvec_ = std::make_unique<LibmvecTable>(machine_->getTargetFeatureString().contains("+avx512f"));

    // Concurrent compilation: each compile gets its own TargetMachine for code generation (a
    // shared one races). Materialization runs on the thread that asked for the kernel (an
    // in-place dispatcher), so the JIT starts no threads of its own and a kernel's code is
    // always released by the thread that drops the kernel.
    auto process =
        llvm::orc::SelfExecutorProcessControl::Create(nullptr, std::make_unique<llvm::orc::InPlaceTaskDispatcher>());
    if (!process) throw CompileError("cannot start the LLVM JIT: " + message(process.takeError()));
    auto jit =
        llvm::orc::LLJITBuilder()
            .setJITTargetMachineBuilder(*machine_builder_)
            .setExecutorProcessControl(std::move(*process))
            .setSupportConcurrentCompilation(true)
            .setCompileFunctionCreator([this](llvm::orc::JITTargetMachineBuilder for_compiles)
                                           -> llvm::Expected<std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> {
              return std::make_unique<llvm::orc::ConcurrentIRCompiler>(std::move(for_compiles), &object_store_);
            })
            .create();
    if (!jit) throw CompileError("cannot start the LLVM JIT: " + message(jit.takeError()));
    jit_ = std::move(*jit);
    auto generator =
        llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(jit_->getDataLayout().getGlobalPrefix());
    if (!generator) throw CompileError("LLVM JIT symbol search: " + message(generator.takeError()));
    jit_->getMainJITDylib().addGenerator(std::move(*generator));
    // What else determines the object, besides the unoptimized IR: the exact CPU and its
    // features (an AVX-512 object must not load on an AVX2 host), LLVM, and the pipeline.
    target_ = machine_->getTargetTriple().str() + " " + machine_->getTargetCPU().str() + " " +
              machine_->getTargetFeatureString().str();
    options_ = {"O3", "vector-bits=" + std::to_string(vector_bits_), have_libmvec_ ? "libmvec" : "no-libmvec",
                "no-epilogue-vectorization", "pipeline=" + std::to_string(kPipelineVersion)};
    // Everything the key hashes besides the IR, in words: an entry's target (docs/caching.md).
    cache_target_ = "cpu: " + std::string(kCompilerVersion) + "; " + target_ + ";";
    for (const std::string& option : options_) cache_target_ += " " + option;
    object_store_.target = cache_target_;
    // LLVM is initialized: an exit handler registered now runs before its statics' destructors.
    process::register_exit_handler();
  }

  std::unique_ptr<CpuKernelCode> compile(const ir::KernelIR& kernel) {
    ir::verify(kernel);  // lower_to_llvm assumes well-formed IR; cache hits never get here
    cache::DiskCache* disk = cache::process_disk_cache();  // null when off; ConfigError for bad settings
    const std::string symbol = kernel.name();
    auto context = std::make_unique<llvm::LLVMContext>();
    auto errors = std::make_shared<std::vector<std::string>>();
    context->setDiagnosticHandler(std::make_unique<KernelDiagnostics>(kernel.name(), errors));
    std::unique_ptr<llvm::Module> module;
    {
      std::lock_guard lock(mutex_);  // the TargetMachine is not thread-safe
      module =
          lower_to_llvm(kernel, symbol, *context, jit_->getDataLayout(), machine_->getTargetTriple(), vector_bits_);
    }
    std::optional<cache::Hash128> key;
    if (disk && !config::dump_dir()) {  // a dump directory wants every kernel compiled and dumped
      std::string text;
      llvm::raw_string_ostream os(text);
      module->print(os, nullptr);
      key = cache::kernel_cache_key(os.str(), kCompilerVersion, target_, options_);
      if (auto object = disk->load(*key)) {
        if (auto code = link_object(kernel, *object)) return code;
      }
    }
    {
      std::lock_guard lock(mutex_);
      optimize(*module);
    }
    throw_if_errors(*errors, kernel.name());
    if (config::dump_dir()) {
      std::string text;
      llvm::raw_string_ostream os(text);
      module->print(os, nullptr);
      config::dump(kernel.name() + ".ll", os.str());
    }
    // The compile layer stores the object under this key as it generates it (DiskObjectStore).
    if (key) module->setModuleIdentifier(std::string(DiskObjectStore::kPrefix) + key->hex());
    auto code = new_code();
    if (auto err = jit_->addIRModule(code->dylib, llvm::orc::ThreadSafeModule(std::move(module), std::move(context))))
      throw CompileError("LLVM JIT rejected " + kernel.name() + ": " + message(std::move(err)));
    auto address = jit_->lookup(code->dylib, symbol);  // generates the machine code, on this thread
    throw_if_errors(*errors, kernel.name());
    if (!address) throw CompileError("LLVM JIT could not build " + kernel.name() + ": " + message(address.takeError()));
    finish(*code, kernel, address->toPtr<void*>());
    return code;
  }

  const std::string& cache_target() const { return cache_target_; }

  /// True once a kernel has come from the disk cache (tests; docs/caching.md).
  std::uint64_t disk_hits() const { return disk_hits_.load(); }

 private:
  // Bump when optimize() or the JIT's code generation settings change: cached objects from the
  // old pipeline must not be loaded (the IR text and LLVM's version are in the key already).
  static constexpr int kPipelineVersion = 4;
  static constexpr std::string_view kCompilerVersion = "LLVM " LLVM_VERSION_STRING;

  std::unique_ptr<TrackedCode> new_code() {
    auto dylib = jit_->createJITDylib("sinter_kernel_" + std::to_string(serial_.fetch_add(1)));
    if (!dylib) throw CompileError("LLVM JIT: cannot create a JITDylib: " + message(dylib.takeError()));
    dylib->addToLinkOrder(jit_->getMainJITDylib());  // libm, libmvec: the process's symbols
    return std::make_unique<TrackedCode>(jit_->getExecutionSession(), *dylib);
  }

  static void finish(TrackedCode& code, const ir::KernelIR& kernel, void* entry) {
    if (kernel.is_reduction()) {
      code.reduce_fn = reinterpret_cast<CpuReduceFn>(entry);
      code.by_columns = reduces_by_columns(kernel) && !has_folds(kernel);  // a fold walks each output's elements
    } else {
      code.fn = reinterpret_cast<CpuKernelFn>(entry);
    }
  }

  // A kernel from a cached object, or null when the object does not link (then it is compiled,
  // and the new object replaces the entry).
  std::unique_ptr<TrackedCode> link_object(const ir::KernelIR& kernel, const std::vector<char>& object) {
    auto code = new_code();
    auto buffer = llvm::MemoryBuffer::getMemBufferCopy(llvm::StringRef(object.data(), object.size()), kernel.name());
    llvm::Error err = jit_->addObjectFile(code->dylib, std::move(buffer));
    if (!err) {
      auto address = jit_->lookup(code->dylib, kernel.name());
      if (address) {
        finish(*code, kernel, address->toPtr<void*>());
        disk_hits_.fetch_add(1);
        detail::count_disk_hit();
        return code;
      }
      err = address.takeError();
    }
    log().warn("the disk cache's object for {} does not link ({}); compiling it again", kernel.name(),
               message(std::move(err)));
    return nullptr;
  }

  void optimize(llvm::Module& module) {
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PipelineTuningOptions tuning;
    tuning.LoopVectorization = true;
    // No SLP vectorizer: LLVM 19's narrows integer operations below the width their casts need
    // (int8 -105 cast to uint32, xor'd, converted to double: 151 instead of 4294967191; fuzz case
    // 888938523281/2793), and kernels are written for the loop vectorizer, which SLP adds nothing
    // to (bench/results/cpu-2026-12-07-no-slp.md).
    tuning.SLPVectorization = false;
    tuning.LoopUnrolling = true;
    llvm::PassBuilder passes(machine_.get(), tuning);

    llvm::TargetLibraryInfoImpl library(machine_->getTargetTriple());
    if (have_libmvec_) { library.addVectorizableFunctions(libmvec_->entries()); }
    fam.registerPass([&] { return llvm::TargetLibraryAnalysis(library); });
    passes.registerModuleAnalyses(mam);
    passes.registerCGSCCAnalyses(cgam);
    passes.registerFunctionAnalyses(fam);
    passes.registerLoopAnalyses(lam);
    passes.crossRegisterProxies(lam, fam, cgam, mam);
    passes.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3).run(module, mam);
    if (have_libmvec_) use_one_math_variant(module, library);
  }

  std::mutex mutex_;
  std::atomic<std::uint64_t> serial_{0};
  bool have_libmvec_ = false;
  std::unique_ptr<LibmvecTable> libmvec_;  // the vector variants the vectorizer may call
  std::unique_ptr<llvm::orc::JITTargetMachineBuilder> machine_builder_;
  std::unique_ptr<llvm::TargetMachine> machine_;
  unsigned vector_bits_ = 0;  // the vectorizer's register width on this host (lower_to_llvm)
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  DiskObjectStore object_store_;
  std::string target_;
  std::vector<std::string> options_;
  std::string cache_target_;
  std::atomic<std::uint64_t> disk_hits_{0};
};

Jit& jit() {
  static auto* instance = new Jit;  // lives as long as the process: compiled code stays valid
  return *instance;
}

}  // namespace

std::unique_ptr<CpuKernelCode> compile_cpu_kernel(const ir::KernelIR& kernel) {
  // A row kernel runs as its phases' kernels (ir/row_phases.h), compiled one by one.
  if (kernel.is_row_kernel()) throw InternalError("compile_cpu_kernel: row kernel " + kernel.name() + " given whole");
  return jit().compile(kernel);
}

std::uint64_t cpu_kernels_from_disk() { return jit().disk_hits(); }

std::string cpu_cache_target() { return jit().cache_target(); }

}  // namespace sinter::llvm_backend
