import { HipaaRestrictedError } from '../services/errors.js';
import type { IntegrationRow, WorkspaceRow } from '../services/read-rows.js';
import { builder } from './builder.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';

export const ExperienceCloudIntegrationRef = builder
  .objectRef<IntegrationRow>('ExperienceCloudIntegration')
  .implement({
    // Not a Node, so the Node interface's read scope does not cover it.
    authScopes: { read: true },
    fields: (t) => ({
      imsOrgId: t.exposeString('imsOrgId'),
      cookieSyncEnabled: t.exposeBoolean('cookieSyncEnabled'),
      configuredAt: t.expose('configuredAt', { type: 'DateTime' }),
    }),
  });

export const WorkspaceRef = builder.loadableNode('Workspace', {
  id: { resolve: (workspace: WorkspaceRow) => workspace.id },
  // A caller only ever sees its own workspace.
  load: (ids: string[], ctx) =>
    ctx.services.workspaces.byIds(ctx.caller, ids) as Promise<WorkspaceRow[]>,
  fields: (t) => ({
    name: t.exposeString('name'),
    hipaaReady: t.exposeBoolean('hipaaReady'),
    experienceCloud: t.field({
      type: ExperienceCloudIntegrationRef,
      nullable: true,
      resolve: (_workspace, _args, ctx) => ctx.services.workspaces.integration(ctx.caller),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('workspace', (t) =>
  t.field({
    type: WorkspaceRef,
    description: "The caller's workspace.",
    authScopes: { read: true },
    resolve: (_root, _args, ctx) => ctx.services.workspaces.own(ctx.caller),
  }),
);

const ConfigureExperienceCloudInput = builder.inputType('ConfigureExperienceCloudInput', {
  fields: (t) => ({
    imsOrgId: t.string({ required: true }),
    cookieSyncEnabled: t.boolean({ required: true }),
  }),
});

const ConfigureExperienceCloudSuccess = builder
  .objectRef<{ workspace: WorkspaceRow }>('ConfigureExperienceCloudSuccess')
  .implement({ fields: (t) => ({ workspace: t.expose('workspace', { type: WorkspaceRef }) }) });

builder.mutationField('configureExperienceCloud', (t) =>
  t.field({
    type: ConfigureExperienceCloudSuccess,
    args: { input: t.arg({ type: ConfigureExperienceCloudInput, required: true }) },
    authScopes: { admin: true },
    errors: { types: [...COMMON_MUTATION_ERRORS, HipaaRestrictedError] },
    resolve: async (_root, { input }, ctx) => {
      await ctx.services.workspaces.configureExperienceCloud(ctx.caller, input);
      return { workspace: await ctx.services.workspaces.own(ctx.caller) };
    },
  }),
);
