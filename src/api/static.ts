/**
 * Serves the built web app (`dist/web`) with a single-page-app fallback: a file that exists is
 * sent as is, any other non-API path gets `index.html` so deep links such as
 * `/articles/abc` work. Without a build, a short page says how to make one.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Sent with every HTML page: nothing loads from outside this server. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

export const NO_BUILD_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigil</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2933}code{background:#eef1f4;padding:.1rem .3rem;border-radius:3px}</style>
</head><body><h1>Vigil</h1>
<p>The web app has not been built. Run <code>npm run build</code> and restart the server.</p>
<p>The REST API is available under <a href="/api/health"><code>/api</code></a>; its description is at <a href="/api/openapi.json"><code>/api/openapi.json</code></a>.</p>
</body></html>
`;

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

export interface StaticFile {
  body: Uint8Array | string;
  headers: Record<string, string>;
  status: 200 | 404;
}

/**
 * The response for `urlPath` under `webRoot`: the file, else index.html (SPA fallback), else the
 * "run npm run build" page. Paths that escape the root are treated as missing.
 */
export async function resolveStatic(webRoot: string | null | undefined, urlPath: string): Promise<StaticFile> {
  const html = { 'content-type': TYPES['.html']!, 'content-security-policy': CONTENT_SECURITY_POLICY, 'cache-control': 'no-cache' };
  if (!webRoot) return { body: NO_BUILD_PAGE, headers: html, status: 200 };
  const root = path.resolve(webRoot);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    decoded = '/';
  }
  const candidate = path.resolve(root, '.' + path.posix.normalize('/' + decoded));
  const inside = candidate === root || candidate.startsWith(root + path.sep);
  if (inside && candidate !== root && !decoded.endsWith('/') && (await isFile(candidate))) {
    const ext = path.extname(candidate).toLowerCase();
    const type = TYPES[ext] ?? 'application/octet-stream';
    const immutable = candidate.startsWith(path.join(root, 'assets') + path.sep);
    const headers: Record<string, string> = {
      'content-type': type,
      'x-content-type-options': 'nosniff',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (ext === '.html') headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
    return { body: new Uint8Array(await readFile(candidate)), headers, status: 200 };
  }
  // A missing asset (a file name with an extension) is a real 404; anything else is an app route.
  if (decoded.startsWith('/assets/') || /\.(m?js|css|png|jpe?g|svg|ico|map|woff2?|json|txt|webmanifest)$/i.test(decoded)) {
    return { body: 'Not found', headers: { 'content-type': TYPES['.txt']! }, status: 404 };
  }
  const index = path.join(root, 'index.html');
  if (await isFile(index)) return { body: new Uint8Array(await readFile(index)), headers: html, status: 200 };
  return { body: NO_BUILD_PAGE, headers: html, status: 200 };
}
