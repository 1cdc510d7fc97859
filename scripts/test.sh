#!/usr/bin/env bash
# Sets everything up and runs every test:
#   1. native: the protocol core, theme and adapters' pure functions (cargo test)
#   2. browser: wasm-bindgen-test in headless Chromium, then headless Firefox ESR (storage,
#      redirect handler, components, WebCrypto signatures)
#   3. release build of the hosted page, with its size report
#   4. end to end: the release build in headless Chromium against a local oidc-provider
#   5. fuzz smoke: every cargo-fuzz target of the core for a few seconds (scripts/fuzz.sh)
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/setup.sh --tests
export CHROMEDRIVER="$(command -v chromedriver)"

echo; echo "== 1/5 native tests"
cargo test

echo; echo "== 2/5 browser tests (wasm-bindgen-test), headless Chromium"
cargo test --target wasm32-unknown-unknown --test browser --test jose_browser
echo; echo "== 2/5 browser tests (wasm-bindgen-test), headless Firefox ESR"
# The runner picks geckodriver when GECKODRIVER is set and CHROMEDRIVER is not.
env -u CHROMEDRIVER GECKODRIVER="$(command -v geckodriver)" \
  cargo test --target wasm32-unknown-unknown --test browser --test jose_browser

echo; echo "== 3/5 release build"
bash scripts/build.sh

echo; echo "== 4/5 end-to-end tests (headless Chromium, local oidc-provider)"
(cd tests/e2e && DIST_DIR="$ROOT/dist" npm test --silent)

echo; echo "== 5/5 fuzz smoke (cargo fuzz, ${LHA_FUZZ_SECONDS:-10} s per target; longer runs: fuzz/README.md)"
bash scripts/fuzz.sh "${LHA_FUZZ_SECONDS:-10}"
