// The logger the CUDA backend and the disk cache write to: the core's "sinter" logger (created
// on first use by lib/logging.cpp with SINTER_LOG_LEVEL applied), or spdlog's default logger
// should it be missing.
#pragma once
#include <memory>

#include <spdlog/spdlog.h>

#include "logging.h"

namespace sinter::gpu {

inline std::shared_ptr<spdlog::logger> logger() {
  sinter::log();  // creates "sinter" at the configured level on first use
  if (auto named = spdlog::get("sinter")) return named;
  return spdlog::default_logger();
}

}  // namespace sinter::gpu
