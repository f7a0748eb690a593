#!/usr/bin/env bash
# Measures ssla against the floor (`wc -l`) and the DuckDB peer query on
# generated twcs exports of several sizes (docs/performance.md).
#
#   bench/compare.sh [SIZES...]     default: 1000000 3000000 10000000
#
# Needs build/ssla (scripts/build.sh), python3, node and npm; DuckDB
# (@duckdb/node-api from the npm registry) is installed into bench/.duckdb/,
# which git ignores. Generated files go to ${TMPDIR:-/tmp}. The commands run
# in turns, ${COMPARE_RUNS:-5} rounds; the table shows the median wall times,
# the peak RSS, and the ssla/DuckDB ratio of every round. ssla runs with its
# default two threads, and once more with --threads 1. COMPARE_POLICY names
# another policy (bench/twcs-bench-s8.yaml: the keys of spec section 8).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 3000000 10000000)
tmp=${TMPDIR:-/tmp}
runs=${COMPARE_RUNS:-5}
policy=${COMPARE_POLICY:-bench/twcs-bench.yaml}
duck=bench/.duckdb
if [ ! -d "$duck/node_modules/@duckdb/node-api" ]; then
  mkdir -p "$duck"
  (cd "$duck" && npm install --silent --no-audit --no-fund @duckdb/node-api@1.5.6-r.1 >&2)
fi
cp bench/duckdb_first_response.mjs "$duck/"

# wall seconds and max RSS (KiB) of one run of a command
run() {
  { /usr/bin/time -f "%e %M" "$@" > /dev/null; } 2>&1 | tail -1
}

printf '| messages | MB | ssla s | ssla RSS MiB | bytes/message | ssla 1 core s | DuckDB s | DuckDB RSS MiB | wc -l s | ssla/DuckDB | ssla/wc | ssla/DuckDB per round |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n'
for n in "${sizes[@]}"; do
  file="$tmp/ssla-twcs-$n.csv"
  [ -f "$file" ] || python3 bench/gen_twcs.py "$n" "$file"
  mb=$(( $(stat -c %s "$file") / 1000000 ))
  # The commands take turns, round after round, so that each round's ssla
  # and DuckDB runs meet the machine in the same state (its speed drifts by
  # up to a factor of two within an hour): the ratio is the median of the
  # rounds' ratios, each time the median of the rounds' times.
  rounds=()
  for _ in $(seq "$runs"); do
    rounds+=("$(run build/ssla report --preset twcs --by account -p "$policy" "$file") \
$(run build/ssla report --threads 1 --preset twcs --by account -p "$policy" "$file") \
$(run node "$duck/duckdb_first_response.mjs" "$file") $(run wc -l "$file")")
  done
  python3 - "$n" "$mb" "${rounds[@]}" <<'PY'
import statistics, sys
n, mb = int(sys.argv[1]), sys.argv[2]
rounds = [[float(x) for x in r.split()] for r in sys.argv[3:]]
# each round: ssla wall, rss, 1-thread wall, rss, DuckDB wall, rss, wc wall, rss
med = lambda i: statistics.median(r[i] for r in rounds)
sw, ow, dw, ww = med(0), med(2), med(4), max(med(6), 0.01)
sr, dr = max(r[1] for r in rounds), max(r[5] for r in rounds)
ratios = [r[0] / r[4] for r in rounds]
each = " ".join(f"{x:.2f}" for x in ratios)
print(f"| {n:,} | {mb} | {sw:.2f} | {sr/1024:.0f} | {sr*1024/n:.0f} | {ow:.2f} | {dw:.2f} | "
      f"{dr/1024:.0f} | {ww:.2f} | {statistics.median(ratios):.2f} | {sw/ww:.0f} | {each} |")
PY
done
