#!/usr/bin/env bash
# Counts the instructions ssla executes for a groups-only report of a
# generated twcs export, on one thread, with valgrind's callgrind: a count
# that does not move with the machine's load, where wall times on the shared
# two-vCPU machine move by 10 % and more from one minute to the next
# (docs/performance.md). It judges changes that remove work; a change of
# memory traffic, of page faults or of how the two threads share the work
# shows only in wall times (bench/compare.sh).
#
#   bench/instructions.sh [BIN [MESSAGES [POLICY]]]
#
# Defaults: build/ssla, 200000 messages, bench/twcs-bench-s8.yaml. The file
# goes to ${TMPDIR:-/tmp} (bench/gen_twcs.py, the same bytes every time).
# Prints the total and the instructions per message; the profile is kept in
# ${TMPDIR:-/tmp}/ssla-callgrind.out for callgrind_annotate. Needs valgrind
# (Debian package `valgrind`, docs/dependencies.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/ssla}
n=${2:-200000}
policy=${3:-bench/twcs-bench-s8.yaml}
tmp=${TMPDIR:-/tmp}
if ! command -v valgrind > /dev/null; then
  echo "bench/instructions.sh: valgrind is not installed (apt-get install valgrind)" >&2
  exit 2
fi
file="$tmp/ssla-twcs-$n.csv"
[ -f "$file" ] || python3 bench/gen_twcs.py "$n" "$file"
out="$tmp/ssla-callgrind.out"
valgrind --tool=callgrind --callgrind-out-file="$out" "$bin" report --threads 1 --preset twcs \
  --by account -p "$policy" "$file" > /dev/null 2> "$tmp/ssla-callgrind.log" || {
  cat "$tmp/ssla-callgrind.log" >&2
  exit 1
}
total=$(sed -n 's/^summary: *//p' "$out")
echo "$bin: $total instructions, $((total / n)) a message ($n messages, $policy)"
