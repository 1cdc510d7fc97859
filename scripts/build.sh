#!/usr/bin/env bash
# Release build of the hosted page into dist/ (or the directory given as $1), then its size report.
#
# Trunk.toml's post_build hook (scripts/csp-start.mjs) moves Trunk's inline start-up script into
# an external start-<hash>.js, so the page runs under the strict Content-Security-Policy that
# tools/serve.mjs sends and the README's deployment section documents. The check below makes sure
# of it on the final output.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
dist="${1:-dist}"
trunk build --release --offline --dist "$dist"
if perl -0777 -ne 'exit(!(/<script(?![^>]*\bsrc=)[^>]*>\s*\S/i || /<style\b|\sstyle\s*=/i))' "$dist/index.html"; then
  echo "build.sh: $dist/index.html still holds an inline script or style: the strict CSP would block it" >&2
  exit 1
fi
echo
echo "What the page loads (bytes):"
bash scripts/size.sh "$dist"
