import { createHash } from 'node:crypto';

/**
 * The Content-Security-Policy and framing headers of the two pages the service serves: the
 * web app and GraphiQL. Both may load scripts from this origin only; GraphiQL's inline scripts
 * are allowed by their SHA-256, so an injected script never runs. No other site may frame
 * either page (clickjacking): frame-ancestors 'none', and X-Frame-Options DENY for browsers
 * that predate it.
 */

/** Directives both pages share: nothing from elsewhere, no plugins, no <base>, no framing. */
const COMMON = [
  "default-src 'self'",
  // The pages' own favicons are data: URLs.
  "img-src 'self' data:",
  // GraphQL over HTTP, SSE and WebSocket, on this origin only ('self' covers ws: and wss:).
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];

function headers(directives: string[]): Record<string, string> {
  return {
    'content-security-policy': directives.join('; '),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

/** The web app's built page has no inline script or style (test/web-app-route.test.ts). */
export const WEB_APP_PAGE_HEADERS = headers([
  ...COMMON,
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
]);

const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The contents of every inline <script> (without attributes) of `html`. */
function inlineScripts(html: string): string[] {
  return [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
}

/**
 * The headers of a rendered GraphiQL page: its inline scripts by hash. Its editor (Monaco)
 * lays out every line and cursor with style attributes and writes its icon rules into a
 * <style> element as it starts, none of which a hash can name: inline styles are allowed
 * there. Styles run no script, and with images, fonts and connections limited to this origin
 * (and data:), injected CSS has nowhere to send what it could read. The editor runs its
 * language workers from blob: URLs and loads its fonts as data: URLs.
 */
export function graphiqlPageHeaders(html: string): Record<string, string> {
  if (/<script[^>]+>/.test(html.replace(/<script>/g, ''))) {
    // An attribute would change what the browser hashes; the page must be updated with care.
    throw new Error('GraphiQL page has a <script> with attributes: update page-policy.ts');
  }
  return headers([
    ...COMMON,
    `script-src 'self' ${inlineScripts(html).map(hashOf).join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
  ]);
}
