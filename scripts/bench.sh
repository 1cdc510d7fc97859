#!/usr/bin/env bash
# Performance bench: the hosted sign-in page against its peers, in one command.
#
#   bash scripts/bench.sh                 # BENCH_RUNS=15 cold loads per page
#   BENCH_RUNS=5 bash scripts/bench.sh    # quicker, noisier
#
# What it does, each time (safe to run again; what is built and up to date is kept):
#   1. waits for a scripts/setup.sh already running, then runs scripts/setup.sh (it installs only
#      what is missing: the wasm target, wasm-bindgen-cli, Chromium, tools/node_modules, ...);
#      `npm ci` in bench/ when bench/node_modules is older than bench/package-lock.json;
#   2. builds, into bench/out/ (BENCH_OUT to change):
#      - ours/          our release build (scripts/build.sh; its size budget is not enforced here);
#      - leptos-floor/  bench/leptos-floor, the smallest Leptos 0.8 CSR page (the floor);
#      - srp-ours/      bench/srp-wasm, our core::srp as one wasm-bindgen export;
#      both with cargo --release for wasm32 (CARGO_TARGET_DIR=target/bench), the wasm-bindgen CLI
#      (--target web) and wasm-opt -Oz from tools/node_modules (binaryen 132);
#      bench/run.mjs then builds the npm peers with Vite (bench/pages/*: Amplify's Authenticator,
#      oidc-client-ts, amazon-cognito-identity-js's SRP) once it knows the user pool's ids;
#   3. starts on 127.0.0.1 only: ministack (the local Cognito, port BENCH_MINISTACK_PORT=4577, so
#      it never meets the tests' 4566), and bench/run.mjs starts the static servers. No OpenID
#      provider: neither our PKCE page nor the oidc-client-ts page fetches discovery before its
#      "Sign in" button shows (run.mjs notes any request to another origin before a first screen);
#   4. bench/run.mjs drives Debian's Chromium (playwright-core) and prints one table of figures,
#      also written to bench/results.md: bytes at start and of all chunks, first render, main-
#      thread CPU, SRP against amazon-cognito-identity-js, memory after a sign-in, each against
#      Amplify and its target, and how much CPU other processes took meanwhile;
#   5. stops everything it started (trap on EXIT). Every wait is bounded and says what it waited for.
# It never fails on a figure: targets are printed as met or not met.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

BENCH="$ROOT/bench"
OUT="$(mkdir -p "${BENCH_OUT:-$BENCH/out}" && cd "${BENCH_OUT:-$BENCH/out}" && pwd)"
LOGS="$OUT/logs"
mkdir -p "$LOGS"
export BENCH_OUT="$OUT"
export BENCH_MINISTACK_PORT="${BENCH_MINISTACK_PORT:-4577}"
export CARGO_TARGET_DIR="$ROOT/target/bench"
# Every rustflag for wasm32 in one place (this replaces .cargo/config.toml's): getrandom's backend.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS='--cfg getrandom_backend="wasm_js"'
# The wasm features Rust 1.95's wasm32 target emits (as scripts/build.sh passes them).
WASM_OPT_FEATURES=(--enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-reference-types --enable-multivalue)
began=$(date +%s)

step() { printf '\n== bench: %s\n' "$*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

pids=()
ministack_started=false
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do
    if kill -0 "$p" 2>/dev/null; then
      kill "$p" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$p" 2>/dev/null || true
    fi
  done
  if $ministack_started; then
    MINISTACK_PORT="$BENCH_MINISTACK_PORT" bash tools/ministack.sh stop >/dev/null 2>&1 || true
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs "$@" with output to $LOGS/$name.log; on failure shows its tail and returns 1.
logged() {
  local name=$1; shift
  if "$@" >"$LOGS/$name.log" 2>&1; then return 0; fi
  echo "bench: $name failed; the end of $LOGS/$name.log:" >&2
  tail -25 "$LOGS/$name.log" >&2
  return 1
}

# ---- 1. tools ---------------------------------------------------------------------------------
step "tools"
SETUP_WAIT_S="${BENCH_SETUP_WAIT_S:-3600}"
if pgrep -f 'scripts/setup\.sh' >/dev/null; then
  echo "bench: scripts/setup.sh is already running (pid $(pgrep -f 'scripts/setup\.sh' | tr '\n' ' ')): waiting for it, at most ${SETUP_WAIT_S} s" >&2
  waited=0
  while pgrep -f 'scripts/setup\.sh' >/dev/null; do
    [ "$waited" -ge "$SETUP_WAIT_S" ] && die "scripts/setup.sh still running after ${SETUP_WAIT_S} s; run the bench again when it has finished"
    sleep 10; waited=$((waited + 10))
  done
fi
logged setup timeout 3600 bash scripts/setup.sh || die "scripts/setup.sh failed: the build tools are missing"
wasm-bindgen --version | grep -q '0.2.130' || die "wasm-bindgen 0.2.130 is needed (found: $(wasm-bindgen --version 2>&1))"
WASM_OPT="$ROOT/tools/node_modules/.bin/wasm-opt"
[ -x "$WASM_OPT" ] && "$WASM_OPT" --version | grep -q 'version 132' ||
  die "wasm-opt 132 (npm binaryen in tools/node_modules) is needed, never Debian's: run scripts/setup.sh"
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing: apt-get install -y chromium"
if [ ! -f "$BENCH/node_modules/.package-lock.json" ] ||
   [ "$BENCH/package-lock.json" -nt "$BENCH/node_modules/.package-lock.json" ]; then
  step "npm ci in bench/"
  (cd "$BENCH" && timeout 600 npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in bench/ failed"
fi

# ---- 2. builds --------------------------------------------------------------------------------
skipped=""
skip() { skipped+="$1: $2"$'\n'; echo "bench: $1 will not be measured: $2" >&2; }

step "our release build (scripts/build.sh -> $OUT/ours)"
# The bench reports sizes, it does not enforce the budget (scripts/size.sh's is for the tests).
if ! LHA_BUDGET_PKCE_GZIP=1000000000 LHA_BUDGET_AUTHENTICATOR_GZIP=1000000000 logged build-ours timeout 3600 bash scripts/build.sh "$OUT/ours"; then
  rm -rf "$OUT/ours"
  skip ours "scripts/build.sh failed (log: $LOGS/build-ours.log)"
fi

# cargo build --release for wasm32, wasm-bindgen --target web, wasm-opt -Oz, the page's files.
#   wasm_page CRATE_DIR ARTIFACT OUT_NAME PAGE_DIR DEST
wasm_page() {
  local crate=$1 artifact=$2 name=$3 page=$4 dest=$5
  local wasm="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/$artifact.wasm"
  timeout 3600 cargo build --release --target wasm32-unknown-unknown --manifest-path "$crate/Cargo.toml" || return 1
  if [ -f "$dest/${name}_bg.wasm" ] && [ "$dest/${name}_bg.wasm" -nt "$wasm" ] &&
     [ -z "$(find "$page" "$BENCH/pages/srp-inputs.json" -newer "$dest/${name}_bg.wasm")" ]; then
    echo "$dest is up to date"
    return 0
  fi
  rm -rf "$dest"
  mkdir -p "$dest"
  wasm-bindgen --target web --no-typescript --out-name "$name" --out-dir "$dest" "$wasm" || return 1
  "$WASM_OPT" -Oz "${WASM_OPT_FEATURES[@]}" "$dest/${name}_bg.wasm" -o "$dest/${name}_bg.wasm" || return 1
  cp "$page"/* "$dest/"
}

step "the Leptos floor (bench/leptos-floor -> $OUT/leptos-floor)"
logged build-floor wasm_page "$BENCH/leptos-floor" leptos-floor leptos_floor "$BENCH/pages/leptos-floor" "$OUT/leptos-floor" ||
  { rm -rf "$OUT/leptos-floor"; skip leptos-floor "its build failed (log: $LOGS/build-floor.log)"; }

step "our SRP as wasm (bench/srp-wasm -> $OUT/srp-ours)"
if logged build-srp wasm_page "$BENCH/srp-wasm" lha_bench_srp_wasm srp_wasm "$BENCH/pages/srp-ours" "$OUT/srp-ours"; then
  cp "$BENCH/pages/srp-inputs.json" "$OUT/srp-ours/"
else
  rm -rf "$OUT/srp-ours"
  skip srp-ours "its build failed (log: $LOGS/build-srp.log)"
fi
export BENCH_SKIPPED="$skipped"

# ---- 3. services ------------------------------------------------------------------------------
step "ministack on 127.0.0.1:$BENCH_MINISTACK_PORT"
if MINISTACK_PORT="$BENCH_MINISTACK_PORT" bash tools/ministack.sh status >/dev/null 2>&1; then
  echo "bench: ministack already answers on port $BENCH_MINISTACK_PORT: using it, leaving it running" >&2
else
  ministack_started=true
  MINISTACK_PORT="$BENCH_MINISTACK_PORT" timeout 300 bash tools/ministack.sh start >&2 ||
    die "ministack did not start (log: tools/.venv/run/ministack-$BENCH_MINISTACK_PORT.log)"
fi

# ---- 4. measure -------------------------------------------------------------------------------
step "measuring (bench/run.mjs)"
RUN_TIMEOUT_S="${BENCH_RUN_TIMEOUT_S:-1500}"
timeout "$RUN_TIMEOUT_S" node "$BENCH/run.mjs" &
pids+=($!)
rc=0
wait "${pids[-1]}" || rc=$?
[ "$rc" -eq 124 ] && die "bench/run.mjs did not finish within ${RUN_TIMEOUT_S} s (BENCH_RUN_TIMEOUT_S to change)"
[ "$rc" -ne 0 ] && die "bench/run.mjs failed (exit $rc)"
echo >&2
echo "bench: done in $(( $(date +%s) - began )) s" >&2
