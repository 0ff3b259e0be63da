// sinter_fuzz: differential fuzzing of every backend present against the reference interpreter.
//   sinter_fuzz [--seed S] [--seconds T] [--cases N] [--case K] [--device cpu|cuda|all] [--shrink-seconds T]
// Without --seed the seed comes from the clock (printed first, so any run can be repeated).
// T defaults to $SINTER_FUZZ_SECONDS, else 10. Exit status 1 when a case failed.
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "fuzz/case.h"
#include "kernel_cache.h"

namespace {

struct Options {
  std::uint64_t seed = 0;
  bool have_seed = false;
  double seconds = 10;
  std::uint64_t cases = UINT64_MAX;
  std::int64_t only_case = -1;
  std::string device = "all";
  double shrink_seconds = 120;
  int max_failures = 5;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "sinter_fuzz: %s\nusage: sinter_fuzz [--seed S] [--seconds T] [--cases N] [--case K] "
               "[--device cpu|cuda|all] [--shrink-seconds T] [--max-failures F]\n",
               why);
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  if (const char* env = std::getenv("SINTER_FUZZ_SECONDS"); env && *env) o.seconds = std::atof(env);
  if (const char* env = std::getenv("SINTER_FUZZ_SEED"); env && *env) {
    o.seed = std::strtoull(env, nullptr, 10);
    o.have_seed = true;
  }
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value after " + a).c_str());
      return argv[++i];
    };
    if (a == "--seed") o.seed = std::stoull(value()), o.have_seed = true;
    else if (a == "--seconds") o.seconds = std::stod(value());
    else if (a == "--cases") o.cases = std::stoull(value());
    else if (a == "--case") o.only_case = std::stoll(value());
    else if (a == "--device") o.device = value();
    else if (a == "--shrink-seconds") o.shrink_seconds = std::stod(value());
    else if (a == "--max-failures") o.max_failures = std::stoi(value());
    else usage(("unknown argument " + a).c_str());
  }
  if (!o.have_seed)
    o.seed = std::random_device{}() ^
             static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
  o.seed %= 1000000000000ULL;  // short enough to type
  return o;
}

// What to print if the process dies inside a case (a crash in JIT code, an abort, a hang).
char g_current[256] = "sinter_fuzz: died before the first case\n";
std::atomic<std::int64_t> g_case_started_ms{-1};

void on_fatal_signal(int sig) {
  ssize_t ignored = write(STDERR_FILENO, g_current, std::strlen(g_current));
  (void)ignored;
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// A case that runs for minutes is a deadlock: say which case it is and abort.
void start_watchdog() {
  std::thread([] {
    for (;;) {
      std::this_thread::sleep_for(std::chrono::seconds(5));
      std::int64_t started = g_case_started_ms.load();
      if (started >= 0 && now_ms() - started > 180000) {
        std::fprintf(stderr, "sinter_fuzz: a case has run for 3 minutes (a deadlock?)\n");
        std::fputs(g_current, stderr);
        std::abort();
      }
    }
  }).detach();
}

// "cos float32 float32" for "v5 (cos float32 v4:float32) at element ...": one report per kind.
std::string failure_kind(const fuzz::Failure& f) {
  if (f.exception) return f.text.substr(0, f.text.find("sinter_k_"));  // without the kernel's hash
  std::string inside = f.text.substr(0, f.text.find(')'));
  inside = inside.substr(inside.find('(') + 1);
  inside = inside.substr(0, inside.find(" axes"));  // a reduction: one report whatever its axes
  std::string kind;
  for (std::size_t i = 0; i < inside.size(); ++i) {
    if (inside[i] == 'v' && i + 1 < inside.size() && std::isdigit(static_cast<unsigned char>(inside[i + 1]))) {
      while (i + 1 < inside.size() && inside[i + 1] != ' ') ++i;  // drop the value's name
      continue;
    }
    kind += inside[i];
  }
  return kind;
}

std::vector<sinter::Device> devices(const std::string& which) {
  std::vector<sinter::Device> out;
  if (which == "cpu" || which == "all") out.push_back(sinter::cpu());
  if (which == "cuda" || which == "all") {
    try {
      sinter::backend_for(sinter::cuda(0));
      out.push_back(sinter::cuda(0));
    } catch (const sinter::Error& e) {
      if (which == "cuda") usage((std::string("cuda(0) is not usable: ") + e.what()).c_str());
      std::printf("sinter_fuzz: cuda(0) not used: %s\n", e.what());
    }
  }
  if (out.empty()) usage("no device to fuzz");
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) std::signal(sig, on_fatal_signal);
  start_watchdog();
  const auto targets = devices(o.device);
  std::printf("sinter_fuzz: seed %llu (repeat with --seed %llu), %s\n", static_cast<unsigned long long>(o.seed),
              static_cast<unsigned long long>(o.seed),
              o.only_case >= 0 ? ("case " + std::to_string(o.only_case)).c_str()
                               : ("for " + std::to_string(o.seconds) + " s").c_str());
  std::fflush(stdout);

  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  std::uint64_t cases = 0, ops = 0, reductions = 0, runs = 0;
  int failures = 0;
  std::set<std::string> seen;  // one report per distinct failing op and message shape
  for (std::uint64_t index = o.only_case >= 0 ? static_cast<std::uint64_t>(o.only_case) : 0;; ++index) {
    if (o.only_case >= 0 ? index > static_cast<std::uint64_t>(o.only_case)
                         : (cases >= o.cases || elapsed() >= o.seconds))
      break;
    fuzz::Case c = fuzz::generate(o.seed, index);
    ++cases;
    ops += static_cast<std::uint64_t>(fuzz::count_ops(c));
    reductions += static_cast<std::uint64_t>(fuzz::count_reductions(c));
    for (const auto& device : targets) {
      for (fuzz::Mode mode : {fuzz::Mode::EndToEnd, fuzz::Mode::EachNode}) {
        std::snprintf(g_current, sizeof g_current,
                      "sinter_fuzz: died in case %llu on %s; reproduce with: sinter_fuzz --seed %llu --case %llu\n",
                      static_cast<unsigned long long>(index), device.to_string().c_str(),
                      static_cast<unsigned long long>(o.seed), static_cast<unsigned long long>(index));
        g_case_started_ms = now_ms();
        auto failure = fuzz::run(c, device, mode);
        ++runs;
        if (!failure) continue;
        ++failures;
        std::printf("\nsinter_fuzz: case %llu failed on %s (%s): %s\n", static_cast<unsigned long long>(index),
                    device.to_string().c_str(), mode == fuzz::Mode::EndToEnd ? "end to end" : "each node",
                    failure->text.c_str());
        std::fflush(stdout);
        fuzz::Case small = fuzz::shrink(c, device, mode, *failure, o.shrink_seconds);
        auto small_failure = fuzz::run(small, device, mode);
        const fuzz::Failure& f = small_failure ? *small_failure : *failure;
        const fuzz::Case& shown = small_failure ? small : c;
        if (!seen.insert(failure_kind(f)).second) {
          std::printf("sinter_fuzz: (same failure as one reported above: %s)\n", f.text.c_str());
          continue;
        }
        std::printf("sinter_fuzz: shrunk to %d ops; paste into tests/test_fuzz_regressions.cpp:\n\n%s\n",
                    fuzz::count_ops(shown), fuzz::to_doctest(shown, mode, f).c_str());
        std::fflush(stdout);
        break;  // the other mode would most likely report the same bug
      }
    }
    g_case_started_ms = -1;
    // The kernel cache keeps every kernel, and each holds two memory mappings: some 32000
    // kernels (about 8000 cases) exhaust vm.max_map_count and every later compile fails. Cleared
    // now and then, the kernels' code memory goes back (and is seen to).
    if (cases % 1000 == 0) sinter::clear_kernel_cache();
    if (failures >= o.max_failures) {
      std::printf("sinter_fuzz: stopping after %d failures\n", failures);
      break;
    }
  }
  std::printf(
      "sinter_fuzz: seed %llu: %llu cases (%llu ops, %llu of them reductions, %llu runs on %zu device(s)) in %.1f s, "
      "%d failed\n",
      static_cast<unsigned long long>(o.seed), static_cast<unsigned long long>(cases),
      static_cast<unsigned long long>(ops), static_cast<unsigned long long>(reductions),
      static_cast<unsigned long long>(runs), targets.size(), elapsed(), failures);
  return failures ? 1 : 0;
}
