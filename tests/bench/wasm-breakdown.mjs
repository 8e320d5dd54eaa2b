// Where the wasm's code bytes go, by crate: reads the code section and the `name` section
// of a wasm file that still has names (wasm-bindgen output before wasm-opt, e.g.
// target/bench/variants/opt-z/bindgen/profile-viewer_bg.wasm) and sums body sizes per
// crate prefix. Proportions only: wasm-opt -Oz shrinks every body further.
// Usage: node tests/bench/wasm-breakdown.mjs FILE.wasm [TOP]
import { readFileSync } from 'node:fs';

const [file, top = '25'] = process.argv.slice(2);
const bytes = readFileSync(file);
let pos = 8;
const leb = () => {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (b < 0x80) return result;
  }
};
const str = () => {
  const n = leb();
  const s = bytes.toString('utf8', pos, pos + n);
  pos += n;
  return s;
};
let imported = 0;
const bodies = [];
const names = new Map();
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = leb();
  const end = pos + size;
  if (id === 2) {
    for (let n = leb(); n > 0; n--) {
      str();
      str();
      const kind = bytes[pos++];
      if (kind === 0) (leb(), imported++);
      else if (kind === 1) (pos++, bytes[pos++] & 1 ? (leb(), leb()) : leb());
      else if (kind === 2) (bytes[pos++] & 1 ? (leb(), leb()) : leb());
      else if (kind === 3) pos += 2;
      else if (kind === 4) (pos++, leb());
    }
  } else if (id === 10) {
    for (let n = leb(), i = 0; i < n; i++) {
      const len = leb();
      bodies.push(len);
      pos += len;
    }
  } else if (id === 0 && str() === 'name') {
    while (pos < end) {
      const sub = bytes[pos++];
      const len = leb();
      const subEnd = pos + len;
      if (sub === 1) for (let n = leb(); n > 0; n--) names.set(leb(), str());
      pos = subEnd;
    }
  }
  pos = end;
}
const crateOf = (name) => {
  const m = name.match(/^(?:<)?(?:&(?:mut )?)?([a-zA-Z_][a-zA-Z0-9_]*)::/);
  if (m) return m[1];
  // Legacy mangling (`_ZN` + length-prefixed path): the first segment is the crate, or for
  // an impl the crate named in it.
  const z = name.match(/^_ZN(\d+)/);
  if (!z) return '(other)';
  const first = name.slice(3 + z[1].length, 3 + z[1].length + Number(z[1]));
  // An impl `<T as trait_crate::Trait>` counts for the trait's crate, `<crate::Type>` its own.
  const asTrait = first.match(/\$u20\$as\$u20\$([a-zA-Z_][a-zA-Z0-9_]*)/);
  if (asTrait) return asTrait[1];
  const impl = first.match(/^_?\$LT\$(?:\$RF\$)?(?:mut\$u20\$)?([a-zA-Z_][a-zA-Z0-9_]*)\.\./);
  return impl ? impl[1] : first.replace(/\.\..*/, '');
};
const total = bodies.reduce((a, b) => a + b, 0);
const byCrate = new Map();
bodies.forEach((len, i) => {
  const c = crateOf(names.get(i + imported) ?? '');
  byCrate.set(c, (byCrate.get(c) ?? 0) + len);
});
console.log(`${file}: ${bytes.length} bytes, code ${total} bytes in ${bodies.length} functions (${names.size} named)`);
for (const [c, n] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  console.log(`${String(n).padStart(9)}  ${((100 * n) / total).toFixed(1).padStart(5)} %  ${c}`);
}
