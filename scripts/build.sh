#!/usr/bin/env bash
# Release build of the hosted page into dist/ (or the directory given as $1), then its size report.
#
# The page is split into WebAssembly chunks that load when a screen needs them (src/ui/lazy.rs):
#   1. cargo builds the wasm with the `split` feature and relocations kept (--emit-relocs);
#   2. wasm-split-cli (crate wasm_split_cli_support) cuts it at the split points into the main
#      module, one chunk per split point, shared chunks, and the loader `__wasm_split.js`;
#   3. wasm-bindgen (--keep-lld-exports: the chunks import the main module's memory, table and
#      functions) writes the JS glue for the main module;
#   4. wasm-opt 132 (npm binaryen; never Debian's 108) -Oz on every module;
#   5. scripts/assemble.mjs names every file by content, adds Subresource Integrity to every
#      script, preload and chunk fetch, writes index.html with no inline script or style (the
#      strict CSP of the README), and fails if anything inline is left.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
dist="${1:-dist}"
case "$dist" in /*) ;; *) dist="$ROOT/$dist" ;; esac

target_dir="$ROOT/target/split"
# Every rustflag for the target in one place: setting the variable replaces .cargo/config.toml's.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS='--cfg getrandom_backend="wasm_js" --cfg erase_components -Clink-args=--emit-relocs'
cargo build --release --target wasm32-unknown-unknown --bin leptos-hosted-auth \
  --features split --target-dir "$target_dir"

# Kept after the build: scripts/wasm-cost.py reads the split modules' names from stage/split.
stage="$target_dir/modules"
rm -rf "$stage"
mkdir -p "$stage/split" "$stage/out"
wasm-split-cli "$target_dir/wasm32-unknown-unknown/release/leptos-hosted-auth.wasm" "$stage/split" \
  --target web --out-name lha
wasm-bindgen --target web --keep-lld-exports --no-typescript --out-name lha \
  --out-dir "$stage/out" "$stage/split/lha.wasm"
cp "$stage/split/"*.js "$stage/out/"
for f in "$stage/split/"*.wasm; do
  [ "$(basename "$f")" = lha.wasm ] && continue
  cp "$f" "$stage/out/"
done

# The features Rust 1.95's wasm32 target emits by default, which every supported browser has.
opt_features=(--enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int
  --enable-sign-ext --enable-reference-types --enable-multivalue)
for f in "$stage/out/"*.wasm; do
  wasm-opt -Oz "${opt_features[@]}" "$f" -o "$f"
done

rm -rf "$dist"
mkdir -p "$dist"
node scripts/assemble.mjs "$stage/out" "$dist"
echo
echo "What the page loads (bytes):"
bash scripts/size.sh "$dist"
