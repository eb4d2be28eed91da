import type { IncomingMessage } from 'node:http';
import { BodyReadError, readBoundedBody } from '../../net/bounded-body.js';
import { HttpError } from '../errors.js';

/** Largest beacon body: the longest one (an email click with a maximal token) fits in it. */
export const MAX_BEACON_BODY_BYTES = 8 * 1024;
/** A beacon body that has not fully arrived in this long is refused (a stalled client). */
export const BEACON_BODY_TIMEOUT_MS = 10_000;

/** The fields each beacon takes: name -> required. Any other field is refused. */
export const BEACON_FIELDS = {
  'cookie-sync': { key: true, imsOrgId: true, ecid: true, cookieId: true },
  'form-fill': { key: true, cookieId: true, email: true, firstName: false, lastName: false },
  'email-click': { key: true, cookieId: true, mktTok: true },
} as const;
export type BeaconKind = keyof typeof BEACON_FIELDS;

/** JSON sent as text/plain (what sendBeacon sends) or application/json, in UTF-8. */
function checkContentType(req: IncomingMessage): void {
  const [mediaType, ...parameters] = (req.headers['content-type'] ?? '').split(';');
  const type = mediaType.trim().toLowerCase();
  const charset = parameters
    .map((parameter) => parameter.trim().toLowerCase())
    .find((parameter) => parameter.startsWith('charset='))
    ?.slice('charset='.length)
    .replaceAll('"', '');
  if (
    !['text/plain', 'application/json'].includes(type) ||
    (charset && !['utf-8', 'utf8'].includes(charset))
  ) {
    throw new HttpError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send JSON as text/plain or application/json (UTF-8)',
    );
  }
}

/** The whole body, at most MAX_BEACON_BODY_BYTES (counted as it arrives), in time. */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  try {
    return await readBoundedBody(req, MAX_BEACON_BODY_BYTES, { timeoutMs: BEACON_BODY_TIMEOUT_MS });
  } catch (error) {
    if (!(error instanceof BodyReadError)) throw error;
    if (error.reason === 'TOO_LARGE') {
      throw new HttpError('PAYLOAD_TOO_LARGE', error.message);
    }
    if (error.reason === 'TIMEOUT') throw new HttpError('REQUEST_TIMEOUT', error.message);
    throw new HttpError('VALIDATION', error.message);
  }
}

function invalid(message: string): HttpError {
  return new HttpError('VALIDATION', message);
}

/** A beacon's body: a JSON object in UTF-8 (its fields are checked by `beaconFields`). */
export async function readBeaconObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  checkContentType(req);
  const raw = await readBody(req);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    throw invalid('The body must be a JSON object in UTF-8');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid('The body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/**
 * The fields of a beacon: exactly those of its kind (optional ones may be absent or null),
 * each a string. Anything else is a 400.
 */
export function beaconFields(
  body: Record<string, unknown>,
  kind: BeaconKind,
): Record<string, string | undefined> {
  const fields: Record<string, boolean> = BEACON_FIELDS[kind];
  const values: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(body)) {
    // An own property only: `in` would take inherited names (constructor, __proto__) as fields.
    if (!Object.hasOwn(fields, name)) throw invalid(`${name}: not a field of this call`);
    if (value === null && !fields[name]) continue;
    if (typeof value !== 'string') throw invalid(`${name}: must be a string`);
    values[name] = value;
  }
  for (const [name, needed] of Object.entries(fields)) {
    if (needed && values[name] === undefined) throw invalid(`${name}: required`);
  }
  return values;
}
