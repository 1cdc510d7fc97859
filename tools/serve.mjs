// A tiny static HTTP server for the built sign-in page (node:http only, no dependencies).
//
//   node tools/serve.mjs --dir dist --port 8080 [--config path/to/config.json]
//                        [--csp-config path/to/config.json] [--header 'Name: value' ...]
//
// - binds to 127.0.0.1 only;
// - SPA fallback: a GET/HEAD for a path that does not exist and whose last segment has no file
//   extension is answered with index.html (so /callback and /some/deep/path work);
// - `Cache-Control: no-store` on every answer;
// - /config.json comes from --config when given, else from the served directory;
// - always the security headers of the README's deployment section: a strict
//   Content-Security-Policy whose connect-src and form-action list the provider origins named by
//   the config (issuer, explicit endpoints, Cognito domain and API endpoint; see cspFor()),
//   `Referrer-Policy: no-referrer`, `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`.
//   --csp-config pins the CSP to another config file than the one served (what a CDN does: its
//   headers are fixed at deploy time, whatever config.json later says). --header overrides any
//   header, these included.
//
// As a module: `startServer({ dir, port, configJson, headers, cspConfig })` resolves to
// `{ url, port, setConfig(obj|string|null), setCspConfig(obj|string|null), csp(), close() }`;
// setConfig(null) falls back to dir/config.json; setCspConfig(null) goes back to "the CSP follows
// the served config".

import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const HOST = '127.0.0.1';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

function contentTypeFor(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

function normaliseHeaders(headers) {
  const out = [];
  if (!headers) return out;
  if (Array.isArray(headers)) {
    for (const h of headers) {
      if (Array.isArray(h)) {
        out.push([h[0], String(h[1])]);
      } else {
        const i = String(h).indexOf(':');
        if (i <= 0) throw new Error(`bad header ${JSON.stringify(h)}: expected 'Name: value'`);
        out.push([h.slice(0, i).trim(), h.slice(i + 1).trim()]);
      }
    }
  } else {
    for (const [k, v] of Object.entries(headers)) out.push([k, String(v)]);
  }
  return out;
}

function configToBody(config) {
  if (config === undefined || config === null) return null;
  if (typeof config === 'string') return Buffer.from(config);
  if (Buffer.isBuffer(config)) return config;
  return Buffer.from(`${JSON.stringify(config, null, 2)}\n`);
}

/** The origin (`scheme://host[:port]`) of an http(s) URL, or null. */
function originOf(raw) {
  if (typeof raw !== 'string') return null;
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * The provider origins a config makes the page talk to (src/core/config.rs): `issuer`; every
 * `endpoints.*` URL; with `cognito`, the hosted-UI `domain` (a bare host means https) and the
 * user-pool API `endpoint` (default `https://cognito-idp.<region>.amazonaws.com`, which also
 * serves the pool's JWKS). Invalid values are skipped (the page refuses such a config anyway).
 */
export function providerOrigins(config) {
  const out = new Set();
  const add = (raw) => {
    const o = originOf(raw);
    if (o) out.add(o);
  };
  if (!config || typeof config !== 'object') return [];
  add(config.issuer);
  if (config.endpoints && typeof config.endpoints === 'object') {
    for (const v of Object.values(config.endpoints)) add(v);
  }
  const c = config.cognito;
  if (c && typeof c === 'object') {
    if (typeof c.domain === 'string') add(c.domain.includes('://') ? c.domain : `https://${c.domain}`);
    if (typeof c.endpoint === 'string') add(c.endpoint);
    else if (typeof c.region === 'string' && /^[a-z0-9-]+$/.test(c.region)) {
      add(`https://cognito-idp.${c.region}.amazonaws.com`);
    }
  }
  return [...out];
}

/**
 * The Content-Security-Policy for the hosted page under `config` (an object, JSON text or null).
 * No 'unsafe-inline', no 'unsafe-eval': 'wasm-unsafe-eval' only lets WebAssembly compile.
 * `img-src` adds the origin of `theme.logo_url` when it is absolute.
 */
export function cspFor(config) {
  let parsed = config;
  if (typeof config === 'string' || Buffer.isBuffer(config)) {
    try {
      parsed = JSON.parse(String(config));
    } catch {
      parsed = null;
    }
  }
  const providers = providerOrigins(parsed).join(' ');
  const logo = originOf(parsed?.theme?.logo_url);
  const list = (extra) => (extra ? `'self' ${extra}` : "'self'");
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    `img-src 'self' data:${logo ? ` ${logo}` : ''}`,
    `connect-src ${list(providers)}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    `form-action ${list(providers)}`,
    "object-src 'none'",
  ].join('; ');
}

async function statFile(p) {
  try {
    const st = await fsp.stat(p);
    return st;
  } catch {
    return null;
  }
}

export async function startServer({
  dir, port = 8080, configJson = null, headers = [], cspConfig = null,
} = {}) {
  if (!dir) throw new Error('startServer: dir is required');
  const root = path.resolve(dir);
  const extraHeaders = normaliseHeaders(headers);
  let configBody = configToBody(configJson);
  let cspBody = configToBody(cspConfig);

  /** The CSP now: from the pinned CSP config, else from the config the page is served. */
  function currentCsp() {
    if (cspBody) return cspFor(cspBody);
    if (configBody) return cspFor(configBody);
    try {
      return cspFor(fs.readFileSync(path.join(root, 'config.json')));
    } catch {
      return cspFor(null);
    }
  }

  function setCommonHeaders(res) {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', currentCsp());
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    for (const [k, v] of extraHeaders) res.setHeader(k, v);
  }

  function send(req, res, status, type, body) {
    res.statusCode = status;
    res.setHeader('Content-Type', type);
    setCommonHeaders(res);
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function sendFile(req, res, file, st) {
    res.statusCode = 200;
    res.setHeader('Content-Type', contentTypeFor(file));
    setCommonHeaders(res);
    res.setHeader('Content-Length', st.size);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = fs.createReadStream(file);
    stream.on('error', () => res.destroy());
    stream.pipe(res);
  }

  async function handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      send(req, res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
      return;
    }
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      send(req, res, 400, 'text/plain; charset=utf-8', 'bad request\n');
      return;
    }
    if (pathname.includes('\0')) {
      send(req, res, 400, 'text/plain; charset=utf-8', 'bad request\n');
      return;
    }

    if (pathname === '/config.json' && configBody) {
      send(req, res, 200, 'application/json; charset=utf-8', configBody);
      return;
    }

    const file = path.resolve(root, `.${pathname}`);
    if (file !== root && !file.startsWith(root + path.sep)) {
      send(req, res, 403, 'text/plain; charset=utf-8', 'forbidden\n');
      return;
    }

    let st = await statFile(file);
    if (st?.isDirectory()) {
      const index = path.join(file, 'index.html');
      const ist = await statFile(index);
      if (ist?.isFile()) {
        await sendFile(req, res, index, ist);
        return;
      }
      st = null;
    }
    if (st?.isFile()) {
      await sendFile(req, res, file, st);
      return;
    }

    const last = pathname.split('/').pop() ?? '';
    if (!path.extname(last)) {
      const index = path.join(root, 'index.html');
      const ist = await statFile(index);
      if (ist?.isFile()) {
        await sendFile(req, res, index, ist);
        return;
      }
    }
    send(req, res, 404, 'text/plain; charset=utf-8', 'not found\n');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err) => {
      console.error('serve.mjs:', err);
      if (!res.headersSent) send(req, res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.destroy();
    });
  });
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;

  return {
    url: `http://${HOST}:${actualPort}`,
    port: actualPort,
    server,
    setConfig(config) {
      configBody = configToBody(config);
    },
    setCspConfig(config) {
      cspBody = configToBody(config);
    },
    csp: currentCsp,
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

function parseArgs(argv) {
  const opts = { dir: 'dist', port: 8080, config: null, cspConfig: null, headers: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      i += 1;
      return argv[i];
    };
    if (a === '--dir') opts.dir = next();
    else if (a === '--port') opts.port = Number.parseInt(next(), 10);
    else if (a === '--config') opts.config = next();
    else if (a === '--header') opts.headers.push(next());
    else if (a === '--csp-config') opts.cspConfig = next();
    else if (a === '--help' || a === '-h') opts.help = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) throw new Error('bad --port');
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`serve.mjs: ${err.message}`);
    process.exit(2);
  }
  if (opts.help) {
    console.log("usage: node tools/serve.mjs --dir dist --port 8080 [--config config.json] [--csp-config config.json] [--header 'Name: value' ...]");
    return;
  }
  if (!fs.existsSync(path.join(opts.dir, 'index.html'))) {
    console.error(`serve.mjs: warning: ${path.join(opts.dir, 'index.html')} does not exist (build the page first)`);
  }
  let configJson = null;
  if (opts.config) {
    configJson = fs.readFileSync(opts.config, 'utf8');
    try {
      JSON.parse(configJson);
    } catch (err) {
      console.error(`serve.mjs: ${opts.config} is not valid JSON: ${err.message}`);
      process.exit(2);
    }
  }
  const cspConfig = opts.cspConfig ? fs.readFileSync(opts.cspConfig, 'utf8') : null;
  const srv = await startServer({
    dir: opts.dir, port: opts.port, configJson, headers: opts.headers, cspConfig,
  });
  console.log(`serving ${path.resolve(opts.dir)} on ${srv.url}`);
  console.log(`Content-Security-Policy: ${srv.csp()}`);
  const stop = () => srv.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`serve.mjs: ${err.message}`);
    process.exit(1);
  });
}
