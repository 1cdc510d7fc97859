#!/usr/bin/env bash
# Release build of the hosted page into dist/, then its size report.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
trunk build --release --offline
echo
echo "What the page loads (bytes):"
bash scripts/size.sh dist
