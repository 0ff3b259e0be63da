// The "sinter" spdlog logger; its level comes from SINTER_LOG_LEVEL.
#pragma once
#include <spdlog/spdlog.h>

namespace sinter {
spdlog::logger& log();
}
