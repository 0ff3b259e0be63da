// Creates the "sinter" logger on first use (stderr), at the level SINTER_LOG_LEVEL names.
#include "logging.h"

#include <spdlog/details/console_globals.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include "config.h"
#include "process.h"

namespace sinter {

spdlog::logger& log() {
  // Never destroyed: threads may still log while the process exits. A static pointer to a
  // shared_ptr on the heap keeps it reachable (no leak report).
  static const std::shared_ptr<spdlog::logger>* const logger = [] {
    auto l = spdlog::get("sinter");
    if (!l) l = spdlog::stderr_color_mt("sinter");
    l->set_level(spdlog::level::from_str(config::log_level()));  // a name config has checked
    l->set_pattern("[sinter %L] %v");
    // The stderr sink's lock: a child must not inherit it held by a thread that was logging.
    process::on_fork(process::LockRank::logger, process::mutex_handlers(spdlog::details::console_mutex::mutex()));
    return new std::shared_ptr<spdlog::logger>(std::move(l));
  }();
  return **logger;
}

}  // namespace sinter
