#!/usr/bin/env bash
# The generated man page renders with man -l without warnings and documents
# every command. Usage: man_page_test.sh PATH/TO/ssla.1
set -u
page=$1
[ -s "$page" ] || { echo "no man page at $page"; exit 1; }
err=$(mktemp); trap 'rm -f "$err"' EXIT
out=$(MANWIDTH=80 LC_ALL=C.UTF-8 man -l "$page" 2> "$err") || { echo "man -l failed"; cat "$err"; exit 1; }
warnings=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$page" 2>&1)
[ -z "$warnings" ] || { echo "groff warnings:"; echo "$warnings"; exit 1; }
fail=0
for word in NAME SYNOPSIS COMMANDS "EXIT STATUS" "ssla report" "ssla validate" --policy --breaches --wide; do
  grep -q -- "$word" <<< "$out" || { echo "missing from the rendered page: $word"; fail=1; }
done
exit $fail
