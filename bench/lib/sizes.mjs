// Sizes of what a page loads: raw, gzip -9 and brotli 11 (node:zlib), cached per content.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const cache = new Map();

/** {raw, gzip, brotli} byte counts of `data` (a Buffer). */
export function compressedSizes(data) {
  const key = crypto.createHash('sha256').update(data).digest('hex');
  let sizes = cache.get(key);
  if (!sizes) {
    sizes = {
      raw: data.length,
      gzip: zlib.gzipSync(data, { level: 9 }).length,
      brotli: zlib.brotliCompressSync(data, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }).length,
    };
    cache.set(key, sizes);
  }
  return sizes;
}

export function sum(list) {
  return list.reduce((acc, s) => ({
    raw: acc.raw + s.raw, gzip: acc.gzip + s.gzip, brotli: acc.brotli + s.brotli,
  }), { raw: 0, gzip: 0, brotli: 0 });
}

/** Every file under `dir` (recursively) whose name ends with one of `exts`, sorted. */
export function filesUnder(dir, exts = ['.wasm', '.js', '.css']) {
  const out = [];
  const walk = (d) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (exts.some((e) => entry.name.endsWith(e))) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** The build's chunks: [{file (relative), raw, gzip, brotli}] and their total. */
export function buildChunks(dir) {
  const files = filesUnder(dir).map((f) => ({
    file: path.relative(dir, f),
    ...compressedSizes(fs.readFileSync(f)),
  }));
  return { files, total: sum(files) };
}
