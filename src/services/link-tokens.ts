import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/transaction.js';

/**
 * The signed tokens of tracked email links: made by the tracked link service, checked where a
 * link is followed (GET /t/) and by the email click beacon of the munchkin service.
 */

/** Longest destination a tracked link may carry (what email clients and browsers keep intact). */
export const MAX_TRACKED_URL_LENGTH = 2048;
/** Longest id (workspace or lead) a token names: a bigint's digits. */
const MAX_ID_DIGITS = 18;
const ID_PATTERN = new RegExp(`^\\d{1,${MAX_ID_DIGITS}}$`);
/**
 * Longest token accepted anywhere: the payload JSON of two maximal ids and a maximal url, each of
 * whose characters JSON may escape to two (a serialized URL is ASCII without control characters,
 * so only `\` and `"` grow, to `\\` and `\"`), base64url-encoded, then `.` and the signature.
 * Derived from MAX_TRACKED_URL_LENGTH so that every link createTrackedLink accepts can be
 * followed; creation still refuses a token past it, so the two can never disagree.
 */
export const MAX_TOKEN_LENGTH =
  Math.ceil(
    ((`{"w":"","l":"","u":""}`.length + 2 * MAX_ID_DIGITS + 2 * MAX_TRACKED_URL_LENGTH) * 4) / 3,
  ) +
  1 +
  43;

/** What a tracked link's token names; the signature covers all of it. */
export interface TrackedLink {
  workspaceId: string;
  leadId: string;
  url: string;
}

/** The workspace's link signing secret, created on first use (concurrent first uses agree). */
export async function ownSecret(db: Queryable, workspaceId: string): Promise<Buffer> {
  await db.query(
    `INSERT INTO link_signing_secret (workspace_id, secret) VALUES ($1, $2)
     ON CONFLICT (workspace_id) DO NOTHING`,
    [workspaceId, randomBytes(32)],
  );
  return (await storedSecret(db, workspaceId)) as Buffer;
}

async function storedSecret(db: Queryable, workspaceId: string): Promise<Buffer | null> {
  const { rows } = await db.query<{ secret: Buffer }>(
    'SELECT secret FROM link_signing_secret WHERE workspace_id = $1',
    [workspaceId],
  );
  return rows[0]?.secret ?? null;
}

function signature(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/**
 * The token of a link: `<payload>.<signature>`, both base64url, where the payload is the JSON
 * `{ w, l, u }` (workspace, lead, url) and the signature its HMAC-SHA256 under the workspace's
 * secret. The workspace id is read before the check only to pick the secret.
 */
export function encodeToken(secret: Buffer, link: TrackedLink): string {
  const payload = Buffer.from(
    JSON.stringify({ w: link.workspaceId, l: link.leadId, u: link.url }),
  ).toString('base64url');
  return `${payload}.${signature(secret, payload).toString('base64url')}`;
}

/** The payload of a well-formed token, unchecked; null when it is not one of ours at all. */
function decodePayload(token: string): { payload: string; mac: string; link: TrackedLink } | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  try {
    const parsed = JSON.parse(Buffer.from(match[1], 'base64url').toString('utf8'));
    const { w, l, u } = parsed ?? {};
    if (![w, l].every((id) => typeof id === 'string' && ID_PATTERN.test(id))) return null;
    if (typeof u !== 'string') return null;
    return {
      payload: match[1],
      mac: match[2],
      link: { workspaceId: w, leadId: l, url: u },
    };
  } catch {
    return null;
  }
}

/**
 * The link a token names when its signature is the workspace's own, else null: a forged,
 * altered or truncated token names nothing. One indexed read (the secret).
 */
export async function verifyLinkToken(db: Queryable, token: string): Promise<TrackedLink | null> {
  const decoded = decodePayload(token);
  if (!decoded) return null;
  const secret = await storedSecret(db, decoded.link.workspaceId);
  if (!secret) return null;
  // Compared as text: base64url decoding ignores the last character's spare bits, so two
  // spellings of one signature would both pass a comparison of the decoded bytes.
  const expected = Buffer.from(signature(secret, decoded.payload).toString('base64url'));
  return timingSafeEqual(expected, Buffer.from(decoded.mac)) ? decoded.link : null;
}

/** Whether a raw `name=value` pair of a query is named `mkt_tok`, as URLSearchParams reads it. */
function isTokenParameter(pair: string): boolean {
  const name = pair.split('=', 1)[0].replaceAll('+', ' ');
  try {
    return decodeURIComponent(name) === 'mkt_tok';
  } catch {
    return false;
  }
}

/**
 * The destination with `&mkt_tok=<token>` (or `?mkt_tok=...`) appended to its query text, which
 * is kept byte for byte, and the fragment after it: re-serializing the query (URLSearchParams)
 * would turn `%20` into `+`, `flag` into `flag=` and `/` into `%2F`, which some landing pages
 * read differently. A `mkt_tok` the destination already carries (under any spelling of its name)
 * is dropped and the other pairs keep their bytes and order: the page's script reads the first
 * `mkt_tok`, and it must be this link's.
 */
export function landingUrl(link: TrackedLink, token: string): string {
  const hashAt = link.url.indexOf('#');
  const beforeHash = hashAt < 0 ? link.url : link.url.slice(0, hashAt);
  const fragment = hashAt < 0 ? '' : link.url.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  const path = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt < 0 ? '' : beforeHash.slice(queryAt + 1);
  const kept = query === '' ? [] : query.split('&');
  const pairs = kept.some(isTokenParameter) ? kept.filter((pair) => !isTokenParameter(pair)) : kept;
  return `${path}?${[...pairs, `mkt_tok=${token}`].join('&')}${fragment}`;
}
