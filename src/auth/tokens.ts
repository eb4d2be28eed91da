import { createHash, randomBytes } from 'node:crypto';
import type pg from 'pg';
import { WORKSPACE_CHANGED_CHANNEL } from '../db/channels.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { logger } from '../observability/log.js';

export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: resolved from a bearer token once per request or WebSocket connection. */
export interface Caller {
  workspaceId: string;
  tokenId: string;
  scopes: ReadonlySet<Scope>;
}

/**
 * An operator acting on one workspace outside any request (the CLI, seeding, the bench): every
 * scope, no token.
 */
export function operatorCaller(workspaceId: string): Caller {
  return { workspaceId, tokenId: 'operator', scopes: new Set(SCOPES) };
}

const TOKEN_PREFIX = 'ast_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Parses "read,write" into scopes; unknown names are a ValidationError. */
export function parseScopes(raw: string): Scope[] {
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(SCOPES as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw ValidationError.field(
      ['scopes'],
      `scopes must be a comma-separated subset of ${SCOPES.join(', ')}`,
    );
  }
  return [...new Set(names)] as Scope[];
}

/**
 * Issues a new token for the workspace; returns the token, which is never stored. The same
 * statement announces a change of the workspace (its token list), so no api process answers
 * `Workspace.apiTokens` from before it, whoever issued it (the CLI included).
 */
export async function createToken(
  db: Pick<pg.Pool, 'query'>,
  workspaceId: string,
  scopes: Scope[],
  label?: string,
): Promise<{ token: string; tokenId: string }> {
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  // No workspace row, no insert: an unknown workspace is NOT_FOUND.
  const { rows } = await db.query<{ id: string }>(
    `with issued as (
       insert into api_token (workspace_id, token_hash, scopes, label)
       select w.id, $2::text, $3::text[], $4::text from workspace w where w.id = $1
       returning id, workspace_id
     )
     select id, pg_notify($5, workspace_id::text) from issued`,
    [workspaceId, hashToken(token), scopes, label ?? null, WORKSPACE_CHANGED_CHANNEL],
  );
  if (!rows[0]) throw new NotFoundError('Workspace');
  return { token, tokenId: rows[0].id };
}

/**
 * Revokes a token by its value; returns whether one was revoked. The revocation is announced
 * by the database (the `api_token_revoked` trigger), whoever writes it; the statement also
 * announces the change of its workspace's token list.
 */
export async function revokeToken(db: Pick<pg.Pool, 'query'>, token: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `with revoked as (
       update api_token set revoked_at = now() where token_hash = $1 and revoked_at is null
       returning workspace_id
     )
     select pg_notify($2, workspace_id::text) from revoked`,
    [hashToken(token), WORKSPACE_CHANGED_CHANNEL],
  );
  return (rowCount ?? 0) > 0;
}

/** Longest a token lookup may take. */
export const TOKEN_LOOKUP_TIMEOUT_MS = 2_000;

/**
 * How precisely `api_token.last_used_at` follows a token's use. It is written only when the
 * stored value is older than this (or unset): a token in constant use costs one row update a
 * minute, however many requests it carries, and a request never waits on another's update
 * (a row locked by a concurrent writer is skipped; that writer records the use).
 */
export const LAST_USED_RESOLUTION_MS = 60_000;
const LAST_USED_STALE = `now() - make_interval(secs => ${LAST_USED_RESOLUTION_MS / 1000})`;

/**
 * Resolves a token to its caller, or null when it is unknown or revoked. It runs on every
 * request and connection the token cache does not answer, so it is one statement: the
 * indexed lookup, and in the same round trip the use recorded in `last_used_at` when the
 * stored one is more than LAST_USED_RESOLUTION_MS old (otherwise nothing is written).
 */
export async function authenticateToken(
  db: Pick<pg.Pool, 'query'>,
  token: string,
): Promise<Caller | null> {
  const result = await db.query<{ id: string; workspaceId: string; scopes: Scope[] }>({
    text: `with found as (
             select id, workspace_id, scopes from api_token
              where token_hash = $1 and revoked_at is null
           ), due as (
             select a.id from api_token a join found f on f.id = a.id
              where a.last_used_at is null or a.last_used_at < ${LAST_USED_STALE}
                for update of a skip locked
           ), used as (
             update api_token a set last_used_at = now() from due where a.id = due.id
           )
           select id::text, workspace_id::text as "workspaceId", scopes from found`,
    values: [hashToken(token)],
    // An indexed lookup answers in well under a millisecond; a database that does not answer
    // in this long fails the request with 503 instead of holding it (pg honours this per
    // query; its types omit it).
    query_timeout: TOKEN_LOOKUP_TIMEOUT_MS,
  } as pg.QueryConfig);
  const row = result.rows[0];
  if (!row) return null;
  return { workspaceId: row.workspaceId, tokenId: row.id, scopes: new Set(row.scopes) };
}

/**
 * Records a use of a live token answered from the token cache (which skipped the lookup that
 * records it): writes `last_used_at` only when the stored one is more than
 * LAST_USED_RESOLUTION_MS old, skipping a row another writer holds. The use is informational:
 * a failure is logged and the request goes on.
 */
export async function recordTokenUse(db: Pick<pg.Pool, 'query'>, tokenId: string): Promise<void> {
  try {
    await db.query({
      text: `update api_token a set last_used_at = now()
              where a.id = (select id from api_token
                             where id = $1 and revoked_at is null
                               and (last_used_at is null or last_used_at < ${LAST_USED_STALE})
                               for update skip locked)`,
      values: [tokenId],
      query_timeout: TOKEN_LOOKUP_TIMEOUT_MS,
    } as pg.QueryConfig);
  } catch (error) {
    logger('auth').warn({ err: error, tokenId }, 'could not record a token use');
  }
}

/** Extracts the token of an `Authorization: Bearer <token>` value. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}
