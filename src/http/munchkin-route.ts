import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError } from '../domain/errors.js';
import { CLOSE_AFTER_ANSWER } from '../net/bounded-body.js';
import type { PublishableKeyGrant } from '../services/publishable-keys.js';
import type { EdgeDeps, HttpRoute } from './deps.js';
import { HttpError, refusalOf, sendRefusal } from './errors.js';
import {
  BEACON_FIELDS,
  type BeaconKind,
  beaconFields,
  readBeaconObject,
} from './munchkin/beacon-body.js';
import { COOKIE_SYNC_SCRIPT, COOKIE_SYNC_SCRIPT_ETAG } from './munchkin/cookie-sync-script.js';
import { BeaconRateLimiter } from './munchkin/rate-limit.js';

/** How long browsers and CDNs may keep the script before revalidating it (ETag). */
const SCRIPT_MAX_AGE_SECONDS = 3600;
const PREFLIGHT_MAX_AGE_SECONDS = 600;

const BEACON_PATH = /^\/munchkin\/v1\/([a-z-]+)$/;
const TRACKED_LINK_PATH = /^\/t\/([^/]+)$/;

/** An answer without a body (204, 304, 302). */
function send(res: ServerResponse, status: number, headers: Record<string, string>): void {
  res.writeHead(status, headers);
  res.end();
}

/** Answers a refusal (an HttpError or DomainError) with `headers` besides its own. */
function refuse(res: ServerResponse, error: HttpError | DomainError, headers = {}): void {
  sendRefusal(res, refusalOf(error) as NonNullable<ReturnType<typeof refusalOf>>, { headers });
}

/** CORS headers for an origin the key (or, for a preflight, some key) allows. */
function corsFor(origin: string): Record<string, string> {
  return { 'access-control-allow-origin': origin, vary: 'Origin' };
}

function serveScript(req: IncomingMessage, res: ServerResponse): void {
  const headers = {
    'cache-control': `public, max-age=${SCRIPT_MAX_AGE_SECONDS}`,
    etag: COOKIE_SYNC_SCRIPT_ETAG,
    // Pages that require CORP for their subresources (COEP) may still load it.
    'cross-origin-resource-policy': 'cross-origin',
    // Public and sent without credentials: pages may load it with `crossorigin` (and SRI).
    'access-control-allow-origin': '*',
    'x-content-type-options': 'nosniff',
  };
  if (req.headers['if-none-match'] === COOKIE_SYNC_SCRIPT_ETAG) {
    send(res, 304, headers);
    return;
  }
  res.writeHead(200, {
    ...headers,
    'content-type': 'text/javascript; charset=utf-8',
    'content-length': String(Buffer.byteLength(COOKIE_SYNC_SCRIPT)),
  });
  res.end(req.method === 'HEAD' ? undefined : COOKIE_SYNC_SCRIPT);
}

/**
 * The browser side of identity (the README's "Identity capture in the browser"): the
 * cookie-sync script, its three beacons and tracked email links. Beacons are refused in this
 * order: no Origin header (403); the body, which carries the key (415, 413, 408, 400 when it is
 * not a JSON object); an unknown or revoked key or an origin it does not allow (403); the rate
 * limit (429); bad fields or values (400); the workspace's rules (403/409). Nothing is recorded
 * unless all pass. A preflight has no body, so it is answered for any origin some live key
 * allows.
 */
export function munchkinRoute(deps: EdgeDeps): HttpRoute {
  const limiter = new BeaconRateLimiter(deps.config.munchkinRateLimit);
  const { services } = deps;

  async function beacon(req: IncomingMessage, res: ServerResponse, kind: BeaconKind) {
    const origin = req.headers.origin;
    if (req.method === 'OPTIONS') {
      if (!origin || !(await services.publishableKeys.originAllowed(origin))) {
        return refuse(res, new HttpError('FORBIDDEN', 'Origin not allowed'));
      }
      return send(res, 204, {
        ...corsFor(origin),
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
      });
    }
    if (req.method !== 'POST') {
      return refuse(
        res,
        new HttpError('METHOD_NOT_ALLOWED', 'Use POST', { allow: 'POST, OPTIONS' }),
      );
    }
    if (!origin) {
      return refuse(res, new HttpError('FORBIDDEN', 'An Origin header is required'));
    }
    const body = await readBeaconObject(req);
    const grant: PublishableKeyGrant | null =
      typeof body.key === 'string' ? await services.publishableKeys.resolve(body.key) : null;
    if (!grant?.allowedOrigins.includes(origin)) {
      const message = grant ? 'This key does not allow this origin' : 'Unknown or revoked key';
      return refuse(res, new HttpError('FORBIDDEN', message));
    }
    const cors = corsFor(origin);
    const retryAfter = limiter.take(grant.keyId, req.socket.remoteAddress ?? '');
    if (retryAfter !== null) {
      const message = `More than ${deps.config.munchkinRateLimit} calls a minute from this address`;
      return refuse(
        res,
        new HttpError('RATE_LIMITED', message, { 'retry-after': String(retryAfter) }),
        cors,
      );
    }
    try {
      const fields = beaconFields(body, kind);
      if (kind === 'cookie-sync') {
        await services.munchkin.cookieSync(grant, {
          imsOrgId: fields.imsOrgId as string,
          ecid: fields.ecid as string,
          cookieId: fields.cookieId as string,
        });
      } else if (kind === 'form-fill') {
        await services.munchkin.formFill(grant, {
          cookieId: fields.cookieId as string,
          email: fields.email as string,
          firstName: fields.firstName,
          lastName: fields.lastName,
        });
      } else {
        await services.munchkin.emailClick(grant, {
          cookieId: fields.cookieId as string,
          mktTok: fields.mktTok as string,
        });
      }
    } catch (error) {
      // Refused once the key allowed the origin: with CORS headers, so the page can read why.
      if (error instanceof DomainError || error instanceof HttpError) {
        return refuse(res, error, cors);
      }
      throw error;
    }
    send(res, 204, cors);
  }

  async function followLink(req: IncomingMessage, res: ServerResponse, token: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return refuse(res, new HttpError('METHOD_NOT_ALLOWED', 'Use GET', { allow: 'GET, HEAD' }));
    }
    const location = await services.trackedLinks.follow(token);
    if (!location) {
      return refuse(res, new HttpError('NOT_FOUND', 'No such tracked link'), {
        'cache-control': 'no-store',
      });
    }
    send(res, 302, { location, 'cache-control': 'private, no-store' });
  }

  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === '/munchkin/cookie-sync.js') {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          refuse(res, new HttpError('METHOD_NOT_ALLOWED', 'Use GET', { allow: 'GET, HEAD' }));
        } else serveScript(req, res);
        return true;
      }
      const beaconPath = BEACON_PATH.exec(path);
      if (beaconPath) {
        if (!Object.hasOwn(BEACON_FIELDS, beaconPath[1])) {
          refuse(res, new HttpError('NOT_FOUND', 'No such call'));
        } else await beacon(req, res, beaconPath[1] as BeaconKind);
        return true;
      }
      const link = TRACKED_LINK_PATH.exec(path);
      if (link) {
        await followLink(req, res, link[1]);
        return true;
      }
      return false;
    } catch (error) {
      if (res.headersSent) throw error;
      // Refused before the key was known (the body, or a database that does not answer): no
      // CORS headers. A body refused before its end (413, 408) is not read further: the
      // connection closes after the answer. Anything else is the server's 500.
      const refused = refusalOf(error);
      if (!refused) throw error;
      const unread = refused.code === 'PAYLOAD_TOO_LARGE' || refused.code === 'REQUEST_TIMEOUT';
      sendRefusal(res, refused, { headers: unread ? CLOSE_AFTER_ANSWER : {} });
      return true;
    }
  };
}
