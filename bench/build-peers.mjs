// Vite production builds of the JavaScript peers (bench/pages/<name> -> <out>/<name>).
//
//   node build-peers.mjs OUT [name ...]     names: amplify oidc-client-ts cognito-srp
//
// As a module: buildPeer(name, outDir, define) builds one page; `define` maps global names in the
// page's code to values (Vite's `define`, JSON-encoded here): the Amplify page takes its
// resources config as __AMPLIFY_CONFIG__, the oidc-client-ts page its settings as
// __OIDC_SETTINGS__. A build is skipped when its inputs (sources, lock file, define) are those of
// the build already in outDir (a stamp file there records them).

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const PAGES = path.join(HERE, 'pages');
export const PEERS = ['amplify', 'oidc-client-ts', 'cognito-srp'];
const STAMP = '.bench-build-stamp';

/** Placeholder values for a build made outside a bench run (the bench rebuilds with real ones). */
export const DEFAULT_DEFINES = {
  amplify: {
    __AMPLIFY_CONFIG__: {
      Auth: {
        Cognito: {
          userPoolId: 'us-east-1_placeholder',
          userPoolClientId: 'placeholder',
          userPoolEndpoint: 'http://127.0.0.1:4577',
          loginWith: { username: true },
        },
      },
    },
  },
  'oidc-client-ts': {
    __OIDC_SETTINGS__: { authority: 'http://127.0.0.1:9090', client_id: 'lha-demo' },
  },
  'cognito-srp': {},
};

function inputsHash(name, define) {
  const hash = crypto.createHash('sha256');
  const files = [path.join(HERE, 'package-lock.json'), path.join(PAGES, 'srp-inputs.json')];
  for (const f of fs.readdirSync(path.join(PAGES, name)).sort()) files.push(path.join(PAGES, name, f));
  for (const f of files) {
    hash.update(f);
    hash.update(fs.existsSync(f) ? fs.readFileSync(f) : '');
  }
  hash.update(JSON.stringify(define));
  return hash.digest('hex');
}

export async function buildPeer(name, outDir, define = DEFAULT_DEFINES[name]) {
  if (!PEERS.includes(name)) throw new Error(`unknown peer page ${name}`);
  const stamp = inputsHash(name, define);
  const stampFile = path.join(outDir, STAMP);
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return { skipped: true };
  const { build } = await import('vite');
  await build({
    root: path.join(PAGES, name),
    base: '/',
    configFile: false,
    logLevel: 'warn',
    define: Object.fromEntries(Object.entries(define).map(([k, v]) => [k, JSON.stringify(v)])),
    build: {
      outDir,
      emptyOutDir: true,
      // Top-level await in the pages: every browser the peers support has it.
      target: 'es2022',
      sourcemap: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 4096,
      rollupOptions: {
        // React libraries' "use client" directives mean nothing in a client-only bundle.
        onwarn(warning, warn) {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
  });
  fs.writeFileSync(stampFile, stamp);
  return { skipped: false };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [out, ...names] = process.argv.slice(2);
  if (!out) {
    console.error('usage: node build-peers.mjs OUT [amplify|oidc-client-ts|cognito-srp ...]');
    process.exit(2);
  }
  for (const name of names.length ? names : PEERS) {
    const started = Date.now();
    const { skipped } = await buildPeer(name, path.resolve(out, name));
    console.log(`${name}: ${skipped ? 'up to date' : `built in ${((Date.now() - started) / 1000).toFixed(1)} s`}`);
  }
}
