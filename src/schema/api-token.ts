import { SCOPES, type Scope } from '../auth/tokens.js';
import type { ApiTokenRow } from '../services/api-tokens.js';
import { builder } from './builder.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { decodeId } from './ids.js';
import { loadByIds } from './lookups.js';
import { backwardArgs } from './page-args.js';
import { keysetPage, totalCountOf } from './pagination.js';
import { WorkspaceRef } from './workspace.js';

const ApiTokenScopeEnum = builder.enumType('ApiTokenScope', {
  description: 'What a bearer token may do.',
  values: {
    READ: { value: 'read', description: 'Queries and subscriptions (`read`).' },
    WRITE: { value: 'write', description: 'Mutations and bulk uploads (`write`).' },
    ADMIN: {
      value: 'admin',
      description: 'Integration settings, publishable keys, webhooks and API tokens (`admin`).',
    },
  } satisfies Record<Uppercase<Scope>, { value: Scope; description: string }>,
});

/** A bearer token of the workspace; its value is never stored, so no field answers it. */
export const ApiTokenRef = builder.loadableNode('ApiToken', {
  description:
    'A bearer token of the workspace (admin scope). Only its hash is stored: its value is answered once, by createApiToken.',
  authScopes: { admin: true },
  id: { resolve: (token: ApiTokenRow) => token.id },
  load: loadByIds((services) => services.apiTokens.byIds),
  isTypeOf: (value) =>
    typeof value === 'object' && value !== null && 'scopes' in value && 'lastUsedAt' in value,
  fields: (t) => ({
    scopes: t.field({
      type: [ApiTokenScopeEnum],
      description: 'What the token may do.',
      // Stored in SCOPES order, one of each.
      resolve: (token) => SCOPES.filter((scope) => token.scopes.includes(scope)),
    }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'What the token is for.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was issued.' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description:
        'When it last authenticated a request, to the minute (recorded at most once a minute); null when never used.',
    }),
    revokedAt: t.expose('revokedAt', {
      type: 'DateTime',
      nullable: true,
      description:
        'When it was revoked (its requests are refused with 401 from then on); null while live.',
    }),
  }),
});

const ApiTokenConnection = builder.connectionObject(
  {
    type: ApiTokenRef,
    name: 'ApiTokenConnection',
    description: 'A page of API tokens.',
    fields: (t) => ({
      totalCount: t.int({ description: 'Tokens in all.', resolve: totalCountOf }),
    }),
  },
  { name: 'ApiTokenEdge', description: 'One API token of a page.' },
);

builder.objectField(WorkspaceRef, 'apiTokens', (t) =>
  t.field({
    type: ApiTokenConnection,
    description:
      "The workspace's API tokens, oldest first (admin scope): live ones, and revoked ones too with `includeRevoked`.",
    authScopes: { admin: true },
    args: {
      first: t.arg.int({ description: 'Page size, at most 500 (50 when omitted).' }),
      after: t.arg.string({ description: 'The cursor after which the page starts.' }),
      ...backwardArgs,
      includeRevoked: t.arg.boolean({
        description: 'Also list revoked tokens (false when omitted).',
      }),
    },
    resolve: (_workspace, args, ctx) => {
      const includeRevoked = args.includeRevoked ?? false;
      return keysetPage(
        args,
        (token: ApiTokenRow) => token.id,
        (window) => ctx.services.apiTokens.find(ctx.caller, { ...window, includeRevoked }),
        () => ctx.services.apiTokens.count(ctx.caller, { includeRevoked }),
      );
    },
  }),
);

const CreateApiTokenInput = builder.inputType('CreateApiTokenInput', {
  description: 'A new API token.',
  fields: (t) => ({
    scopes: t.field({
      type: [ApiTokenScopeEnum],
      required: true,
      description:
        'What it may do: at least one scope, each of them held by the calling token (FORBIDDEN otherwise).',
    }),
    description: t.string({ description: 'What it is for; at most 255 characters.' }),
  }),
});

const CreateApiTokenSuccess = builder
  .objectRef<{ apiToken: ApiTokenRow; token: string }>('CreateApiTokenSuccess')
  .implement({
    description: 'The new token and its value.',
    fields: (t) => ({
      apiToken: t.expose('apiToken', { type: ApiTokenRef, description: 'The new token.' }),
      token: t.exposeString('token', {
        description:
          'The `ast_...` value to send as `Authorization: Bearer <token>`; shown only here (only its hash is stored).',
      }),
    }),
  });

builder.mutationField('createApiToken', (t) =>
  t.field({
    type: CreateApiTokenSuccess,
    description:
      'Issues an API token for the workspace (admin scope); its value is answered once, here.',
    args: {
      input: t.arg({
        type: CreateApiTokenInput,
        required: true,
        description: 'Its scopes and description.',
      }),
    },
    authScopes: { admin: true },
    errors: { types: COMMON_MUTATION_ERRORS },
    resolve: (_root, { input }, ctx) =>
      ctx.services.apiTokens.create(ctx.caller, {
        scopes: input.scopes,
        description: input.description,
      }),
  }),
);

const RevokeApiTokenInput = builder.inputType('RevokeApiTokenInput', {
  description: 'The token to revoke.',
  fields: (t) => ({
    id: t.id({ required: true, description: "The token's id." }),
  }),
});

const RevokeApiTokenSuccess = builder
  .objectRef<{ apiToken: ApiTokenRow }>('RevokeApiTokenSuccess')
  .implement({
    description: 'The revoked token.',
    fields: (t) => ({
      apiToken: t.expose('apiToken', {
        type: ApiTokenRef,
        description: 'The token, with `revokedAt` set.',
      }),
    }),
  });

builder.mutationField('revokeApiToken', (t) =>
  t.field({
    type: RevokeApiTokenSuccess,
    description:
      'Revokes an API token (admin scope; the calling one included): every request with it is refused (401) from the next one on, and its subscriptions end. Revoking twice keeps the first time.',
    args: {
      input: t.arg({ type: RevokeApiTokenInput, required: true, description: 'The token.' }),
    },
    authScopes: { admin: true },
    errors: { types: COMMON_MUTATION_ERRORS },
    resolve: async (_root, { input }, ctx) => ({
      apiToken: await ctx.services.apiTokens.revoke(ctx.caller, {
        id: decodeId(String(input.id), 'ApiToken', ['input', 'id']),
      }),
    }),
  }),
);
