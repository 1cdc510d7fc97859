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

# The budget: the gzip total the page may load (LHA_SIZE_BUDGET_GZIP bytes).
# Set at the 2026-11-26 figure (344,404 B, after the hand-written theme and
# text readers) plus about 4.5 %: growth past it has to be a decision, not an
# accident.
budget="${LHA_SIZE_BUDGET_GZIP:-360000}"
printf 'budget: %s of %s bytes gzip (%s%%)\n' "$total_gz" "$budget" "$((total_gz * 100 / budget))"
if [ "$total_gz" -gt "$budget" ]; then
  echo "over the size budget: cut something, or raise LHA_SIZE_BUDGET_GZIP in scripts/size.sh on purpose" >&2
  exit 1
fi
