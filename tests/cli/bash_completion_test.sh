#!/usr/bin/env bash
# The generated bash completion, sourced into a bash, completes what a user
# types. Usage: bash_completion_test.sh PATH/TO/ssla.bash
set -u
script=$1
[ -s "$script" ] || { echo "no completion script at $script"; exit 1; }
# shellcheck disable=SC1090
source "$script"
fail=0
# complete LINE: the candidates for the last word of LINE (a trailing space
# starts a new empty word).
complete_line() {
  read -r -a COMP_WORDS <<< "$1"
  [ "${1: -1}" = " " ] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _ssla
  printf '%s\n' "${COMPREPLY[@]}"
}
expect() {  # expect LINE WORD...: each WORD is among the candidates
  local line=$1; shift
  local got; got=$(complete_line "$line")
  for w in "$@"; do
    grep -qx -- "$w" <<< "$got" || { echo "'$line' does not offer $w (got: $(tr '\n' ' ' <<< "$got"))"; fail=1; }
  done
}
expect_only() {  # expect_only LINE WORD: WORD is the one candidate
  local got; got=$(complete_line "$1")
  [ "$got" = "$2" ] || { echo "'$1' completes to '$(tr '\n' ' ' <<< "$got")', not '$2'"; fail=1; }
}
expect_only "ssla rep" report
expect_only "ssla report --for" --format
expect "ssla report --format " table markdown csv json html
expect "ssla report --delimiter " comma semicolon tab pipe
expect "ssla help " report check validate
expect_only "ssla validate --fr" --from
expect "ssla " report check episodes explain inspect validate elapsed due publish init help
exit $fail
