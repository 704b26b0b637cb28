// Serves the built site (apps/docs/site) as a static file host. By default
// with the COOP/COEP headers that make pages cross-origin isolated, so the
// WASM backend can use worker threads; `--no-isolation` serves without them
// (the demos then run single-threaded).
//
//   node scripts/serve.mjs [--port 8080] [--no-isolation]
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SITE = fileURLToPath(new URL('../site/', import.meta.url));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The headers that make a page cross-origin isolated (and let it load its own files under COEP). */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Starts a static server for `root` on 127.0.0.1 (port 0: any free port).
 * Resolves with its URL and a close function.
 */
export function serveSite({ root = SITE, port = 0, isolation = true, host = '127.0.0.1' } = {}) {
  const base = resolve(root);
  const server = createServer((req, res) => {
    const headers = isolation ? { ...ISOLATION_HEADERS } : {};
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400, headers).end('bad request');
      return;
    }
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403, headers).end('forbidden');
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolvePromise({ url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${p}/`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--port');
  const port = i >= 0 ? Number(args[i + 1]) : Number(process.env.PORT ?? 8080);
  const isolation = !args.includes('--no-isolation');
  if (!existsSync(join(SITE, 'index.html'))) {
    console.error('docs:serve: apps/docs/site is not built; run `npm run docs` first');
    process.exit(1);
  }
  const { url } = await serveSite({ port, isolation, host: 'localhost' });
  console.log(`docs: serving apps/docs/site at ${url} ${isolation ? 'with COOP/COEP (cross-origin isolated: WASM threads on)' : 'without COOP/COEP (WASM single-threaded)'}`);
}
