// The logger the CUDA backend and the disk cache write to: the core's "sinter" logger, or
// spdlog's default logger when the core has not created it yet (tests, early start-up).
#pragma once
#include <memory>

#include <spdlog/spdlog.h>

namespace sinter::gpu {

inline std::shared_ptr<spdlog::logger> logger() {
  if (auto named = spdlog::get("sinter")) return named;
  return spdlog::default_logger();
}

}  // namespace sinter::gpu
