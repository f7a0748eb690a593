#!/usr/bin/env bash
# A long fuzz campaign measured in CPU time, not wall time: every harness runs
# at once under `nice -n 19` (so that it only takes what the machine leaves
# idle) until it has used CPU_SECONDS (default 1800) of CPU time of its own,
# read from /proc/PID/stat; then it gets SIGINT, and libFuzzer prints its final
# statistics. The grown corpora stay in OUT/NAME/corpus for the next campaign.
# Usage: scripts/fuzz-campaign.sh FUZZ_BUILD_DIR OUT_DIR [HARNESS...]
# (docs/fuzzing.md; build the harnesses first, as scripts/fuzz.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1 out=$2
shift 2
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(csv csv_diff json json_diff policy timestamp)
budget=${CPU_SECONDS:-1800}
export TZ=UTC
ticks=$(getconf CLK_TCK)

declare -A pid_of
start=$(date +%s)
for h in "${harnesses[@]}"; do
  work="$out/$h"
  mkdir -p "$work/corpus" "$work/artifacts"
  # -timeout is generous: a niced process waits while others run, and
  # libFuzzer's timeout counts wall-clock time.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    nice -n 19 "$build/fuzz_$h" "$work/corpus" "fuzz/corpus/$h" -dict="fuzz/${h%_diff}.dict" \
      -max_total_time=$((budget * 10)) -timeout=120 -rss_limit_mb=1024 -max_len=8192 \
      -artifact_prefix="$work/artifacts/" -print_final_stats=1 > "$work/log" 2>&1 &
  pid_of[$h]=$!
done

cpu_seconds() {  # utime + stime of a process, in whole seconds
  awk -v t="$ticks" '{ sub(/^.*\) /, ""); print int(($12 + $13) / t) }' "/proc/$1/stat" 2>/dev/null || echo -1
}

running=${#harnesses[@]}
while [ "$running" -gt 0 ]; do
  sleep 20
  running=0
  for h in "${harnesses[@]}"; do
    p=${pid_of[$h]}
    [ -n "$p" ] || continue
    used=$(cpu_seconds "$p")
    if [ "$used" -lt 0 ]; then        # ended by itself: a finding, or max_total_time
      wait "$p" || true
      echo "ended by itself" > "$out/$h/note"
      echo $(( $(date +%s) - start )) > "$out/$h/wall"
      pid_of[$h]=
    elif [ "$used" -ge "$budget" ]; then
      echo "$used" > "$out/$h/cpu"
      kill -INT "$p"
      wait "$p" || true
      echo $(( $(date +%s) - start )) > "$out/$h/wall"
      pid_of[$h]=
    else
      echo "$used" > "$out/$h/cpu"
      running=$((running + 1))
    fi
  done
done

printf '| harness | CPU | wall | executions | coverage | corpus | findings |\n|---|---|---|---|---|---|---|\n'
for h in "${harnesses[@]}"; do
  log="$out/$h/log"
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*' || echo '?')
  wall="$(cat "$out/$h/wall") s"
  corpus=$(ls "$out/$h/corpus" | wc -l)
  finds=$(ls "$out/$h/artifacts" | wc -l)
  printf '| `fuzz_%s` | %s s | %s | %s | %s | %s | %s |\n' "$h" "$(cat "$out/$h/cpu")" "$wall" "$execs" "$cov" "$corpus" "$finds"
done
