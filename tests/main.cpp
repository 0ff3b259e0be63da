// The test runner's entry point: doctest's runner, plus one convention for ctest. A case that
// cannot run here (no GPU) calls SINTER_SKIP; when every case of a run was skipped, the exit
// code is test::kSkipExitCode, which tests/CMakeLists.txt declares as ctest's SKIP_RETURN_CODE.
// A run whose --test-case filter matches no case fails.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string_view>

#include "support.h"

namespace test {

int& skipped_cases() {
  static int count = 0;
  return count;
}

ChildRun run_child(const std::string& environment, const std::string& cases, int timeout_seconds) {
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  const std::string limit = timeout_seconds > 0 ? " timeout -s KILL " + std::to_string(timeout_seconds) : "";
  const std::string command =
      environment + limit + " '" + self + "' --no-skip --no-version --test-case='" + cases + "' 2>&1";
  ChildRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return run;
  char chunk[512];
  while (std::fgets(chunk, sizeof chunk, pipe)) run.output += chunk;
  const int status = pclose(pipe);
  if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  return run;
}

}  // namespace test

namespace {

int started_cases = 0;

/// Counts the test cases a run starts; reports nothing.
struct CaseCounter : doctest::IReporter {
  explicit CaseCounter(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats&) override {}
  void test_case_start(const doctest::TestCaseData&) override { ++started_cases; }
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};

}  // namespace

DOCTEST_REGISTER_LISTENER("sinter_case_counter", 1, CaseCounter);

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int result = context.run();
  if (context.shouldExit() || result != 0) return result;
  // ctest runs each case by name: a name its filter cannot match (a ';' splits a ctest name in
  // two) would otherwise pass without running anything.
  bool filtered = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg(argv[i]);
    filtered = filtered || arg.starts_with("--test-case=") || arg.starts_with("-tc=");
  }
  if (filtered && started_cases == 0) {
    std::fprintf(stderr, "no test case matches the --test-case filter\n");
    return 1;
  }
  if (started_cases > 0 && test::skipped_cases() == started_cases) return test::kSkipExitCode;
  return 0;
}
