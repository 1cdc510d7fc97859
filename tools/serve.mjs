// A tiny static HTTP server for the built sign-in page (node:http only, no dependencies).
//
//   node tools/serve.mjs --dir dist --port 8080 [--config path/to/config.json] [--header 'Name: value' ...]
//
// - binds to 127.0.0.1 only;
// - SPA fallback: a GET/HEAD for a path that does not exist and whose last segment has no file
//   extension is answered with index.html (so /callback and /some/deep/path work);
// - `Cache-Control: no-store` on every answer;
// - /config.json comes from --config when given, else from the served directory.
//
// As a module: `startServer({ dir, port, configJson, headers })` resolves to
// `{ url, port, setConfig(obj|string|null), close() }`; setConfig(null) falls back to dir/config.json.

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

async function statFile(p) {
  try {
    const st = await fsp.stat(p);
    return st;
  } catch {
    return null;
  }
}

export async function startServer({ dir, port = 8080, configJson = null, headers = [] } = {}) {
  if (!dir) throw new Error('startServer: dir is required');
  const root = path.resolve(dir);
  const extraHeaders = normaliseHeaders(headers);
  let configBody = configToBody(configJson);

  function send(req, res, status, type, body) {
    res.statusCode = status;
    res.setHeader('Content-Type', type);
    res.setHeader('Cache-Control', 'no-store');
    for (const [k, v] of extraHeaders) res.setHeader(k, v);
    res.setHeader('Content-Length', Buffer.byteLength(body));
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function sendFile(req, res, file, st) {
    res.statusCode = 200;
    res.setHeader('Content-Type', contentTypeFor(file));
    res.setHeader('Cache-Control', 'no-store');
    for (const [k, v] of extraHeaders) res.setHeader(k, v);
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
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

function parseArgs(argv) {
  const opts = { dir: 'dist', port: 8080, config: null, headers: [] };
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
    console.log("usage: node tools/serve.mjs --dir dist --port 8080 [--config config.json] [--header 'Name: value' ...]");
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
  const srv = await startServer({ dir: opts.dir, port: opts.port, configJson, headers: opts.headers });
  console.log(`serving ${path.resolve(opts.dir)} on ${srv.url}`);
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
