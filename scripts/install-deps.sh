#!/usr/bin/env bash
# Installs the Debian packages ssla needs to build and test, only those missing.
# Run as root on Debian 12 (bookworm) or later. `--fuzz` installs the fuzz step's
# packages instead.
set -euo pipefail

packages=(
  g++ cmake ninja-build python3 tzdata
  libcli11-dev libfccp-dev libhowardhinnant-date-dev libfmt-dev catch2
  libyaml-cpp-dev libsimdjson-dev zlib1g-dev libre2-dev pkg-config
  python3-html5lib   # the HTML report's validity test (docs/report.md)
  man-db groff-base  # the man page test renders the generated page (man -l, groff -ww)
)
# `--fuzz`: what the fuzz step needs as well (scripts/fuzz.sh, docs/fuzzing.md):
# Debian's clang and the compiler runtime that holds libFuzzer.
if [ "${1:-}" = "--fuzz" ]; then
  packages=(clang libclang-rt-dev)
  # bookworm names the runtime after the clang version.
  if ! apt-cache show libclang-rt-dev > /dev/null 2>&1; then
    packages=(clang libclang-rt-14-dev)
  fi
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing: ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "error: these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
