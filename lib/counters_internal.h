// Increments of the public counters (sinter/counters.h), for the core and backends.
#pragma once
#include <cstdint>

namespace sinter::detail {
void count_compile();
void count_disk_hit();  // a compile that loaded the kernel from the disk cache
void count_recompilation();  // a compile of a kernel the size of a cached one (Counters::recompilations)
void count_cache_hit();
void count_launch();
void count_bytes_allocated(std::uint64_t bytes);
}  // namespace sinter::detail
