// Every environment variable docs/configuration.md lists is read by lib/config (one integer
// parser, one choice parser, one message style), and a bad value of each is a ConfigError that
// names the variable, the value and what it takes. The list of variables is read from the doc,
// so a variable documented without a case here, or a case for one the doc does not list, fails.
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "config.h"
#include "support.h"
#if SINTER_WITH_CUDA
#include "runtime/cache/cache_config.h"
#include "runtime/cuda/nvrtc.h"
#include "runtime/cuda/tuning.h"
#endif

using namespace sinter;

namespace {

struct BadValue {
  const char* variable;
  const char* value;     // as the shell takes it
  const char* expected;  // what the ConfigError must say
};

// One bad value per variable, with the message's "expected" part.
const BadValue kBadValues[] = {
    {"SINTER_NUM_THREADS", "' 4'", "SINTER_NUM_THREADS=\" 4\" is invalid: expected an integer from 1 to 1024"},
    {"SINTER_MAX_PENDING", "0", "SINTER_MAX_PENDING=\"0\" is invalid: expected an integer from 1 to 1048576"},
    {"SINTER_KERNEL_CACHE_SIZE", "15",
     "SINTER_KERNEL_CACHE_SIZE=\"15\" is invalid: expected an integer from 16 to 1048576"},
    {"SINTER_CPU_CACHE_MB", "-1", "SINTER_CPU_CACHE_MB=\"-1\" is invalid: expected an integer from 0 to 1048576"},
    {"SINTER_LOG_LEVEL", "verbose",
     "SINTER_LOG_LEVEL=\"verbose\" is invalid: expected trace, debug, info, warn, error, critical or off"},
    {"SINTER_CUDA_FAST_COMPILE", "fast", "SINTER_CUDA_FAST_COMPILE=\"fast\" is invalid: expected 0, min, mid or max"},
    {"SINTER_CUDA_GRID_WAVES", "2000",
     "SINTER_CUDA_GRID_WAVES=\"2000\" is invalid: expected an integer from 0 to 1024"},
    {"SINTER_CUDA_ELEMENTS_PER_THREAD", "6",
     "SINTER_CUDA_ELEMENTS_PER_THREAD=\"6\" is invalid: expected a power of two from 1 to 8"},
    {"SINTER_CUDA_INLINE_ELEMENT", "2", "SINTER_CUDA_INLINE_ELEMENT=\"2\" is invalid: expected an integer from 0 to 1"},
    {"SINTER_CUDA_REDUCTION_BATCH", "0",
     "SINTER_CUDA_REDUCTION_BATCH=\"0\" is invalid: expected an integer from 1 to 16"},
    {"SINTER_CUDA_MIN_BLOCKS", "-1", "SINTER_CUDA_MIN_BLOCKS=\"-1\" is invalid: expected an integer from 0 to 32"},
    {"SINTER_CUDA_REDUCTION_THREADS", "100",
     "SINTER_CUDA_REDUCTION_THREADS=\"100\" is invalid: expected a power of two from 1 to 256"},
    {"SINTER_CUDA_REDUCTION_MIN_ELEMENTS", "8",
     "SINTER_CUDA_REDUCTION_MIN_ELEMENTS=\"8\" is invalid: expected a power of two from 16 to 4096"},
    {"SINTER_CACHE", "yes", "SINTER_CACHE=\"yes\" is invalid: expected 0 or 1"},
};

// Variables that take any text, so have no bad value of this kind; each has its own test.
const std::set<std::string> kFreeText = {
    "SINTER_DUMP_DIR",   // any directory (tests/test_diagnostics.cpp)
    "SINTER_CACHE_DIR",  // any directory; empty is refused (tests/test_cuda_disk_cache.cpp)
};

std::set<std::string> documented_variables() {
  std::ifstream doc(std::string(SINTER_FIXTURE_DIR) + "/../../docs/configuration.md");
  REQUIRE(doc);
  std::stringstream text;
  text << doc.rdbuf();
  const std::string all = text.str();
  // The table's rows: lines starting with "| `SINTER_...`", several names in one cell.
  // (No std::regex: GCC 12 warns inside <regex> under the sanitizers, an error with -Werror.)
  std::set<std::string> names;
  std::istringstream lines(all);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("| `SINTER_", 0) != 0) continue;
    const std::string first_cell = line.substr(0, line.find('|', 1));
    for (std::size_t at = first_cell.find("`SINTER_"); at != std::string::npos;
         at = first_cell.find("`SINTER_", at + 1)) {
      const std::size_t end = first_cell.find('`', at + 1);
      names.insert(first_cell.substr(at + 1, end - at - 1));
    }
  }
  return names;
}

}  // namespace

TEST_CASE("child: configuration reads every setting" * doctest::skip()) {
  // Each reader throws its ConfigError here, uncaught: the child fails with the message.
  (void)config::num_threads();
  (void)config::max_pending_nodes();
  (void)config::kernel_cache_size();
  (void)config::cpu_cache_bytes();
  (void)config::log_level();
#if SINTER_WITH_CUDA
  (void)gpu::codegen_options();
  (void)gpu::grid_waves();
  (void)gpu::reduction_tuning();
  (void)gpu::nvrtc_options("sm_90");
  (void)cache::read_disk_cache_config();
#endif
  MESSAGE("child: every setting read");
}

TEST_CASE("every documented setting has a bad-value case, and each bad value is a ConfigError naming it") {
  std::set<std::string> covered(kFreeText);
  for (const BadValue& bad : kBadValues) covered.insert(bad.variable);
  CHECK_EQ(documented_variables(), covered);

  const test::ChildRun good = test::run_child("", "child: configuration reads every setting");
  CAPTURE(good.output);
  CHECK_EQ(good.exit_code, 0);
  CHECK_NE(good.output.find("child: every setting read"), std::string::npos);
  for (const BadValue& bad : kBadValues) {
#if !SINTER_WITH_CUDA
    if (std::string(bad.variable).find("CUDA") != std::string::npos || std::string(bad.variable) == "SINTER_CACHE")
      continue;
#endif
    const test::ChildRun child =
        test::run_child(std::string(bad.variable) + "=" + bad.value, "child: configuration reads every setting");
    CAPTURE(bad.variable);
    CAPTURE(child.output);
    CHECK_NE(child.exit_code, 0);
    CHECK_NE(child.output.find(bad.expected), std::string::npos);
  }
}
