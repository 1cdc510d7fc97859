#!/usr/bin/env bash
# Prints what the hosted page loads: raw and gzip sizes of its wasm, JS and CSS.
set -euo pipefail
dist="${1:-$(dirname "$0")/../dist}"
printf '%-44s %10s %10s\n' file raw gzip
total_raw=0; total_gz=0
for f in "$dist"/*.wasm "$dist"/*.js "$dist"/*.css; do
  [ -f "$f" ] || continue
  raw=$(wc -c <"$f"); gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz))
  printf '%-44s %10s %10s\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-44s %10s %10s\n' total "$total_raw" "$total_gz"
