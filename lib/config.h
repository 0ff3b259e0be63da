// Configuration from the environment, read once on first use and validated.
// Each variable is documented in docs/configuration.md.
#pragma once
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace sinter::config {

/// The integer `text` of environment variable `name`: all of it a decimal integer (no spaces)
/// within [lo, hi], and a power of two when asked; else a ConfigError naming the variable, the
/// value and what it takes. Every integer setting is read through it.
long parse_integer(const char* name, std::string_view text, long lo, long hi, bool power_of_two = false);

/// The position of `text` among `choices` for environment variable `name`; anything else is a
/// ConfigError in the same style: NAME="text" is invalid: expected one of a, b or c.
std::size_t parse_choice(const char* name, std::string_view text, std::initializer_list<std::string_view> choices);

/// SINTER_NUM_THREADS: worker threads for CPU kernels (1..1024); default: hardware threads.
int num_threads();
/// SINTER_DUMP_DIR: when set, every compiled kernel's IR and generated code is written there.
const std::optional<std::string>& dump_dir();
/// SINTER_LOG_LEVEL: trace, debug, info, warn, error, critical or off (default warn).
const std::string& log_level();
/// SINTER_MAX_PENDING: an Array whose pending expression has more nodes than this is evaluated
/// when it is created (default 512).
int max_pending_nodes();
/// SINTER_KERNEL_CACHE_SIZE: compiled kernels kept in memory (16..1048576, default 4096); past
/// it the least recently used are dropped (each holds code memory and, on the CPU, memory maps).
int kernel_cache_size();
/// SINTER_CPU_CACHE_MB: MiB of released CPU array memory kept for reuse (0..1048576; 0 turns the
/// cache off); default a quarter of physical memory, at most 4096 MiB.
std::size_t cpu_cache_bytes();

/// Writes `text` to $SINTER_DUMP_DIR/`file_name` when dumping is on; warns once if it cannot.
void dump(const std::string& file_name, const std::string& text);

}  // namespace sinter::config
