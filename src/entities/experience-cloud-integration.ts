import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workspace } from './workspace.js';

/** The Adobe IMS organization a workspace maps, and whether Munchkin cookie sync is on. */
export const ExperienceCloudIntegration = defineEntity({
  name: 'ExperienceCloudIntegration',
  properties: {
    workspace: () => p.oneToOne(Workspace).ref().primary().deleteRule('cascade'),
    imsOrgId: p.string().length(64),
    cookieSyncEnabled: p.boolean(),
    configuredAt: p.datetime(),
  },
});
export type IExperienceCloudIntegration = InferEntity<typeof ExperienceCloudIntegration>;
