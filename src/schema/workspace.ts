import { HipaaRestrictedError } from '../domain/errors.js';
import type { IntegrationRow, WorkspaceRow } from '../services/read-rows.js';
import { builder } from './builder.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { loadByIds } from './lookups.js';

export const ExperienceCloudIntegrationRef = builder
  .objectRef<IntegrationRow>('ExperienceCloudIntegration')
  .implement({
    description: "The workspace's link to an Adobe IMS organization (Experience Cloud).",
    // Not a Node, so the Node interface's read scope does not cover it.
    authScopes: { read: true },
    fields: (t) => ({
      imsOrgId: t.exposeString('imsOrgId', {
        description: 'The Adobe IMS organization (24 upper-case hex characters + `@AdobeOrg`).',
      }),
      cookieSyncEnabled: t.exposeBoolean('cookieSyncEnabled', {
        description:
          'Whether cookie syncs are accepted; when false, recordCookieSync answers COOKIE_SYNC_DISABLED.',
      }),
      configuredAt: t.expose('configuredAt', {
        type: 'DateTime',
        description: 'When the integration was last configured.',
      }),
    }),
  });

export const WorkspaceRef = builder.loadableNode('Workspace', {
  description: 'One Marketo subscription: the tenant every row belongs to.',
  id: { resolve: (workspace: WorkspaceRow) => workspace.id },
  // A caller only ever sees its own workspace.
  load: loadByIds((services) => services.workspaces.byIds),
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The workspace name.' }),
    hipaaReady: t.exposeBoolean('hipaaReady', {
      description:
        'Whether the workspace is HIPAA-ready; such a workspace cannot configure Experience Cloud, record cookie syncs or start audience syncs (HIPAA_RESTRICTED).',
    }),
    experienceCloud: t.field({
      type: ExperienceCloudIntegrationRef,
      nullable: true,
      description: 'The Experience Cloud integration; null until configured.',
      resolve: (_workspace, _args, ctx) => ctx.services.workspaces.integration(ctx.caller),
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When the workspace was created.',
    }),
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
  description: 'The Experience Cloud integration settings of the workspace.',
  fields: (t) => ({
    imsOrgId: t.string({
      required: true,
      description: 'The Adobe IMS organization: 24 upper-case hex characters + `@AdobeOrg`.',
    }),
    cookieSyncEnabled: t.boolean({
      required: true,
      description: 'Whether cookie syncs are accepted.',
    }),
  }),
});

const ConfigureExperienceCloudSuccess = builder
  .objectRef<{ workspace: WorkspaceRow }>('ConfigureExperienceCloudSuccess')
  .implement({
    description: 'The integration was configured.',
    fields: (t) => ({
      workspace: t.expose('workspace', {
        type: WorkspaceRef,
        description: 'The workspace with its new settings.',
      }),
    }),
  });

builder.mutationField('configureExperienceCloud', (t) =>
  t.field({
    type: ConfigureExperienceCloudSuccess,
    description:
      'Sets the IMS organization and cookie sync of the workspace (admin scope; HIPAA_RESTRICTED in a HIPAA-ready workspace).',
    args: {
      input: t.arg({
        type: ConfigureExperienceCloudInput,
        required: true,
        description: 'The integration settings.',
      }),
    },
    authScopes: { admin: true },
    errors: { types: [...COMMON_MUTATION_ERRORS, HipaaRestrictedError] },
    resolve: async (_root, { input }, ctx) => {
      await ctx.services.workspaces.configureExperienceCloud(ctx.caller, input);
      return { workspace: await ctx.services.workspaces.own(ctx.caller) };
    },
  }),
);
