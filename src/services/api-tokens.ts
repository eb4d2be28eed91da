import { type Caller, createToken, SCOPES, type Scope } from '../auth/tokens.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors.js';
import { checkOptionalName } from '../domain/validation.js';
import type { ServiceDeps } from './index.js';
import { keysetSql, rowsByIds, type Window, windowBounds } from './read-rows.js';
import type { WorkspaceService } from './workspaces.js';

/** An API token as its reads and writes answer it: never its value, which is not stored. */
export interface ApiTokenRow {
  id: string;
  scopes: Scope[];
  description: string | null;
  createdAt: Date;
  /** When it last authenticated a request, to the minute; null when never used. */
  lastUsedAt: Date | null;
  /** When it was revoked; null while live. */
  revokedAt: Date | null;
}

const TOKEN_COLUMNS = `t.id::text as id, t.scopes, t.label as description,
  t.created_at as "createdAt", t.last_used_at as "lastUsedAt", t.revoked_at as "revokedAt"`;

/**
 * The scopes of a new token: at least one of read, write and admin, each once, in that
 * order. A caller may only hand out scopes it holds itself (an admin-only token cannot mint a
 * write token), so anything more is FORBIDDEN.
 */
function checkScopes(caller: Caller, raw: readonly string[]): Scope[] {
  const unknown = raw.filter((scope) => !(SCOPES as readonly string[]).includes(scope));
  if (raw.length === 0 || unknown.length > 0) {
    throw ValidationError.field(
      ['input', 'scopes'],
      `input.scopes: name at least one of ${SCOPES.join(', ')}`,
    );
  }
  const scopes = SCOPES.filter((scope) => raw.includes(scope));
  if (scopes.some((scope) => !caller.scopes.has(scope))) {
    throw new ForbiddenError('A token can only be given scopes the calling token holds');
  }
  return scopes;
}

/**
 * API tokens of the caller's workspace, managed by its admins: issued (the value answered
 * once, only its hash stored), listed with when each was last used, and revoked. A revoked
 * token is refused from the next request on: in this process its cached lookup is dropped
 * before the revocation answers, in every other by the `api_token_revoked` NOTIFY.
 */
export function createApiTokenService({ database }: ServiceDeps, workspaces: WorkspaceService) {
  const { pool } = database;

  async function byIds(caller: Caller, ids: readonly string[]): Promise<(ApiTokenRow | null)[]> {
    return rowsByIds(
      pool,
      caller.workspaceId,
      ids,
      `select ${TOKEN_COLUMNS} from api_token t
        where t.workspace_id = $1 and t.id = any($2::bigint[])`,
    );
  }

  return {
    /** Issues a token for the caller's workspace; `token` is its value, answered only here. */
    async create(
      caller: Caller,
      input: { scopes: readonly string[]; description?: string | null },
    ): Promise<{ apiToken: ApiTokenRow; token: string }> {
      const scopes = checkScopes(caller, input.scopes);
      const description = checkOptionalName(input.description);
      if (!description.ok) {
        throw ValidationError.field(
          ['input', 'description'],
          `input.description: ${description.reason}`,
        );
      }
      const { token, tokenId } = await createToken(
        pool,
        caller.workspaceId,
        scopes,
        description.value ?? undefined,
      );
      const [apiToken] = await byIds(caller, [tokenId]);
      return { apiToken: apiToken!, token };
    },

    /**
     * Revokes a token of the caller's workspace (its own included); it is refused from the
     * next request on. A token revoked before keeps its first revocation time.
     */
    async revoke(caller: Caller, input: { id: string }): Promise<ApiTokenRow> {
      const { rows } = await pool.query<ApiTokenRow>(
        `update api_token as t set revoked_at = coalesce(t.revoked_at, now())
          where t.workspace_id = $1 and t.id = $2
          returning ${TOKEN_COLUMNS}`,
        [caller.workspaceId, input.id],
      );
      if (!rows[0]) throw new NotFoundError('ApiToken');
      workspaces.forgetToken(rows[0].id);
      return rows[0];
    },

    /** One keyset window of the caller's tokens (live ones unless `includeRevoked`), oldest first. */
    async find(
      caller: Caller,
      input: Window & { includeRevoked: boolean },
    ): Promise<ApiTokenRow[]> {
      const keyset = keysetSql('t.id', 'asc', input, 4, 5);
      const { rows } = await pool.query<ApiTokenRow>(
        `select ${TOKEN_COLUMNS} from api_token t
          where t.workspace_id = $1 and ($3 or t.revoked_at is null) and ${keyset.where}
          ${keyset.orderBy} limit $2`,
        [caller.workspaceId, input.limit, input.includeRevoked, ...windowBounds(input)],
      );
      return rows;
    },

    /** How many tokens `find` pages through. */
    async count(caller: Caller, input: { includeRevoked: boolean }): Promise<number> {
      const { rows } = await pool.query<{ n: number }>(
        `select count(*)::int as n from api_token
          where workspace_id = $1 and ($2 or revoked_at is null)`,
        [caller.workspaceId, input.includeRevoked],
      );
      return rows[0]?.n ?? 0;
    },

    /** Tokens by id, in order (revoked ones too); another workspace's (or a malformed id) is null. */
    byIds,
  };
}

export type ApiTokenService = ReturnType<typeof createApiTokenService>;
