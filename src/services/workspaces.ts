import { TokenCache } from '../auth/token-cache.js';
import {
  authenticateToken,
  type Caller,
  createToken,
  hashToken,
  recordTokenUse,
  revokeToken,
  SCOPES,
  type Scope,
} from '../auth/tokens.js';
import { HipaaRestrictedError, NotFoundError } from '../domain/errors.js';
import { checkImsOrgId, checkName, required } from '../domain/validation.js';
import type { ServiceDeps } from './index.js';
import { type IntegrationRow, WORKSPACE_COLUMNS, type WorkspaceRow } from './read-rows.js';

const INTEGRATION_COLUMNS = `i.ims_org_id as "imsOrgId", i.cookie_sync_enabled as "cookieSyncEnabled",
  i.configured_at as "configuredAt"`;

/**
 * Workspaces, their tokens and their Experience Cloud integration. Workspaces and tokens are
 * created by operators (the CLI, a first start), so those verbs take no caller; everything a
 * request reads or changes is the caller's own workspace.
 */
export function createWorkspaceService({ config, database, realtime }: ServiceDeps) {
  const { pool } = database;
  // Only a process that hears revocations (its LISTEN connection) may reuse lookups.
  const tokens = realtime ? new TokenCache(config.tokenCacheTtlMs) : null;
  if (tokens && realtime) {
    realtime.changes.onTokenRevoked((tokenId) => tokens.dropToken(tokenId));
    realtime.changes.onReset(() => tokens.clear());
  }

  async function create(input: { name: string; hipaaReady?: boolean }): Promise<WorkspaceRow> {
    const name = required(checkName(input.name), ['name']);
    const { rows } = await pool.query<WorkspaceRow>(
      `insert into workspace as w (name, hipaa_ready) values ($1, $2)
       returning ${WORKSPACE_COLUMNS}`,
      [name, input.hipaaReady ?? false],
    );
    return rows[0]!;
  }

  async function own(caller: Caller): Promise<WorkspaceRow> {
    const { rows } = await pool.query<WorkspaceRow>(
      `select ${WORKSPACE_COLUMNS} from workspace w where w.id = $1`,
      [caller.workspaceId],
    );
    if (!rows[0]) throw new NotFoundError('Workspace');
    return rows[0];
  }

  return {
    create,

    /**
     * On a first start with no workspace, creates one with an all-scopes token so a newcomer
     * can try the API at once. Returns the token, or null when a workspace already exists.
     */
    async bootstrap(): Promise<{ workspaceId: string; token: string } | null> {
      const { rows } = await pool.query<{ any: boolean }>(
        'select exists (select 1 from workspace) as any',
      );
      if (rows[0]?.any) return null;
      const workspace = await create({ name: 'My workspace' });
      const { token } = await createToken(pool, workspace.id, [...SCOPES], 'first start');
      return { workspaceId: workspace.id, token };
    },

    /** Issues a token for a workspace; the token itself is returned once and never stored. */
    createToken(workspaceId: string, scopes: Scope[], label?: string) {
      return createToken(pool, workspaceId, scopes, label);
    },

    /** Revokes a token by its value; false when no active token matches. */
    async revokeToken(token: string): Promise<boolean> {
      const revoked = await revokeToken(pool, token);
      // At once here; other processes drop it when the revocation's notification arrives.
      tokens?.dropHash(hashToken(token));
      return revoked;
    },

    /** Forgets a revoked token's cached lookup in this process at once (others by NOTIFY). */
    forgetToken(tokenId: string): void {
      tokens?.dropToken(tokenId);
    },

    /** The caller a bearer token stands for, or null when it is unknown or revoked. */
    async authenticate(token: string): Promise<Caller | null> {
      if (!tokens || !realtime?.changes.trusted()) return authenticateToken(pool, token);
      const hash = hashToken(token);
      const cached = tokens.get(hash);
      if (cached) {
        // The lookup recorded the token's use; a token cached for longer records it again.
        if (tokens.useDue(hash)) await recordTokenUse(pool, cached.tokenId);
        return cached;
      }
      const startedAt = tokens.lookupStarts();
      const caller = await authenticateToken(pool, token);
      if (caller) tokens.set(hash, caller, startedAt);
      return caller;
    },

    /** The caller's own workspace. */
    own,

    /** Workspaces by id, in order; any other than the caller's own is null. */
    async byIds(caller: Caller, ids: readonly string[]): Promise<(WorkspaceRow | null)[]> {
      if (!ids.includes(caller.workspaceId)) return ids.map(() => null);
      const row = await own(caller);
      return ids.map((id) => (id === caller.workspaceId ? row : null));
    },

    /** The caller's integration settings, or null when not configured. */
    async integration(caller: Caller): Promise<IntegrationRow | null> {
      const { rows } = await pool.query<IntegrationRow>(
        `select ${INTEGRATION_COLUMNS} from experience_cloud_integration i
          where i.workspace_id = $1`,
        [caller.workspaceId],
      );
      return rows[0] ?? null;
    },

    /** Maps the workspace to an Adobe IMS organization and turns cookie sync on or off. */
    async configureExperienceCloud(
      caller: Caller,
      input: { imsOrgId: string; cookieSyncEnabled: boolean },
    ): Promise<IntegrationRow> {
      const imsOrgId = required(checkImsOrgId(input.imsOrgId), ['input', 'imsOrgId']);
      const { rows: workspace } = await pool.query<{ hipaaReady: boolean }>(
        'select hipaa_ready as "hipaaReady" from workspace where id = $1',
        [caller.workspaceId],
      );
      if (!workspace[0]) throw new NotFoundError('Workspace');
      if (workspace[0].hipaaReady) throw new HipaaRestrictedError();
      // One INSERT ... ON CONFLICT: the first configuration inserts, any later one updates.
      const { rows } = await pool.query<IntegrationRow>(
        `insert into experience_cloud_integration as i
                (workspace_id, ims_org_id, cookie_sync_enabled, configured_at)
         values ($1, $2, $3, now())
         on conflict (workspace_id) do update
            set ims_org_id = excluded.ims_org_id,
                cookie_sync_enabled = excluded.cookie_sync_enabled,
                configured_at = excluded.configured_at
         returning ${INTEGRATION_COLUMNS}`,
        [caller.workspaceId, imsOrgId, input.cookieSyncEnabled],
      );
      return rows[0]!;
    },
  };
}

export type WorkspaceService = ReturnType<typeof createWorkspaceService>;
