#!/usr/bin/env bash
# Installs the Debian packages ssla needs to build and test, only those missing.
# Run as root on Debian 12 (bookworm) or later.
set -euo pipefail

packages=(
  g++ cmake ninja-build python3 tzdata
  libcli11-dev libfccp-dev libhowardhinnant-date-dev libfmt-dev catch2
  libyaml-cpp-dev libsimdjson-dev zlib1g-dev libre2-dev pkg-config
  python3-html5lib   # the HTML report's validity test (docs/report.md)
)

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
