// A small HTTP forwarding proxy for the end-to-end tests (node:http only): the page's
// token_endpoint (and revocation_endpoint) can point at it, so a test can take "the provider"
// away from the page and bring it back while the real provider keeps running.
//
//   const proxy = await startProxy({ port: OP_PORT + 1, target: OP });
//   await proxy.stop();    // closes the listener and destroys every open socket
//   await proxy.start();   // listens again on the same port
//
// Forwards method, path + query, headers (Host rewritten to the target's) and body; passes the
// answer through, CORS headers included (the provider decides CORS from the Origin header, which
// is forwarded unchanged). Every request seen is logged in `proxy.requests`.

import http from 'node:http';

const HOST = '127.0.0.1';
// Hop-by-hop headers (RFC 9110 §7.6.1) are not forwarded; bodies are buffered and resent with a
// Content-Length.
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade',
  'proxy-authorization', 'proxy-authenticate', 'content-length',
]);

function readBody(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export async function startProxy({ port, target }) {
  const upstream = new URL(target);
  const requests = [];
  const sockets = new Set();
  let connections = 0;
  let server = null;

  async function handle(req, res) {
    const entry = { at: Date.now(), method: req.method, url: req.url, status: null, error: null };
    requests.push(entry);
    try {
      const body = await readBody(req);
      const headers = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (!HOP_BY_HOP.has(k.toLowerCase())) headers[k] = v;
      }
      headers.host = upstream.host;
      if (body.length) headers['content-length'] = String(body.length);
      const answer = await new Promise((resolve, reject) => {
        const out = http.request({
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers,
          agent: false,
        }, async (up) => {
          try {
            resolve({ status: up.statusCode, headers: up.headers, body: await readBody(up) });
          } catch (err) {
            reject(err);
          }
        });
        out.on('error', reject);
        out.end(body);
      });
      entry.status = answer.status;
      const outHeaders = {};
      for (const [k, v] of Object.entries(answer.headers)) {
        if (!HOP_BY_HOP.has(k.toLowerCase())) outHeaders[k] = v;
      }
      outHeaders['content-length'] = String(answer.body.length);
      res.writeHead(answer.status, outHeaders);
      res.end(answer.body);
    } catch (err) {
      entry.error = err.message;
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${err.message}\n`);
      } else {
        res.destroy();
      }
    }
  }

  async function start() {
    if (server) return;
    const s = http.createServer((req, res) => { handle(req, res); });
    s.on('connection', (socket) => {
      connections += 1;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, HOST, () => {
        s.off('error', reject);
        resolve();
      });
    });
    server = s;
  }

  async function stop() {
    if (!server) return;
    const s = server;
    server = null;
    const closed = new Promise((resolve) => s.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closed;
  }

  await start();
  return {
    url: `http://${HOST}:${port}`,
    port,
    requests,
    /** TCP connections accepted so far (while listening). */
    connections: () => connections,
    isRunning: () => server !== null,
    start,
    stop,
  };
}
