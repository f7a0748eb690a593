#!/usr/bin/env bash
# Regenerates the golden expectations after a reviewed change:
#   scripts/update-golden.sh [CASE...]   then review `git diff tests/golden`.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash tests/golden/run_golden.sh --update build/ssla "$@"
