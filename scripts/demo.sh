#!/usr/bin/env bash
# README command 1: install what is missing, build the ssla binary alone (no
# tests, no benchmarks), and run `ssla report` on the bundled samples.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSSLA_WERROR=ON >&2
cmake --build build -j "$(nproc)" --target ssla >&2
build/ssla report -p samples/policy.yaml samples/messages.csv
