// The last step of scripts/build.sh: turns the optimised modules into the hosted page's dist/.
//
//   node scripts/assemble.mjs <modules dir> <dist dir>
//
// <modules dir> holds what wasm-split-cli, wasm-bindgen and wasm-opt wrote: `lha.js` (the
// wasm-bindgen glue), `lha_bg.wasm` (the main module), `__wasm_split.js` (the chunk loader) and
// one `.wasm` per chunk. This script
// - names every file by its content (`<name>-<sha256 prefix>.<ext>`), so caching is safe;
// - pins every chunk the loader fetches with Subresource Integrity (`fetch(url, { integrity })`),
//   the main module too, and the scripts and stylesheet through `integrity` attributes on their
//   <link>/<script> tags (a static `import` has no integrity of its own: the `modulepreload`
//   links put the pinned modules into the module map first);
// - writes the start script as an external file (`start-<hash>.js`): no inline script, no inline
//   style, no event-handler attribute, so the page runs under `script-src 'self'
//   'wasm-unsafe-eval'` and `style-src 'self'` (README, "Deploying the hosted page"). The build
//   fails if the result holds anything inline;
// - copies favicon.svg and the demo config.json.
// Plain Node, no dependencies.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [input, dist] = process.argv.slice(2);
if (!input || !dist) {
  console.error('usage: node scripts/assemble.mjs <modules dir> <dist dir>');
  process.exit(2);
}

const problems = [];
const fail = (message) => problems.push(message);
const sha = (algorithm, data) => crypto.createHash(algorithm).update(data);
const sri = (data) => `sha384-${sha('sha384', data).digest('base64')}`;
const short = (data) => sha('sha256', data).digest('hex').slice(0, 16);
const read = (name) => fs.readFileSync(path.join(input, name));
const write = (name, data) => fs.writeFileSync(path.join(dist, name), data);
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

fs.mkdirSync(dist, { recursive: true });

// 1. Chunks: content names, and the loader fetches each with its integrity.
let loader = read('__wasm_split.js').toString('utf8');
const chunks = fs.readdirSync(input).filter((f) => f.endsWith('.wasm') && f !== 'lha_bg.wasm');
let pinned = 0;
for (const file of chunks.sort()) {
  const data = read(file);
  const name = `${file.replace(/\.wasm$/, '')}-${short(data)}.wasm`;
  const fetchRe = new RegExp(`fetch\\(new URL\\("\\./${escapeRe(file)}", import\\.meta\\.url\\)\\)`, 'g');
  let found = 0;
  loader = loader.replace(fetchRe, () => {
    found += 1;
    pinned += 1;
    return `fetch(new URL("./${name}", import.meta.url), { integrity: "${sri(data)}" })`;
  });
  if (found === 0) fail(`the chunk loader never fetches ${file} (did wasm-split-cli change its output?)`);
  write(name, data);
}
const fetches = (loader.match(/\bfetch\(/g) || []).length;
if (fetches !== pinned) fail(`the chunk loader has ${fetches} fetch calls, ${pinned} of them pinned by integrity`);

// 2. The main module and the two JS modules, which import each other: one build id for both.
const mainWasm = read('lha_bg.wasm');
let glue = read('lha.js').toString('utf8');
const id = short(Buffer.concat([mainWasm, Buffer.from(glue), Buffer.from(loader)]));
const names = {
  wasm: `lha-${short(mainWasm)}_bg.wasm`,
  glue: `lha-${id}.js`,
  loader: `__wasm_split-${id}.js`,
  css: '',
  start: '',
};
const replaceImport = (code, from, to, what) => {
  // Only the module specifier of `import ... from "./x.js"`: wasm-bindgen also uses the wasm
  // import module's name as a key of the imports object, which must stay as it is.
  const re = new RegExp(`(\\bfrom\\s*)(["'])\\./${escapeRe(from)}\\2`, 'g');
  let found = 0;
  const out = code.replace(re, (_, f, q) => {
    found += 1;
    return `${f}${q}./${to}${q}`;
  });
  if (found === 0) fail(`${what} does not import ./${from}`);
  return out;
};
glue = replaceImport(glue, '__wasm_split.js', names.loader, 'lha.js');
loader = replaceImport(loader, 'lha.js', names.glue, '__wasm_split.js');
write(names.wasm, mainWasm);
write(names.glue, glue);
write(names.loader, loader);

// 3. The stylesheet.
const css = fs.readFileSync(path.join(ROOT, 'style/lha.css'));
names.css = `lha-${short(css)}.css`;
write(names.css, css);

// 4. The start script: instantiate the main module (pinned), expose the bindings as Trunk did
//    (`window.wasmBindings`), and say so in the page if the module cannot be loaded at all.
const start = `import init, * as bindings from "./${names.glue}";

try {
  await init({ module_or_path: fetch("/${names.wasm}", { integrity: "${sri(mainWasm)}" }) });
  window.wasmBindings = bindings;
} catch (error) {
  console.error("leptos-hosted-auth: the page's WebAssembly could not be loaded:", error);
  const main = document.createElement("main");
  main.className = "lha-page";
  main.dataset.lhaState = "error";
  const card = main.appendChild(document.createElement("section"));
  card.className = "lha-card";
  const alert = card.appendChild(document.createElement("div"));
  alert.className = "lha-error";
  alert.setAttribute("role", "alert");
  alert.dataset.lhaErrorCode = "chunk_load_failed";
  const text = alert.appendChild(document.createElement("p"));
  text.className = "lha-error__message";
  text.textContent = "The sign-in page could not be loaded. Check your connection and reload the page.";
  document.body.replaceChildren(main);
}
`;
names.start = `start-${short(start)}.js`;
write(names.start, start);

// 5. index.html.
const tags = [
  `<link rel="stylesheet" href="/${names.css}" integrity="${sri(css)}" />`,
  `<link rel="modulepreload" href="/${names.glue}" integrity="${sri(glue)}" crossorigin="anonymous" />`,
  `<link rel="modulepreload" href="/${names.loader}" integrity="${sri(loader)}" crossorigin="anonymous" />`,
  `<link rel="preload" href="/${names.wasm}" as="fetch" type="application/wasm" integrity="${sri(mainWasm)}" crossorigin="anonymous" />`,
  `<script type="module" src="/${names.start}" integrity="${sri(start)}" crossorigin="anonymous"></script>`,
];
let html = fs.readFileSync(path.join(ROOT, 'index.html'), 'utf8');
const marker = /[ \t]*<!-- lha:assets[^>]*-->/;
if (!marker.test(html)) fail('index.html has no <!-- lha:assets --> marker');
html = html.replace(marker, (m) => tags.map((t) => m.match(/^[ \t]*/)[0] + t).join('\n'));
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
  if (!/\bsrc\s*=/i.test(m[1]) || m[2].trim() !== '') fail(`an inline script is left: ${m[0].slice(0, 80)}`);
}
if (/<style\b/i.test(html)) fail('an inline <style> element is present');
if (/\sstyle\s*=\s*["']/i.test(html)) fail('an inline style="" attribute is present');
if (/\son[a-z]+\s*=\s*["']/i.test(html)) fail('an inline event handler (on...="") is present');
write('index.html', html);

for (const file of ['favicon.svg', 'config.json']) {
  fs.copyFileSync(path.join(ROOT, file), path.join(dist, file));
}

if (problems.length) {
  for (const p of problems) console.error(`assemble: ${p}`);
  process.exit(1);
}
console.log(`assemble: ${dist}: main module, ${chunks.length} chunk(s), every fetch pinned by integrity`);
