import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Caller } from '../auth/tokens.js';
import { type FieldError, NotFoundError, ValidationError } from '../domain/errors.js';
import { checkText } from '../domain/validation.js';
import { type IPublishableKey, PublishableKey } from '../entities/publishable-key.js';
import { isOrigin } from '../net/origins.js';
import type { ServiceDeps } from './index.js';
import { inIdOrder, isDbId } from './read-rows.js';

/** Most origins one key may allow (a shop, its staging copies, a few locales). */
export const MAX_ALLOWED_ORIGINS = 50;

const KEY_PREFIX = 'pk_';
/** `pk_` and 32 random bytes in base64url: what a key looks like, checked before any lookup. */
const KEY_SHAPE = /^pk_[A-Za-z0-9_-]{43}$/;

/** Longest a key lookup may take (it runs on every beacon). */
const KEY_LOOKUP_TIMEOUT_MS = 2_000;

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
  const em = () => database.orm.em.fork();

  return {
    /** Issues a key for the caller's workspace that pages on `allowedOrigins` may use. */
    async create(caller: Caller, input: { allowedOrigins: readonly string[] }) {
      const allowedOrigins = checkOrigins(input.allowedOrigins);
      const fork = em();
      const row = fork.create(PublishableKey, {
        workspace: caller.workspaceId,
        key: KEY_PREFIX + randomBytes(32).toString('base64url'),
        allowedOrigins,
        revokedAt: null,
      });
      await fork.flush();
      return row;
    },

    /** Revokes a key of the caller's workspace; its beacons get 403 from then on. */
    async revoke(caller: Caller, input: { id: string }): Promise<IPublishableKey> {
      const fork = em();
      const row = await fork.findOne(PublishableKey, {
        id: input.id,
        workspace: caller.workspaceId,
      });
      if (!row) throw new NotFoundError('PublishableKey');
      row.revokedAt ??= new Date();
      await fork.flush();
      return row;
    },

    /** One keyset window of the caller's live keys, oldest first. */
    find(caller: Caller, input: { limit: number; afterId: string | null }) {
      return em().find(
        PublishableKey,
        {
          workspace: caller.workspaceId,
          revokedAt: null,
          ...(input.afterId ? { id: { $gt: input.afterId } } : {}),
        },
        { orderBy: { id: 'asc' }, limit: input.limit },
      );
    },

    /** How many live keys `find` pages through. */
    count(caller: Caller): Promise<number> {
      return em().count(PublishableKey, { workspace: caller.workspaceId, revokedAt: null });
    },

    /** Keys by id, in order; another workspace's (or a malformed id) is null. */
    async byIds(caller: Caller, ids: readonly string[]): Promise<(IPublishableKey | null)[]> {
      // Read through the ORM, since the schema resolves the entity; ordered as rowsByIds does.
      const valid = ids.filter(isDbId);
      const rows = valid.length
        ? await em().find(PublishableKey, { id: { $in: valid }, workspace: caller.workspaceId })
        : [];
      return inIdOrder(ids, rows);
    },

    /**
     * What a key grants, or null when it is unknown or revoked. Runs on every beacon, so it is
     * one read through the unique index on `key`, without ORM hydration.
     */
    async resolve(key: string): Promise<PublishableKeyGrant | null> {
      if (!KEY_SHAPE.test(key)) return null;
      const { rows } = await database.pool.query<{
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
      const { rows } = await database.pool.query({
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
