#!/usr/bin/env bash
# Measures ssla against the floor (`wc -l`) and the DuckDB peer query on
# generated twcs exports of several sizes (docs/performance.md).
#
#   bench/compare.sh [SIZES...]     default: 1000000 3000000 10000000
#
# Needs build/ssla (scripts/build.sh), python3, node and npm; DuckDB
# (@duckdb/node-api from the npm registry) is installed into bench/.duckdb/,
# which git ignores. Generated files go to ${TMPDIR:-/tmp}. Each command runs
# three times; the table shows the median wall time and the peak RSS. ssla
# runs with its default two threads, and once more with --threads 1.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000000 3000000 10000000)
tmp=${TMPDIR:-/tmp}
duck=bench/.duckdb
if [ ! -d "$duck/node_modules/@duckdb/node-api" ]; then
  mkdir -p "$duck"
  (cd "$duck" && npm install --silent --no-audit --no-fund @duckdb/node-api@1.5.6-r.1 >&2)
fi
cp bench/duckdb_first_response.mjs "$duck/"

# median wall seconds and max RSS (KiB) of three runs of a command
measure() {
  local walls=() rss=0 out
  for _ in 1 2 3; do
    out=$({ /usr/bin/time -f "%e %M" "$@" > /dev/null; } 2>&1 | tail -1)
    walls+=("${out% *}")
    [ "${out#* }" -gt "$rss" ] && rss=${out#* }
  done
  printf '%s %s\n' "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n 2p)" "$rss"
}

printf '| messages | MB | ssla s | ssla RSS MiB | bytes/message | ssla 1 core s | DuckDB s | DuckDB RSS MiB | wc -l s | ssla/DuckDB | ssla/wc |\n'
printf '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n'
for n in "${sizes[@]}"; do
  file="$tmp/ssla-twcs-$n.csv"
  [ -f "$file" ] || python3 bench/gen_twcs.py "$n" "$file"
  mb=$(( $(stat -c %s "$file") / 1000000 ))
  read -r s_wall s_rss < <(measure build/ssla report --preset twcs --by account \
      -p bench/twcs-bench.yaml "$file")
  read -r o_wall _ < <(measure build/ssla report --threads 1 --preset twcs --by account \
      -p bench/twcs-bench.yaml "$file")
  read -r d_wall d_rss < <(measure node "$duck/duckdb_first_response.mjs" "$file")
  read -r w_wall _ < <(measure wc -l "$file")
  python3 - "$n" "$mb" "$s_wall" "$s_rss" "$o_wall" "$d_wall" "$d_rss" "$w_wall" <<'PY'
import sys
n, mb, sw, sr, ow, dw, dr, ww = sys.argv[1:]
n, sw, sr, ow, dw, dr = int(n), float(sw), int(sr), float(ow), float(dw), int(dr)
ww = max(float(ww), 0.01)
print(f"| {n:,} | {mb} | {sw:.2f} | {sr/1024:.0f} | {sr*1024/n:.0f} | {ow:.2f} | {dw:.2f} | {dr/1024:.0f} | {ww:.2f} | {sw/dw:.2f} | {sw/ww:.0f} |")
PY
done
