// What the hosted page loads, per screen, from a release build (scripts/size.sh runs it).
//
//   node scripts/size.mjs <dist dir>
//
// Prints every file's raw, gzip -9 and brotli 11 size, then the bytes a browser loads:
// - "PKCE page at start": index.html, the stylesheet, the start script, the wasm-bindgen glue,
//   the chunk loader and the main module, which is everything a config without `authenticator`
//   loads to show its "Sign in" button (the callback, the refresh and sign-out are chunks);
// - "Authenticator, first screen": the same plus the sign-in screen's split and the chunks it
//   depends on, read from the chunk loader (`__wasm_split-*.js`) exactly as the browser resolves
//   them;
// - every split with its own and its dependencies' bytes, and the total of all files.
// With --json it prints the figures as JSON instead.
// Plain Node, no dependencies.

import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import zlib from 'node:zlib';

const args = process.argv.slice(2);
const json = args.includes('--json');
// --with-totals: a last line `<PKCE gzip> <Authenticator gzip>` for scripts/size.sh's budgets.
const withTotals = args.includes('--with-totals');
const dist = args.find((a) => !a.startsWith('--'));
if (!dist) {
  console.error('usage: node scripts/size.mjs <dist dir> [--json]');
  process.exit(2);
}

const files = fs.readdirSync(dist).filter((f) => /\.(wasm|js|css|html)$/.test(f)).sort();
const size = {};
for (const f of files) {
  const data = fs.readFileSync(path.join(dist, f));
  size[f] = {
    raw: data.length,
    gzip: zlib.gzipSync(data, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(data, {
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }).length,
  };
}

const one = (re) => {
  const found = files.filter((f) => re.test(f));
  if (found.length !== 1) {
    console.error(`size: expected one file matching ${re} in ${dist}, found ${found.length}`);
    process.exit(1);
  }
  return found[0];
};
const loaderFile = one(/^__wasm_split-[0-9a-f]+\.js$/);
const start = [
  'index.html',
  one(/^lha-[0-9a-f]+\.css$/),
  one(/^start-[0-9a-f]+\.js$/),
  one(/^lha-[0-9a-f]+\.js$/),
  loaderFile,
  one(/^lha-[0-9a-f]+_bg\.wasm$/),
];

// The loader: `const __chunk_N = makeLoad(<fetch of "./file">, [deps])` and
// `export const __wasm_split_load_<split> = wrapAsyncCb(makeLoad(<fetch or empty>, [deps]))`.
const loader = fs.readFileSync(path.join(dist, loaderFile), 'utf8');
const LOAD = /(?:const (__chunk_\d+)|export const __wasm_split_load_(\w+)) = (?:wrapAsyncCb\()?makeLoad\(([\s\S]*?)\n?, \[([^\]]*)\]\)/g;
const chunkFile = {};
const splits = {};
for (const m of loader.matchAll(LOAD)) {
  const file = m[3].match(/new URL\("\.\/([^"]+)"/)?.[1] ?? null;
  const deps = m[4].split(',').map((d) => d.trim()).filter(Boolean);
  if (m[1]) chunkFile[m[1]] = file;
  else splits[m[2]] = { file, deps };
}
const filesOf = (split) => {
  const s = splits[split];
  if (!s) return null;
  return [...s.deps.map((d) => chunkFile[d]), s.file].filter(Boolean);
};
const sum = (list, key) => list.reduce((n, f) => n + (size[f]?.[key] ?? 0), 0);
const figure = (list) => ({ files: list.length, raw: sum(list, 'raw'), gzip: sum(list, 'gzip'), brotli: sum(list, 'brotli') });

const signIn = filesOf('sign_in');
if (!signIn) {
  console.error('size: the chunk loader has no sign_in split');
  process.exit(1);
}
const report = {
  pkce_start: figure(start),
  authenticator_start: figure([...start, ...signIn]),
  all: figure(files),
  splits: Object.fromEntries(Object.keys(splits).sort().map((s) => [s, figure(filesOf(s))])),
};

if (json) {
  console.log(JSON.stringify(report));
} else {
  const row = (name, f) =>
    `${name.padEnd(46)} ${String(f.raw).padStart(9)} ${String(f.gzip).padStart(9)} ${String(f.brotli).padStart(9)}`;
  console.log(`${'file'.padEnd(46)} ${'raw'.padStart(9)} ${'gzip'.padStart(9)} ${'brotli'.padStart(9)}`);
  for (const f of files) console.log(row(f, size[f]));
  console.log(`\n${'loaded'.padEnd(46)} ${'raw'.padStart(9)} ${'gzip'.padStart(9)} ${'brotli'.padStart(9)}`);
  console.log(row('PKCE page at start', report.pkce_start));
  console.log(row('Authenticator, first screen (sign_in split)', report.authenticator_start));
  for (const [s, f] of Object.entries(report.splits)) console.log(row(`  + split ${s} (${f.files} files)`, f));
  console.log(row(`all files (${files.length})`, report.all));
  if (withTotals) console.log(`${report.pkce_start.gzip} ${report.authenticator_start.gzip}`);
}
