import type { Context } from '../auth/context.js';
import type { IExperienceCloudIntegration } from '../entities/experience-cloud-integration.js';
import { type IWorkspace, Workspace } from '../entities/workspace.js';
import { HipaaRestrictedError } from '../services/errors.js';
import { configureExperienceCloud, findIntegration } from '../services/integration.js';
import { builder } from './builder.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';

export const ExperienceCloudIntegrationRef = builder
  .objectRef<IExperienceCloudIntegration>('ExperienceCloudIntegration')
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
  id: { resolve: (workspace: IWorkspace) => workspace.id },
  // A caller only ever sees its own workspace.
  load: async (ids: string[], ctx) => {
    const own = ids.filter((id) => id === ctx.caller.workspaceId);
    const rows = own.length ? await ctx.em.find(Workspace, { id: { $in: own } }) : [];
    return ids.map((id) => rows.find((row) => row.id === id) ?? null) as IWorkspace[];
  },
  fields: (t) => ({
    name: t.exposeString('name'),
    hipaaReady: t.exposeBoolean('hipaaReady'),
    experienceCloud: t.field({
      type: ExperienceCloudIntegrationRef,
      nullable: true,
      resolve: (workspace, _args, ctx) => findIntegration(ctx.em, workspace.id),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryField('workspace', (t) =>
  t.field({
    type: WorkspaceRef,
    description: "The caller's workspace.",
    authScopes: { read: true },
    resolve: (_root, _args, ctx) => ownWorkspace(ctx),
  }),
);

function ownWorkspace(ctx: Context): Promise<IWorkspace> {
  return ctx.em.findOneOrFail(Workspace, { id: ctx.caller.workspaceId });
}

const ConfigureExperienceCloudInput = builder.inputType('ConfigureExperienceCloudInput', {
  fields: (t) => ({
    imsOrgId: t.string({ required: true }),
    cookieSyncEnabled: t.boolean({ required: true }),
  }),
});

const ConfigureExperienceCloudSuccess = builder
  .objectRef<{ workspace: IWorkspace }>('ConfigureExperienceCloudSuccess')
  .implement({ fields: (t) => ({ workspace: t.expose('workspace', { type: WorkspaceRef }) }) });

builder.mutationField('configureExperienceCloud', (t) =>
  t.field({
    type: ConfigureExperienceCloudSuccess,
    args: { input: t.arg({ type: ConfigureExperienceCloudInput, required: true }) },
    authScopes: { admin: true },
    errors: { types: [...COMMON_MUTATION_ERRORS, HipaaRestrictedError] },
    resolve: async (_root, { input }, ctx) => {
      await configureExperienceCloud(ctx.em, ctx.caller.workspaceId, input);
      return { workspace: await ownWorkspace(ctx) };
    },
  }),
);
