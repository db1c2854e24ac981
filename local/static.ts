/**
 * The console and the hall screen for `npm start`: web/dist served at the base URL, as CloudFront
 * serves it from S3 on AWS — `/` and any other non-API page path → index.html (the console routes by
 * hash), `/screen/{hallId}` → screen.html, `/assets/*` → the built files (immutable, hashed names).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIST = resolve(fileURLToPath(new URL('../web/dist', import.meta.url)));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Whether a GET path is the console's (not the API's): the API lives under /v1, /iclock, /health, /openapi.json. */
export function isWebPath(pathname: string): boolean {
  return !/^\/(v1|iclock)(\/|$)/.test(pathname) && pathname !== '/health' && pathname !== '/openapi.json';
}

export function webFile(root: string, pathname: string): string | undefined {
  if (pathname.startsWith('/assets/')) {
    const p = normalize(join(root, pathname));
    return p.startsWith(join(root, 'assets')) && existsSync(p) && statSync(p).isFile() ? p : undefined;
  }
  if (/^\/screen(\/|$)/.test(pathname)) return join(root, 'screen.html');
  return join(root, 'index.html');
}

/** Serves the console; false when the path is not the console's or it was not built. */
export function serveWeb(root: string, req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !isWebPath(pathname)) return false;
  const file = webFile(root, pathname);
  if (!file || !existsSync(file)) {
    if (pathname.startsWith('/assets/')) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found');
      return true;
    }
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('控制台尚未构建：运行 npm install（或 node web/build.mjs）后重试。\n');
    return true;
  }
  const hashed = pathname.startsWith('/assets/');
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}
