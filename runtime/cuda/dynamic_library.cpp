// Thin wrapper over dlopen/dlsym that keeps dlerror() text for the DeviceUnavailable message.
#include "runtime/cuda/dynamic_library.h"

#include <dlfcn.h>

namespace sinter::gpu {

std::optional<LoadedLibrary> load_first_library(std::span<const std::string> candidates, std::string& failures) {
  for (const std::string& candidate : candidates) {
    if (void* handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL)) return LoadedLibrary{handle, candidate};
    const char* why = dlerror();
    failures += "\n  " + candidate + ": " + (why ? why : "unknown dlopen error");
  }
  return std::nullopt;
}

void* find_symbol(const LoadedLibrary& library, const char* symbol) { return dlsym(library.handle, symbol); }

}  // namespace sinter::gpu
