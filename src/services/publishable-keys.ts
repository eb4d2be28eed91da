import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Caller } from '../auth/tokens.js';
import { type FieldError, NotFoundError, ValidationError } from '../domain/errors.js';
import { checkText } from '../domain/validation.js';
import { isOrigin } from '../net/origins.js';
import type { ServiceDeps } from './index.js';
import { keysetSql, rowsByIds, type Window, windowBounds } from './read-rows.js';

/** Most origins one key may allow (a shop, its staging copies, a few locales). */
export const MAX_ALLOWED_ORIGINS = 50;

const KEY_PREFIX = 'pk_';
/** `pk_` and 32 random bytes in base64url: what a key looks like, checked before any lookup. */
const KEY_SHAPE = /^pk_[A-Za-z0-9_-]{43}$/;

/** Longest a key lookup may take (it runs on every beacon). */
const KEY_LOOKUP_TIMEOUT_MS = 2_000;

/** A publishable key as its reads and writes answer it. */
export interface PublishableKeyRow {
  id: string;
  key: string;
  allowedOrigins: string[];
  createdAt: Date;
  /** When it was revoked; null while live. */
  revokedAt: Date | null;
}

const KEY_COLUMNS = `k.id, k.key, k.allowed_origins as "allowedOrigins",
  k.created_at as "createdAt", k.revoked_at as "revokedAt"`;

/** The workspace and origins a live publishable key stands for. */
export interface PublishableKeyGrant {
  keyId: string;
  workspaceId: string;
  allowedOrigins: readonly string[];
}

/** Each origin must be exactly `scheme://host[:port]` (what a browser sends in `Origin`). */
function checkOrigins(raw: readonly string[]): string[] {
  const fieldErrors: FieldError[] = [];
  const fail = (path: string[], message: string) =>
    fieldErrors.push({ path, message: `${path.join('.')}: ${message}` });
  if (raw.length === 0 || raw.length > MAX_ALLOWED_ORIGINS) {
    fail(['input', 'allowedOrigins'], `between 1 and ${MAX_ALLOWED_ORIGINS} origins`);
  }
  const origins: string[] = [];
  raw.forEach((entry, index) => {
    const path = ['input', 'allowedOrigins', String(index)];
    const value = entry.trim();
    const text = checkText(value);
    if (!text.ok) {
      fail(path, text.reason);
      return;
    }
    if (!isOrigin(value)) {
      fail(path, 'must be an origin like https://shop.example (scheme, host, port; no path)');
      return;
    }
    origins.push(value);
  });
  if (fieldErrors.length > 0) {
    throw new ValidationError(fieldErrors.map((error) => error.message).join('; '), fieldErrors);
  }
  return [...new Set(origins)];
}

/** Publishable keys: created and revoked by admins, resolved on every beacon. */
export function createPublishableKeyService({ database }: ServiceDeps) {
  const { pool } = database;

  return {
    /** Issues a key for the caller's workspace that pages on `allowedOrigins` may use. */
    async create(
      caller: Caller,
      input: { allowedOrigins: readonly string[] },
    ): Promise<PublishableKeyRow> {
      const allowedOrigins = checkOrigins(input.allowedOrigins);
      const { rows } = await pool.query<PublishableKeyRow>(
        `insert into publishable_key as k (workspace_id, key, allowed_origins)
         values ($1, $2, $3) returning ${KEY_COLUMNS}`,
        [caller.workspaceId, KEY_PREFIX + randomBytes(32).toString('base64url'), allowedOrigins],
      );
      return rows[0]!;
    },

    /**
     * Revokes a key of the caller's workspace; its beacons get 403 from then on. A key revoked
     * before keeps its first revocation time.
     */
    async revoke(caller: Caller, input: { id: string }): Promise<PublishableKeyRow> {
      const { rows } = await pool.query<PublishableKeyRow>(
        `update publishable_key as k set revoked_at = coalesce(k.revoked_at, now())
          where k.workspace_id = $1 and k.id = $2
          returning ${KEY_COLUMNS}`,
        [caller.workspaceId, input.id],
      );
      if (!rows[0]) throw new NotFoundError('PublishableKey');
      return rows[0];
    },

    /** One keyset window of the caller's live keys, oldest first. */
    async find(caller: Caller, input: Window): Promise<PublishableKeyRow[]> {
      const keyset = keysetSql('k.id', 'asc', input, 3, 4);
      const { rows } = await pool.query<PublishableKeyRow>(
        `select ${KEY_COLUMNS} from publishable_key k
          where k.workspace_id = $1 and k.revoked_at is null and ${keyset.where}
          ${keyset.orderBy} limit $2`,
        [caller.workspaceId, input.limit, ...windowBounds(input)],
      );
      return rows;
    },

    /** How many live keys `find` pages through. */
    async count(caller: Caller): Promise<number> {
      const { rows } = await pool.query<{ n: number }>(
        `select count(*)::int as n from publishable_key
          where workspace_id = $1 and revoked_at is null`,
        [caller.workspaceId],
      );
      return rows[0]?.n ?? 0;
    },

    /** Keys by id, in order (revoked ones too); another workspace's (or a malformed id) is null. */
    byIds(caller: Caller, ids: readonly string[]): Promise<(PublishableKeyRow | null)[]> {
      return rowsByIds(
        pool,
        caller.workspaceId,
        ids,
        `select ${KEY_COLUMNS} from publishable_key k
          where k.workspace_id = $1 and k.id = any($2::bigint[])`,
      );
    },

    /**
     * What a key grants, or null when it is unknown or revoked. Runs on every beacon, so it is
     * one read through the unique index on `key`.
     */
    async resolve(key: string): Promise<PublishableKeyGrant | null> {
      if (!KEY_SHAPE.test(key)) return null;
      const { rows } = await pool.query<{
        id: string;
        workspace_id: string;
        allowed_origins: string[];
      }>({
        text: `SELECT id::text, workspace_id::text, allowed_origins FROM publishable_key
                WHERE key = $1 AND revoked_at IS NULL`,
        values: [key],
        query_timeout: KEY_LOOKUP_TIMEOUT_MS,
      } as pg.QueryConfig);
      const row = rows[0];
      return row
        ? { keyId: row.id, workspaceId: row.workspace_id, allowedOrigins: row.allowed_origins }
        : null;
    },

    /**
     * Whether any live key allows `origin`: a preflight carries no body, hence no key, so it is
     * answered for every origin some key allows (the request itself is checked against its own
     * key). One read through a GIN index.
     */
    async originAllowed(origin: string): Promise<boolean> {
      const { rows } = await pool.query({
        text: `SELECT 1 FROM publishable_key
                WHERE allowed_origins @> ARRAY[$1::text] AND revoked_at IS NULL LIMIT 1`,
        values: [origin],
        query_timeout: KEY_LOOKUP_TIMEOUT_MS,
      } as pg.QueryConfig);
      return rows.length > 0;
    },
  };
}

export type PublishableKeyService = ReturnType<typeof createPublishableKeyService>;
