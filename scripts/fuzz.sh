#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for N seconds each (default 20) and prints
# the executions and crashes per target. Exits non-zero if any target crashed
# (the crashing input is kept in fuzz/artifacts/<target>/).
#
#   scripts/fuzz.sh            # smoke: 20 s per target
#   scripts/fuzz.sh 180        # the longer run documented in fuzz/README.md
#   scripts/fuzz.sh 60 jwks    # only the named targets
#
# Uses the nightly toolchain (libFuzzer with AddressSanitizer) when rustup has
# one; otherwise stable with RUSTC_BOOTSTRAP=1 and no sanitizer (still
# coverage-guided, panics still caught). LHA_FUZZ_STABLE=1 forces the latter.
# Each run works on a scratch copy of the seed corpus (fuzz/corpus/<target>),
# so the repository's seeds stay small.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECS="${1:-20}"
shift || true
cd "$ROOT/fuzz"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is missing: run scripts/setup.sh (or cargo install --locked cargo-fuzz)" >&2
  exit 2
fi

toolchain=()
extra=()
if [ "${LHA_FUZZ_STABLE:-0}" != "1" ] && rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  toolchain=(+nightly)
  mode="nightly, AddressSanitizer"
else
  export RUSTC_BOOTSTRAP=1
  extra=(--sanitizer none)
  mode="stable with RUSTC_BOOTSTRAP=1, no sanitizer"
fi
export CARGO_TARGET_DIR="${LHA_FUZZ_TARGET_DIR:-$ROOT/fuzz/target}"

echo "== building the fuzz targets ($mode)"
cargo "${toolchain[@]}" fuzz build -O "${extra[@]}" >/dev/null

if [ "$#" -gt 0 ]; then
  targets="$*"
else
  targets=$(cargo "${toolchain[@]}" fuzz list)
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
printf '\n%-20s %12s %10s %8s %s\n' target executions exec/s crashes corpus
for t in $targets; do
  mkdir -p "$work/$t" "artifacts/$t"
  before=$(find "artifacts/$t" -type f | wc -l)
  seeds=()
  [ -d "corpus/$t" ] && seeds=("corpus/$t")
  set +e
  cargo "${toolchain[@]}" fuzz run "${extra[@]}" -O "$t" "$work/$t" "${seeds[@]}" -- \
    -max_total_time="$SECS" -print_final_stats=1 -max_len=65536 >"$work/$t.log" 2>&1
  rc=$?
  set -e
  after=$(find "artifacts/$t" -type f | wc -l)
  crashes=$((after - before))
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then crashes=1; fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$t.log" | grep -o '[0-9]*$' | tail -1)
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$work/$t.log" | grep -o '[0-9]*$' | tail -1)
  units=$(find "$work/$t" -type f | wc -l)
  printf '%-20s %12s %10s %8s %s\n' "$t" "${execs:-?}" "${rate:-?}" "$crashes" "$units"
  if [ "$crashes" -ne 0 ]; then
    failed=1
    echo "---- $t: last lines of the log" >&2
    tail -40 "$work/$t.log" >&2
  fi
done
exit "$failed"
