// Trunk post_build hook (see Trunk.toml): makes the built index.html run under a strict
// Content-Security-Policy (`script-src 'self' 'wasm-unsafe-eval'`, no 'unsafe-inline').
//
// Trunk 0.21 always writes the wasm start-up as an inline `<script type="module">` (its only
// alternatives, `pattern_script` and `create_nonce`, are still inline or need a per-response
// nonce from the server). This hook moves the body of every inline module script of the staged
// index.html, unchanged, into `start-<sha256 prefix>.js` next to it and references it as
// `<script type="module" src="<public_url>start-<hash>.js" integrity="sha384-...">`. The hashed
// name keeps caching safe (a new build is a new name); the integrity attribute keeps the
// Subresource Integrity Trunk puts on its own links. Classic inline scripts (Trunk's
// auto-reload in `trunk serve`) are left alone: they are not part of a release build.
//
// It fails the build (exit 1) when the result would still hold an inline script or an inline
// style, so a Trunk upgrade that changes the output cannot silently ship a page that the CSP
// blocks. Runs on plain Node (no dependencies).
//
// Environment (set by Trunk): TRUNK_STAGING_DIR (where index.html was written),
// TRUNK_PUBLIC_URL (default "/"). Usable by hand: `node scripts/csp-start.mjs <dist dir>`.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';

const dir = process.argv[2] || process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('csp-start: no directory (TRUNK_STAGING_DIR or an argument)');
  process.exit(2);
}
let base = process.env.TRUNK_PUBLIC_URL || '/';
if (!base.endsWith('/')) base += '/';

const indexPath = path.join(dir, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');

// `<script ...>body</script>` where the opening tag has type="module" and no src.
const SCRIPT = /<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi;
let moved = 0;
html = html.replace(SCRIPT, (whole, attrs, body) => {
  const isModule = /\btype\s*=\s*["']?module["']?/i.test(attrs);
  const hasSrc = /\bsrc\s*=/i.test(attrs);
  if (!isModule || hasSrc) return whole;
  const code = `${body.trim()}\n`;
  const hex = crypto.createHash('sha256').update(code).digest('hex').slice(0, 16);
  const name = `start-${hex}.js`;
  fs.writeFileSync(path.join(dir, name), code);
  const sri = `sha384-${crypto.createHash('sha384').update(code).digest('base64')}`;
  moved += 1;
  return `<script type="module" src="${base}${name}" integrity="${sri}" crossorigin="anonymous"></script>`;
});

const problems = [];
if (moved === 0) problems.push('found no inline <script type="module"> to move (did Trunk change its output?)');
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
  // `trunk serve` appends its classic auto-reload script (placeholders filled in at serve time).
  const isClassicAutoReload = m[2].includes('{{__TRUNK_ADDRESS__}}');
  if (!/\bsrc\s*=/i.test(m[1]) && m[2].trim() !== '' && !isClassicAutoReload) {
    problems.push(`an inline script is left: ${m[0].slice(0, 80)}...`);
  }
}
if (/<style\b/i.test(html)) problems.push('an inline <style> element is present');
if (/\sstyle\s*=\s*["']/i.test(html)) problems.push('an inline style="" attribute is present');
if (/\son[a-z]+\s*=\s*["']/i.test(html)) problems.push('an inline event handler (on...="") is present');
if (problems.length) {
  for (const p of problems) console.error(`csp-start: ${p}`);
  process.exit(1);
}
fs.writeFileSync(indexPath, html);
console.log(`csp-start: moved ${moved} inline module script(s) of ${indexPath} to external files`);
