import { TokenCache } from '../auth/token-cache.js';
import {
  authenticateToken,
  type Caller,
  createToken,
  hashToken,
  revokeToken,
  SCOPES,
  type Scope,
} from '../auth/tokens.js';
import { HipaaRestrictedError, NotFoundError } from '../domain/errors.js';
import { checkImsOrgId, checkName, required } from '../domain/validation.js';
import {
  ExperienceCloudIntegration,
  type IExperienceCloudIntegration,
} from '../entities/experience-cloud-integration.js';
import { type IWorkspace, Workspace } from '../entities/workspace.js';
import type { ServiceDeps } from './index.js';
import { type IntegrationRow, WORKSPACE_COLUMNS, type WorkspaceRow } from './read-rows.js';

/**
 * Workspaces, their tokens and their Experience Cloud integration. Workspaces and tokens are
 * created by operators (the CLI, a first start), so those verbs take no caller; everything a
 * request reads or changes is the caller's own workspace.
 */
export function createWorkspaceService({ config, database, realtime }: ServiceDeps) {
  const em = () => database.orm.em.fork();
  // Only a process that hears revocations (its LISTEN connection) may reuse lookups.
  const tokens = realtime ? new TokenCache(config.tokenCacheTtlMs) : null;
  if (tokens && realtime) {
    realtime.changes.onTokenRevoked((tokenId) => tokens.dropToken(tokenId));
    realtime.changes.onReset(() => tokens.clear());
  }

  async function create(input: { name: string; hipaaReady?: boolean }): Promise<IWorkspace> {
    const name = required(checkName(input.name), ['name']);
    const fork = em();
    const workspace = fork.create(Workspace, { name, hipaaReady: input.hipaaReady ?? false });
    await fork.flush();
    return workspace;
  }

  async function own(caller: Caller): Promise<WorkspaceRow> {
    const { rows } = await database.pool.query<WorkspaceRow>(
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
      if ((await em().count(Workspace, {})) > 0) return null;
      const workspace = await create({ name: 'My workspace' });
      const { token } = await createToken(em(), workspace.id, [...SCOPES], 'first start');
      return { workspaceId: workspace.id, token };
    },

    /** Issues a token for a workspace; the token itself is returned once and never stored. */
    createToken(workspaceId: string, scopes: Scope[], label?: string) {
      return createToken(em(), workspaceId, scopes, label);
    },

    /** Revokes a token by its value; false when no active token matches. */
    async revokeToken(token: string): Promise<boolean> {
      const revoked = await revokeToken(em(), token);
      // At once here; other processes drop it when the revocation's notification arrives.
      tokens?.dropHash(hashToken(token));
      return revoked;
    },

    /** The caller a bearer token stands for, or null when it is unknown or revoked. */
    async authenticate(token: string): Promise<Caller | null> {
      if (!tokens || !realtime?.changes.trusted()) return authenticateToken(database.pool, token);
      const hash = hashToken(token);
      const cached = tokens.get(hash);
      if (cached) return cached;
      const startedAt = tokens.lookupStarts();
      const caller = await authenticateToken(database.pool, token);
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
      const { rows } = await database.pool.query<IntegrationRow>(
        `select ims_org_id as "imsOrgId", cookie_sync_enabled as "cookieSyncEnabled",
                configured_at as "configuredAt"
           from experience_cloud_integration where workspace_id = $1`,
        [caller.workspaceId],
      );
      return rows[0] ?? null;
    },

    /** Maps the workspace to an Adobe IMS organization and turns cookie sync on or off. */
    async configureExperienceCloud(
      caller: Caller,
      input: { imsOrgId: string; cookieSyncEnabled: boolean },
    ): Promise<IExperienceCloudIntegration> {
      const imsOrgId = required(checkImsOrgId(input.imsOrgId), ['input', 'imsOrgId']);
      const fork = em();
      const workspace = await fork.findOne(Workspace, { id: caller.workspaceId });
      if (!workspace) throw new NotFoundError('Workspace');
      if (workspace.hipaaReady) throw new HipaaRestrictedError();
      const existing = await fork.findOne(ExperienceCloudIntegration, {
        workspace: caller.workspaceId,
      });
      const now = new Date();
      if (existing) {
        existing.imsOrgId = imsOrgId;
        existing.cookieSyncEnabled = input.cookieSyncEnabled;
        existing.configuredAt = now;
        await fork.flush();
        return existing;
      }
      const integration = fork.create(ExperienceCloudIntegration, {
        workspace,
        imsOrgId,
        cookieSyncEnabled: input.cookieSyncEnabled,
        configuredAt: now,
      });
      await fork.flush();
      return integration;
    },
  };
}

export type WorkspaceService = ReturnType<typeof createWorkspaceService>;
