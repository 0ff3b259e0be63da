#!/usr/bin/env bash
# Installs the build dependencies that are missing (Debian/Ubuntu). Quiet and quick when all are there.
set -euo pipefail
packages=(cmake ninja-build g++ llvm-19-dev libboost-dev doctest-dev libspdlog-dev libdlpack-dev
          libopenmpi-dev openmpi-bin doxygen pkg-config
          libopenblas0)  # loaded at run time by matmul (runtime/cpu/blas.cpp); without it, products are reductions
[ "${SINTER_BENCH_DEPS:-0}" = 1 ] && packages+=(libeigen3-dev python3-numpy python3-numexpr python3-matplotlib)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
