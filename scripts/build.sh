#!/usr/bin/env bash
# Configures and builds ssla into build/ (or the directory given as $1 with
# extra CMake arguments after it). The binary lands at BUILD_DIR/ssla.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
shift || true
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSSLA_WERROR=ON "$@" >&2
cmake --build "$build_dir" -j "$(nproc)" >&2
