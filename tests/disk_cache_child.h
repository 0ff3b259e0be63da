// The CPU disk-cache workload run in a child process (tests/test_cpu_disk_cache.cpp defines it as
// the test case "child: cpu disk cache workload", which checks its own results and prints its
// counters), shared by the disk-cache and kernel-bundle tests.
#pragma once
#include <cstdio>
#include <string>

#include "support.h"

namespace test {

/// The child's exit and counters, as it printed them: "disk cache child: compiled C from disk D".
struct DiskCacheChild {
  int exit_code = -1;
  long compiled = -1, from_disk = -1;
  std::string output;
};

/// Runs the workload in a child with `environment` added ("NAME='value' ...").
inline DiskCacheChild run_disk_cache_child(const std::string& environment) {
  const ChildRun child = run_child(environment, "child: cpu disk cache workload", 300);
  DiskCacheChild counts{child.exit_code, -1, -1, child.output};
  const auto at = child.output.find("disk cache child: compiled ");
  if (at != std::string::npos)
    std::sscanf(child.output.c_str() + at, "disk cache child: compiled %ld from disk %ld", &counts.compiled,
                &counts.from_disk);
  return counts;
}

}  // namespace test
