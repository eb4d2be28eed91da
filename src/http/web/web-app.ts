import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HttpRoute } from '../deps.js';
import { WEB_APP_PAGE_HEADERS } from './page-policy.js';

/** The built web app (`npm run build:web`, run by `npm start` when stale): web/dist. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
};

/**
 * The addresses of the app's views (web/src/router.tsx): each answers the app's page, so a
 * reload or a shared link opens that view. A list's address holds its id as one segment.
 */
const VIEW_PATHS = /^\/(?:sync-jobs|lists|lists\/[^/]+|audiences|settings)\/?$/;

/** The file a request path names inside web/dist, or null for anything outside it. */
function fileFor(urlPath: string): string | null {
  if (urlPath === '/' || urlPath === '/index.html' || VIEW_PATHS.test(urlPath)) {
    return path.join(WEB_DIST, 'index.html');
  }
  if (!urlPath.startsWith('/assets/')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = path.normalize(path.join(WEB_DIST, decoded));
  return file.startsWith(path.join(WEB_DIST, 'assets') + path.sep) ? file : null;
}

/**
 * Serves the web app at `/` and its hashed assets under `/assets/` (GET and HEAD). Asset names
 * carry their content hash, so they are cached for a year; the page itself is revalidated.
 */
export const webAppRoute: HttpRoute = async (req, res) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const file = fileFor((req.url ?? '/').split('?')[0] ?? '/');
  if (!file) return false;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    if (file.endsWith('index.html')) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The web app is not built: `npm start` builds it, or run `npm run build:web`.\n');
    } else {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found\n');
    }
    return true;
  }
  const page = file.endsWith('index.html');
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
    'cache-control': page ? 'no-cache' : 'public, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    // The page carries the policy its scripts and styles run under, and may not be framed.
    ...(page ? WEB_APP_PAGE_HEADERS : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.once('error', () => {
      res.destroy();
      resolve();
    });
    stream.once('end', () => resolve());
    res.once('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
  return true;
};
