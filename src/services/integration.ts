import type { EntityManager } from '@mikro-orm/postgresql';
import {
  ExperienceCloudIntegration,
  type IExperienceCloudIntegration,
} from '../entities/experience-cloud-integration.js';
import { Workspace } from '../entities/workspace.js';
import { HipaaRestrictedError, NotFoundError } from './errors.js';
import { checkImsOrgId, required } from './validation.js';

/** Maps the workspace to an Adobe IMS organization and turns cookie sync on or off. */
export async function configureExperienceCloud(
  em: EntityManager,
  workspaceId: string,
  input: { imsOrgId: string; cookieSyncEnabled: boolean },
): Promise<IExperienceCloudIntegration> {
  const imsOrgId = required(checkImsOrgId(input.imsOrgId), ['input', 'imsOrgId']);
  const workspace = await em.findOne(Workspace, { id: workspaceId });
  if (!workspace) throw new NotFoundError('Workspace');
  if (workspace.hipaaReady) throw new HipaaRestrictedError();
  const existing = await em.findOne(ExperienceCloudIntegration, { workspace: workspaceId });
  const now = new Date();
  if (existing) {
    existing.imsOrgId = imsOrgId;
    existing.cookieSyncEnabled = input.cookieSyncEnabled;
    existing.configuredAt = now;
    await em.flush();
    return existing;
  }
  const integration = em.create(ExperienceCloudIntegration, {
    workspace,
    imsOrgId,
    cookieSyncEnabled: input.cookieSyncEnabled,
    configuredAt: now,
  });
  await em.flush();
  return integration;
}

/** The workspace's integration settings, or null when not configured. */
export function findIntegration(em: EntityManager, workspaceId: string) {
  return em.findOne(ExperienceCloudIntegration, { workspace: workspaceId });
}
