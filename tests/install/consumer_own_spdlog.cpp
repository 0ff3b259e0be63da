// An application with its own logging: the system's compiled spdlog and fmt libraries, with its
// own default logger and level. sinter compiles its own copies of both, hidden inside
// libsinter.so, so neither side sees the other's: the application's settings do not change
// sinter's logging, and sinter's do not change the application's.
#include <sinter/sinter.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>
#include <sstream>
#include <string>

int main() {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  auto logger = std::make_shared<spdlog::logger>("application", sink);
  logger->set_pattern("%v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::trace);  // sinter's own level stays SINTER_LOG_LEVEL's

  sinter::Array<float> x = sinter::arange<float>(256);
  sinter::Array<float> y = sinter::sqrt(x * x + 1.0f) * 2.0f;
  const float y3 = y.at(3);
  spdlog::info("y[3] = {}", fmt::format("{:.4f}", y3));

  const std::string log = captured.str();
  if (log != "y[3] = 6.3246\n") {
    std::printf("consumer_own_spdlog: the application's log holds \"%s\", expected only its own line\n", log.c_str());
    return 1;
  }
  std::printf("consumer_own_spdlog: ok (%s)\n", sinter::counters().to_string().c_str());
  return sinter::counters().kernel_launches == 1 ? 0 : 1;
}
