#!/usr/bin/env bash
# Sets everything up, builds the hosted page (release) and runs it against a
# local OpenID Connect provider. Open http://127.0.0.1:8080 and press "Sign in"
# (any login and password work at the local provider). Ctrl-C stops it all.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/setup.sh
bash scripts/build.sh

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

node tools/oidc-provider.mjs & pids+=($!)
node tools/serve.mjs --dir dist --port 8080 --config config.json & pids+=($!)
sleep 1
cat <<TXT

  Demo running:  http://127.0.0.1:8080
  Provider:      http://127.0.0.1:9090  (any login and password)
  Ctrl-C to stop.

TXT
wait
