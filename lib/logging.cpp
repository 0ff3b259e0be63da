// Creates the "sinter" logger on first use (stderr), at the level SINTER_LOG_LEVEL names.
#include "logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>

#include "config.h"
#include "sinter/error.h"

namespace sinter {

spdlog::logger& log() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    auto l = spdlog::get("sinter");
    if (!l) l = spdlog::stderr_color_mt("sinter");
    const std::string& name = config::log_level();
    auto level = spdlog::level::from_str(name);
    if (level == spdlog::level::off && name != "off")
      throw ConfigError("SINTER_LOG_LEVEL=\"" + name +
                        "\" is invalid: expected trace, debug, info, warn, error, critical or off");
    l->set_level(level);
    l->set_pattern("[sinter %L] %v");
    return l;
  }();
  return *logger;
}

}  // namespace sinter
