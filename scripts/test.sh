#!/usr/bin/env bash
# README command 2 (and CI): install what is missing, build, and run every
# test through CTest: once in the normal build, once under AddressSanitizer
# and UndefinedBehaviorSanitizer; then each fuzz harness for a bounded time
# (FUZZ_SECONDS each, 45 by default; 0 skips the step).
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC
scripts/install-deps.sh

echo "== build and test (RelWithDebInfo, -Werror)"
scripts/build.sh build
ctest --test-dir build --output-on-failure -j "$(nproc)"

echo "== build and test under ASan + UBSan"
# GCC 12 reports false -Wrestrict positives under ASan, so warnings stay warnings here.
# -O1 with line tables only: half the build time of -O2 -g (4 against 8 minutes on 2
# cores), with file:line in every report.
scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" \
  -DSSLA_SANITIZE=ON -DSSLA_BENCH=OFF -DSSLA_WERROR=OFF
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)"

if [ "${FUZZ_SECONDS:-45}" != 0 ]; then
  echo "== fuzz each harness for ${FUZZ_SECONDS:-45} s (clang, libFuzzer, ASan + UBSan)"
  scripts/install-deps.sh --fuzz
  scripts/fuzz.sh build-fuzz
fi
