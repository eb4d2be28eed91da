import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Which browser origins may call the API (CORS_ORIGINS): `/graphql`, `/graphql/stream`,
 * `/ingest` and `/export` answer an allowed origin with that origin in `Access-Control-Allow-Origin` (and
 * answer its preflights); any other origin gets no CORS headers at all, so the browser keeps
 * its same-origin rule. Unset: same origin only.
 */

/** Request headers a browser client may send (bearer token, bodies, yoga's CSRF header). */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'content-encoding',
  'accept',
  'x-graphql-yoga-csrf',
];
export const CORS_METHODS = ['GET', 'POST', 'OPTIONS'];
/** How long a browser may cache a preflight's answer, in seconds. */
export const CORS_MAX_AGE_SECONDS = 600;

/** The origin to allow for a request from `origin`, or null when it is not allowed. */
export function allowedOrigin(allowed: readonly string[], origin: string | null | undefined) {
  return origin && allowed.includes(origin) ? origin : null;
}

/** CORS response headers for an allowed origin (none for any other). */
export function corsHeaders(
  allowed: readonly string[],
  origin: string | null | undefined,
): Record<string, string> {
  const match = allowedOrigin(allowed, origin);
  if (!match) return {};
  return {
    'access-control-allow-origin': match,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': CORS_METHODS.join(', '),
    'access-control-allow-headers': CORS_ALLOWED_HEADERS.join(', '),
    'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
    vary: 'Origin',
  };
}

/**
 * Sets the CORS headers for the request's origin on `res` and answers a preflight (204).
 * True when the request was a preflight, answered here.
 */
export function answerCors(
  allowed: readonly string[],
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  for (const [name, value] of Object.entries(corsHeaders(allowed, req.headers.origin))) {
    res.setHeader(name, value);
  }
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204);
  res.end();
  return true;
}
