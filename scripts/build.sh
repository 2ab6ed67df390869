#!/usr/bin/env bash
# scripts/build.sh normal|sanitize : configure and build one of the two build trees.
#   normal   -> build/      (gcc, warnings are errors)
#   sanitize -> build-san/  (clang, ASan + UBSan, fuzz targets as libFuzzer binaries)
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-normal}
jobs=$(nproc)
case "$kind" in
  normal)
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSMC_WERROR=ON >/dev/null
    cmake --build build -j "$jobs"
    ;;
  sanitize)
    cmake -S . -B build-san -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++ \
      -DSMC_SANITIZE=ON -DSMC_LIBFUZZER=ON -DSMC_BENCH=OFF >/dev/null
    cmake --build build-san -j "$jobs"
    ;;
  *) echo "usage: scripts/build.sh normal|sanitize" >&2; exit 2 ;;
esac
