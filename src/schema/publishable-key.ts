import type { PublishableKeyRow } from '../services/publishable-keys.js';
import { builder } from './builder.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { decodeId } from './ids.js';
import { loadByIds } from './lookups.js';
import { backwardArgs } from './page-args.js';
import { keysetPage, totalCountOf } from './pagination.js';
import { WorkspaceRef } from './workspace.js';

export const PublishableKeyRef = builder.loadableNode('PublishableKey', {
  description:
    'A public key for the cookie-sync script on customer pages: bound to its workspace and to the origins it allows.',
  id: { resolve: (key: PublishableKeyRow) => key.id },
  load: loadByIds((services) => services.publishableKeys.byIds),
  fields: (t) => ({
    key: t.exposeString('key', {
      description: "The `pk_...` value for the script tag's `data-key`; public by design.",
    }),
    allowedOrigins: t.exposeStringList('allowedOrigins', {
      description: 'Origins (scheme, host and port) whose pages may use the key.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    revokedAt: t.expose('revokedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was revoked (its calls are refused from then on); null while live.',
    }),
  }),
});

const PublishableKeyConnection = builder.connectionObject(
  {
    type: PublishableKeyRef,
    name: 'PublishableKeyConnection',
    description: 'A page of publishable keys.',
    fields: (t) => ({
      totalCount: t.int({ description: 'Live keys in all.', resolve: totalCountOf }),
    }),
  },
  { name: 'PublishableKeyEdge', description: 'One publishable key of a page.' },
);

builder.objectField(WorkspaceRef, 'publishableKeys', (t) =>
  t.field({
    type: PublishableKeyConnection,
    description: "The workspace's live (unrevoked) publishable keys, oldest first.",
    authScopes: { read: true },
    args: {
      first: t.arg.int({ description: 'Page size, at most 500 (50 when omitted).' }),
      after: t.arg.string({ description: 'The cursor after which the page starts.' }),
      ...backwardArgs,
    },
    resolve: (_workspace, args, ctx) =>
      keysetPage(
        args,
        (key: PublishableKeyRow) => key.id,
        (window) => ctx.services.publishableKeys.find(ctx.caller, window),
        () => ctx.services.publishableKeys.count(ctx.caller),
      ),
  }),
);

const CreatePublishableKeyInput = builder.inputType('CreatePublishableKeyInput', {
  description: 'A new publishable key.',
  fields: (t) => ({
    allowedOrigins: t.stringList({
      required: true,
      description:
        'The origins whose pages may use the key, exactly as browsers send them (`https://shop.example`, `http://localhost:8080`); 1 to 50.',
    }),
  }),
});

const CreatePublishableKeySuccess = builder
  .objectRef<{ publishableKey: PublishableKeyRow }>('CreatePublishableKeySuccess')
  .implement({
    description: 'The new key.',
    fields: (t) => ({
      publishableKey: t.expose('publishableKey', {
        type: PublishableKeyRef,
        description: 'The key, ready for the script tag.',
      }),
    }),
  });

builder.mutationField('createPublishableKey', (t) =>
  t.field({
    type: CreatePublishableKeySuccess,
    description: 'Issues a publishable key for the cookie-sync script on the given origins.',
    args: {
      input: t.arg({
        type: CreatePublishableKeyInput,
        required: true,
        description: 'The origins.',
      }),
    },
    authScopes: { admin: true },
    errors: { types: COMMON_MUTATION_ERRORS },
    resolve: async (_root, { input }, ctx) => ({
      publishableKey: await ctx.services.publishableKeys.create(ctx.caller, input),
    }),
  }),
);

const RevokePublishableKeyInput = builder.inputType('RevokePublishableKeyInput', {
  description: 'The key to revoke.',
  fields: (t) => ({
    id: t.id({ required: true, description: "The key's id." }),
  }),
});

const RevokePublishableKeySuccess = builder
  .objectRef<{ publishableKey: PublishableKeyRow }>('RevokePublishableKeySuccess')
  .implement({
    description: 'The revoked key.',
    fields: (t) => ({
      publishableKey: t.expose('publishableKey', {
        type: PublishableKeyRef,
        description: 'The key, with `revokedAt` set.',
      }),
    }),
  });

builder.mutationField('revokePublishableKey', (t) =>
  t.field({
    type: RevokePublishableKeySuccess,
    description:
      'Revokes a publishable key: every call made with it is refused (403) from then on. Revoking twice keeps the first time.',
    args: {
      input: t.arg({ type: RevokePublishableKeyInput, required: true, description: 'The key.' }),
    },
    authScopes: { admin: true },
    errors: { types: COMMON_MUTATION_ERRORS },
    resolve: async (_root, { input }, ctx) => ({
      publishableKey: await ctx.services.publishableKeys.revoke(ctx.caller, {
        id: decodeId(String(input.id), 'PublishableKey', ['input', 'id']),
      }),
    }),
  }),
);
