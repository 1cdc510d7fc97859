#!/usr/bin/env bash
# Installs everything the demo needs, and with --tests everything the tests
# need too (Firefox ESR and geckodriver, cargo-fuzz, the local Cognito
# emulator), skipping what is already there. Safe to run again.
# Needs: Debian 12, rustup, Node 20 (with npm).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

tests=false
case "${1:-}" in
  --tests) tests=true ;;
  "") ;;
  *) echo "usage: $0 [--tests]" >&2; exit 2 ;;
esac

step() { printf '\n== %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v gzip >/dev/null || missing+=(gzip)
command -v curl >/dev/null || missing+=(curl)
python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if $tests; then
  # The browser tests run in Firefox too (wasm-bindgen-test through geckodriver).
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  step "Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
export CHROMEDRIVER="$(command -v chromedriver)"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  rustup component list --installed | grep -q "^$component" || rustup component add "$component"
done

# The release build cuts the wasm at its split points (scripts/build.sh) with wasm-split-cli.
if ! wasm-split-cli --help >/dev/null 2>&1; then
  step "wasm-split-cli 0.2.4 (wasm_split_cli_support, about 3 minutes)"
  cargo install --locked wasm_split_cli_support --version 0.2.4 --features build-binary
fi
# Must equal the wasm-bindgen crate pinned in Cargo.toml. No --locked: its lock
# file wants a crate version the registry no longer serves.
if ! wasm-bindgen --version 2>/dev/null | grep -q '0.2.130'; then
  step "wasm-bindgen-cli 0.2.130 (about 6 minutes)"
  cargo install wasm-bindgen-cli --version 0.2.130
fi

if $tests; then
  # cargo-fuzz for scripts/fuzz.sh (the fuzz targets in fuzz/), only if missing.
  if ! cargo fuzz --version >/dev/null 2>&1; then
    step "cargo-fuzz (about 3 minutes)"
    cargo install --locked cargo-fuzz
  fi
  # geckodriver for the browser tests in Firefox.
  if ! geckodriver --version >/dev/null 2>&1; then
    step "geckodriver (about 3 minutes)"
    cargo install --locked geckodriver
  fi
fi

npm_install() {
  local dir="$1"
  # Skip when node_modules matches the lock file already.
  if [ -f "$dir/node_modules/.package-lock.json" ] &&
     [ "$dir/node_modules/.package-lock.json" -nt "$dir/package-lock.json" ]; then
    return
  fi
  step "npm packages in $dir"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}
npm_install tools      # binaryen 132 (wasm-opt), oidc-provider
npm_install tests/e2e  # playwright-core (drives the Debian Chromium)

if $tests; then
  # The local Cognito emulator for the Authenticator's tests (a venv in tools/.venv).
  step "ministack (local Cognito) in tools/.venv"
  bash tools/ministack.sh install
fi

step "set-up complete"
