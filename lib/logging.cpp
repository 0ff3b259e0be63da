// Creates the "sinter" logger on first use (stderr), at the level SINTER_LOG_LEVEL names.
#include "logging.h"

#include <spdlog/details/console_globals.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include "config.h"
#include "process.h"
#include "sinter/error.h"

namespace sinter {

spdlog::logger& log() {
  // Never destroyed: threads may still log while the process exits.
  static spdlog::logger* logger = [] {
    auto l = spdlog::get("sinter");
    if (!l) l = spdlog::stderr_color_mt("sinter");
    const std::string& name = config::log_level();
    auto level = spdlog::level::from_str(name);
    if (level == spdlog::level::off && name != "off")
      throw ConfigError("SINTER_LOG_LEVEL=\"" + name +
                        "\" is invalid: expected trace, debug, info, warn, error, critical or off");
    l->set_level(level);
    l->set_pattern("[sinter %L] %v");
    // The stderr sink's lock: a child must not inherit it held by a thread that was logging.
    process::on_fork(process::LockRank::logger, process::mutex_handlers(spdlog::details::console_mutex::mutex()));
    return (new std::shared_ptr<spdlog::logger>(std::move(l)))->get();
  }();
  return *logger;
}

}  // namespace sinter
