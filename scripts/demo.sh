#!/usr/bin/env bash
# README command 1: install what is missing, build, and run `ssla report` on
# the bundled samples.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build
build/ssla report -p samples/policy.yaml samples/messages.csv
