import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App } from '../app.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { DomainError, type HttpErrorCode } from '../domain/errors.js';
import {
  BEACON_FIELDS,
  BeaconError,
  type BeaconKind,
  beaconFields,
  readBeaconObject,
} from '../munchkin/beacon-body.js';
import { COOKIE_SYNC_SCRIPT, COOKIE_SYNC_SCRIPT_ETAG } from '../munchkin/cookie-sync-script.js';
import { BeaconRateLimiter } from '../munchkin/rate-limit.js';
import { CLOSE_AFTER_ANSWER } from '../net/bounded-body.js';
import type { HttpRoute } from '../server.js';
import type { PublishableKeyGrant } from '../services/publishable-keys.js';
import { sendJson } from './json.js';

/** How long browsers and CDNs may keep the script before revalidating it (ETag). */
const SCRIPT_MAX_AGE_SECONDS = 3600;
const PREFLIGHT_MAX_AGE_SECONDS = 600;

const BEACON_PATH = /^\/munchkin\/v1\/([a-z-]+)$/;
const TRACKED_LINK_PATH = /^\/t\/([^/]+)$/;

function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body?: { code: HttpErrorCode; message: string },
): void {
  if (body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  sendJson(res, status, body, headers);
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
 * The browser side of identity (CONTRACT.md "Identity capture in the browser"): the
 * cookie-sync script, its three beacons and tracked email links. Beacons are refused in this
 * order: no Origin header (403); the body, which carries the key (415, 413, 408, 400 when it is
 * not a JSON object); an unknown or revoked key or an origin it does not allow (403); the rate
 * limit (429); bad fields or values (400); the workspace's rules (403/409). Nothing is recorded
 * unless all pass. A preflight has no body, so it is answered for any origin some live key
 * allows.
 */
export function munchkinRoute(app: App): HttpRoute {
  const limiter = new BeaconRateLimiter(app.config.munchkinRateLimit);
  const { services } = app;

  async function beacon(req: IncomingMessage, res: ServerResponse, kind: BeaconKind) {
    const origin = req.headers.origin;
    if (req.method === 'OPTIONS') {
      if (!origin || !(await services.publishableKeys.originAllowed(origin))) {
        return send(res, 403, {}, { code: 'FORBIDDEN', message: 'Origin not allowed' });
      }
      return send(res, 204, {
        ...corsFor(origin),
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
      });
    }
    if (req.method !== 'POST') {
      return send(
        res,
        405,
        { allow: 'POST, OPTIONS' },
        { code: 'METHOD_NOT_ALLOWED', message: 'Use POST' },
      );
    }
    if (!origin) {
      return send(res, 403, {}, { code: 'FORBIDDEN', message: 'An Origin header is required' });
    }
    const body = await readBeaconObject(req);
    const grant: PublishableKeyGrant | null =
      typeof body.key === 'string' ? await services.publishableKeys.resolve(body.key) : null;
    if (!grant?.allowedOrigins.includes(origin)) {
      return send(
        res,
        403,
        {},
        {
          code: 'FORBIDDEN',
          message: grant ? 'This key does not allow this origin' : 'Unknown or revoked key',
        },
      );
    }
    const cors = corsFor(origin);
    const retryAfter = limiter.take(grant.keyId, req.socket.remoteAddress ?? '');
    if (retryAfter !== null) {
      return send(
        res,
        429,
        { ...cors, 'retry-after': String(retryAfter) },
        {
          code: 'RATE_LIMITED',
          message: `More than ${app.config.munchkinRateLimit} calls a minute from this address`,
        },
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
      if (error instanceof DomainError) {
        return send(res, error.status, cors, { code: error.code, message: error.message });
      }
      if (error instanceof BeaconError) {
        return send(res, error.status, cors, { code: error.code, message: error.message });
      }
      throw error;
    }
    send(res, 204, cors);
  }

  async function followLink(req: IncomingMessage, res: ServerResponse, token: string) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(
        res,
        405,
        { allow: 'GET, HEAD' },
        { code: 'METHOD_NOT_ALLOWED', message: 'Use GET' },
      );
    }
    const location = await services.trackedLinks.follow(token);
    if (!location) {
      return send(
        res,
        404,
        { 'cache-control': 'no-store' },
        {
          code: 'NOT_FOUND',
          message: 'No such tracked link',
        },
      );
    }
    send(res, 302, { location, 'cache-control': 'private, no-store' });
  }

  return async (_app, req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === '/munchkin/cookie-sync.js') {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          send(
            res,
            405,
            { allow: 'GET, HEAD' },
            { code: 'METHOD_NOT_ALLOWED', message: 'Use GET' },
          );
        } else serveScript(req, res);
        return true;
      }
      const beaconPath = BEACON_PATH.exec(path);
      if (beaconPath) {
        if (!Object.hasOwn(BEACON_FIELDS, beaconPath[1])) {
          send(res, 404, {}, { code: 'NOT_FOUND', message: 'No such call' });
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
      if (error instanceof BeaconError) {
        // Refused before the key was known: no CORS headers. A body refused before its end
        // (413, 408) is not read further: the connection closes after the answer.
        const unread = error.status === 413 || error.status === 408;
        send(res, error.status, unread ? CLOSE_AFTER_ANSWER : {}, {
          code: error.code,
          message: error.message,
        });
        return true;
      }
      if (isDatabaseUnavailable(error)) {
        send(
          res,
          503,
          { 'retry-after': '1' },
          {
            code: 'SERVICE_UNAVAILABLE',
            message: 'The database is not answering; try again',
          },
        );
        return true;
      }
      throw error;
    }
  };
}
