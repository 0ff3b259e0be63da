// dlopen of the CUDA driver and NVRTC at first use, so libsinter has no link-time dependency
// on CUDA and one build runs on machines with or without a GPU.
#pragma once
#include <optional>
#include <span>
#include <string>

namespace sinter::gpu {

/// A shared library opened for the rest of the process (never closed: the driver and NVRTC
/// must outlive every module and context, including during static destruction).
struct LoadedLibrary {
  void* handle = nullptr;
  std::string path;  // the candidate that loaded
};

/// Opens the first candidate that loads. On failure, `failures` lists each candidate with dlerror().
std::optional<LoadedLibrary> load_first_library(std::span<const std::string> candidates, std::string& failures);

/// The address of `symbol`, or nullptr when the library lacks it.
void* find_symbol(const LoadedLibrary& library, const char* symbol);

}  // namespace sinter::gpu
