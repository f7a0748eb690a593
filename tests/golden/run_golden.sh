#!/usr/bin/env bash
# Golden end-to-end tests: runs the ssla binary for every case under
# tests/golden/cases/NAME/ and compares stdout, stderr and exit status with
# the checked-in expectations, each separately.
#
# A case directory holds:
#   args             the command line after `ssla`, one argument per line;
#                    paths are relative to tests/data/ (the working directory)
#   stdin            (optional) fed to standard input
#   expected.stdout  expected.stderr  expected.status
#
# Usage: run_golden.sh SSLA [CASE...]      (compare)
#        run_golden.sh --update SSLA [CASE...]   (rewrite expectations; review the diff)
set -u
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
ssla=$(cd "$(dirname "$1")" && pwd)/$(basename "$1"); shift
here=$(cd "$(dirname "$0")" && pwd)
data=$(cd "$here/../data" && pwd)
export TZ=UTC NO_COLOR=1 LC_ALL=C.UTF-8
unset COLUMNS  # the report's width is then 100, whatever the terminal

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
  for d in "$here"/cases/*/; do cases+=("$(basename "$d")"); done
fi

passed=0; failed=0
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for name in "${cases[@]}"; do
  dir="$here/cases/$name"
  mapfile -t args < "$dir/args"
  stdin=/dev/null
  [ -f "$dir/stdin" ] && stdin="$dir/stdin"
  (cd "$data" && timeout 60 "$ssla" "${args[@]}" < "$stdin" > "$tmp/stdout" 2> "$tmp/stderr")
  echo $? > "$tmp/status"
  if [ $update -eq 1 ]; then
    cp "$tmp/stdout" "$dir/expected.stdout"
    cp "$tmp/stderr" "$dir/expected.stderr"
    cp "$tmp/status" "$dir/expected.status"
    echo "updated: $name"
    continue
  fi
  ok=1
  for part in stdout stderr status; do
    if ! diff -u "$dir/expected.$part" "$tmp/$part" > "$tmp/diff.$part"; then
      ok=0
      echo "--- $name: $part differs"
      head -40 "$tmp/diff.$part"
    fi
  done
  if [ $ok -eq 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $name"; fi
done
[ $update -eq 1 ] && exit 0
echo "golden: $passed passed, $failed failed"
[ $failed -eq 0 ]
