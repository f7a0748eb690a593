#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan + UBSan) and runs each for a
# bounded time: FUZZ_SECONDS (default 45) each, two at a time. A crash, a
# sanitizer report, a timeout or running out of memory fails the script and
# prints the reproducer (its path, its bytes, and the command that replays it).
# Usage: scripts/fuzz.sh [BUILD_DIR] [HARNESS...]   (docs/fuzzing.md)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-fuzz}
shift || true
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(csv csv_diff json json_diff json_grammar json_split policy timestamp)
seconds=${FUZZ_SECONDS:-45}
jobs=${FUZZ_JOBS:-2}
export TZ=UTC

echo "== fuzz: build (${build}, clang, ASan + UBSan + libFuzzer)"
mkdir -p "$build"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_FLAGS="-O1 -g1" \
  -DCMAKE_CXX_COMPILER=clang++ -DSSLA_FUZZ=ON -DSSLA_BENCH=OFF -DBUILD_TESTING=OFF \
  -DSSLA_WERROR=OFF ${CMAKE_CXX_COMPILER_LAUNCHER:+-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER} \
  > "$build/configure.log" || { cat "$build/configure.log"; exit 1; }
cmake --build "$build" -j "$(nproc)" --target "${harnesses[@]/#/fuzz_}"

run_one() {
  local h=$1
  local work="$build/fuzz-run/$h"
  rm -rf "$work"
  mkdir -p "$work/corpus" "$work/artifacts"
  # New inputs go to a scratch corpus; the checked-in seeds stay as they are.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/fuzz_$h" "$work/corpus" "fuzz/corpus/$h" -dict="fuzz/${h%%_*}.dict" \
      -max_total_time="$seconds" -timeout=30 -rss_limit_mb=1024 -max_len=8192 \
      -artifact_prefix="$work/artifacts/" -print_final_stats=1 > "$work/log" 2>&1
}

status=0
pids=()
names=()
for h in "${harnesses[@]}"; do
  run_one "$h" &
  pids+=($!)
  names+=("$h")
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || true
    pids=("${pids[@]:1}")
  fi
done
wait || true

for h in "${names[@]}"; do
  work="$build/fuzz-run/$h"
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -1 | grep -o '[0-9]*' || echo "?")
  if ls "$work/artifacts/"* > /dev/null 2>&1; then
    status=1
    echo "== fuzz_$h: FINDING"
    tail -n 60 "$work/log"
    for a in "$work/artifacts/"*; do
      echo "-- reproducer $a ($(stat -c %s "$a") bytes):"
      od -A d -c "$a" | head -n 40
      echo "-- replay: $build/fuzz_$h $a"
    done
  else
    echo "== fuzz_$h: ${seconds} s, ${execs} executions, coverage ${cov}, no finding"
  fi
done
exit $status
