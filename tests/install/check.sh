#!/usr/bin/env bash
# Installs the build in $1 to a scratch prefix, then builds and runs programs against it, as users
# do: with find_package(sinter) (tests/install/CMakeLists.txt: the consumer, one with its own
# spdlog and fmt, one defining every symbol libsinter keeps hidden) and with pkg-config alone.
set -euo pipefail
build=$1
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
library=$(find "$prefix" -name 'libsinter.so' | head -1)
"$here/make_clash_stub.sh" "$library" "$work/clash.c"
cmake -S "$here" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
  -DSINTER_CLASH_STUB="$work/clash.c" >/dev/null
cmake --build "$work/build" >/dev/null
"$work/build/consumer"
"$work/build/consumer_own_spdlog"
# No disk cache, debug logging: the run goes through LLVM's code generation and sinter's spdlog
# and fmt, whose names the stub defines too.
if ! SINTER_CACHE=0 SINTER_LOG_LEVEL=debug "$work/build/consumer_with_clashing_symbols" 2>"$work/clash.log"; then
  cat "$work/clash.log"
  exit 1
fi

# pkg-config: the compile and link flags come from the installed sinter.pc only.
pc_dir=$(dirname "$(find "$prefix" -name sinter.pc | head -1)")
export PKG_CONFIG_PATH="$pc_dir"
echo "pkg-config: sinter $(pkg-config --modversion sinter): $(pkg-config --cflags --libs sinter)"
# shellcheck disable=SC2046  # the flags are meant to split into words
c++ -std=c++20 -O1 "$here/consumer.cpp" -o "$work/consumer_pkg_config" $(pkg-config --cflags --libs sinter) \
  -Wl,-rpath,"$(pkg-config --variable=libdir sinter)"
"$work/consumer_pkg_config"

# The cache tool is installed beside the library and runs from the prefix.
SINTER_CACHE_DIR="$work/cache" "$prefix/bin/sinter-cache" size | grep -q '^0 entries'
