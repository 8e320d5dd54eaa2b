#!/bin/sh
# What the wasm-release profile and wasm-opt choices gain, in wasm bytes (raw / gzip -9 / brotli q11).
# Builds the viewer's wasm with each opt-level in its own target dir (so the shared one is
# untouched), runs wasm-bindgen as Trunk does, then compares no wasm-opt / wasm-opt -Oz.
# Usage (from the repo root): sh tests/bench/size-variants.sh [OPT_LEVEL...]   (default: z s 3)
# Slow: each opt-level is a full release build of the wasm (minutes).
set -eu
root=$(pwd)
out="$root/target/bench/variants"
mkdir -p "$out"
PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
sizes() {
  node -e '
    const fs = require("fs"), z = require("zlib");
    const b = fs.readFileSync(process.argv[1]);
    const br = z.brotliCompressSync(b, { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    console.log(`${process.argv[2].padEnd(34)} raw ${b.length}  gzip ${z.gzipSync(b, { level: 9 }).length}  br ${br}`);
  ' "$1" "$2"
}
for level in ${*:-z s 3}; do
  dir="$out/opt-$level"
  CARGO_TARGET_DIR="$dir/target" CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL="$level" \
    cargo build --offline --profile wasm-release --target wasm32-unknown-unknown -p profile-viewer --bin profile-viewer >"$dir.log" 2>&1
  wasm-bindgen --target web --out-dir "$dir/bindgen" "$dir/target/wasm32-unknown-unknown/wasm-release/profile-viewer.wasm"
  wasm-bindgen --target web --remove-name-section --remove-producers-section --out-dir "$dir/stripped" \
    "$dir/target/wasm32-unknown-unknown/wasm-release/profile-viewer.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    --enable-reference-types --enable-multivalue "$dir/bindgen/profile-viewer_bg.wasm" -o "$dir/oz.wasm"
  sizes "$dir/bindgen/profile-viewer_bg.wasm" "opt-level=$level, no wasm-opt"
  sizes "$dir/stripped/profile-viewer_bg.wasm" "opt-level=$level, names stripped"
  sizes "$dir/oz.wasm" "opt-level=$level, wasm-opt -Oz"
done
