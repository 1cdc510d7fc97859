// A plain static server for the peer pages: node:http, 127.0.0.1 only, GET and HEAD, `/` and
// directories answer index.html, `Cache-Control: no-store` (every load is cold anyway: each has
// a fresh browser context), no compression (the bench computes compressed sizes from the files).

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { CONTENT_TYPES } from '../../tools/serve.mjs';

export function fileFor(root, pathname) {
  const file = path.resolve(root, `.${decodeURIComponent(pathname)}`);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  try {
    const st = fs.statSync(file);
    if (st.isFile()) return file;
    if (st.isDirectory() && fs.existsSync(path.join(file, 'index.html'))) return path.join(file, 'index.html');
  } catch {
    // not found
  }
  return null;
}

export async function startStaticServer({ dir, port = 0 }) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let file = null;
    try {
      file = fileFor(root, new URL(req.url, 'http://x').pathname);
    } catch {
      // malformed path
    }
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = server.address().port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
}
