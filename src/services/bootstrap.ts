import type { EntityManager } from '@mikro-orm/postgresql';
import { createToken, SCOPES } from '../auth/tokens.js';
import { Workspace } from '../entities/workspace.js';
import { createWorkspace } from './workspaces.js';

/**
 * On a first start with no workspace, creates one with an all-scopes token so a newcomer can
 * try the API at once. Returns the token, or null when a workspace already exists.
 */
export async function bootstrapWorkspace(
  em: EntityManager,
): Promise<{ workspaceId: string; token: string } | null> {
  if ((await em.count(Workspace, {})) > 0) return null;
  const workspace = await createWorkspace(em, { name: 'My workspace' });
  const { token } = await createToken(em, workspace.id, [...SCOPES], 'first start');
  return { workspaceId: workspace.id, token };
}
