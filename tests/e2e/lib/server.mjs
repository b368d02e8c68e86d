// A static file server on 127.0.0.1 for the tests: serves a directory, optionally under a
// sub-path (`/tools/deflect/`), and records every request it answers.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.csv': 'text/csv', '.png': 'image/png',
};

export async function serve(root, { prefix = '/', headers = {} } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    let body = [];
    req.on('data', c => body.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://x');
      requests.push({ method: req.method, path: url.pathname, bytes: Buffer.concat(body).length });
      if (!url.pathname.startsWith(prefix)) { res.writeHead(404); res.end(); return; }
      let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
      if (rel.endsWith('/')) rel += 'index.html';
      const file = path.join(root, rel);
      if (!file.startsWith(path.resolve(root)) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404); res.end('not found'); return;
      }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', ...headers });
      fs.createReadStream(file).pipe(res);
    });
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}`, origin: `http://127.0.0.1:${port}`, requests, close: () => new Promise(r => { server.close(r); server.closeAllConnections(); }) };
}
