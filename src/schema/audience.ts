import { Audience, type IAudience } from '../entities/audience.js';
import {
  addAudienceMembers,
  audienceCountsByFolder,
  audienceIdsByFolder,
  audienceMemberCounts,
  countAudiences,
  findAudiences,
  removeAudienceMembers,
  upsertAudience,
} from '../services/audiences.js';
import { AudienceFolderRef } from './audience-folder.js';
import { builder } from './builder.js';
import { COST, costOf } from './cost.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { decodeId } from './ids.js';
import { loadInWorkspace } from './loaders.js';
import {
  batchedPages,
  countLoader,
  emptyPage,
  idOrNull,
  mapEdges,
  totalCountOf,
} from './lookups.js';
import { keysetPage } from './pagination.js';

/** An Experience Cloud audience; its members are ECIDs. */
export const AudienceRef = builder.loadableNode('Audience', {
  id: { resolve: (audience: IAudience) => audience.id },
  load: (ids: string[], ctx) => loadInWorkspace(ctx, Audience, ids) as Promise<IAudience[]>,
  fields: (t) => ({
    externalId: t.exposeString('externalId', {
      description: 'The audience id in Experience Cloud; unique per workspace.',
    }),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    folder: t.field({ type: AudienceFolderRef, resolve: (audience) => audience.folder.id }),
    memberCount: t.loadable({
      type: 'Int',
      description: 'Distinct ECIDs in the audience.',
      extensions: costOf(COST.audienceMemberCount),
      load: async (ids: string[], ctx) => {
        const counts = await audienceMemberCounts(
          ctx.app.database.pool,
          ctx.caller.workspaceId,
          ids,
        );
        return ids.map((id) => counts.get(id) ?? 0);
      },
      resolve: (audience) => audience.id,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const AudienceConnection = builder.connectionObject(
  {
    type: AudienceRef,
    name: 'AudienceConnection',
    fields: (t) => ({ totalCount: t.int({ resolve: totalCountOf }) }),
  },
  { name: 'AudienceEdge' },
);

const audienceCounts = countLoader((ctx, ids) =>
  audienceCountsByFolder(ctx.app.database.pool, ctx.caller.workspaceId, ids),
);

builder.objectField(AudienceFolderRef, 'audiences', (t) =>
  t.loadable({
    type: AudienceConnection,
    description: 'The audiences in this folder (not in its subfolders), oldest first.',
    byPath: true,
    args: { first: t.arg.int(), after: t.arg.string() },
    load: async (folderIds: string[], ctx, args) => {
      const pages = await batchedPages(
        folderIds,
        args,
        (limit, afterKey) =>
          audienceIdsByFolder(
            ctx.app.database.pool,
            ctx.caller.workspaceId,
            folderIds,
            limit,
            afterKey,
          ),
        (row) => row.id,
        (folderId) => audienceCounts(ctx).load(folderId),
      );
      return pages.map((page) => mapEdges(page, (row) => ({ node: row.id })));
    },
    resolve: (folder) => folder.id,
  }),
);

builder.queryFields((t) => ({
  audiences: t.field({
    type: AudienceConnection,
    description: 'Audiences, oldest first; `search` matches name or externalId, any case.',
    authScopes: { read: true },
    args: {
      folderId: t.arg.id(),
      search: t.arg.string(),
      first: t.arg.int(),
      after: t.arg.string(),
    },
    resolve: (_root, args, ctx) => {
      const folderId = args.folderId
        ? idOrNull(String(args.folderId), 'AudienceFolder', ['folderId'])
        : null;
      if (args.folderId && !folderId) return emptyPage<IAudience>(args);
      const filter = { folderId, search: args.search };
      const workspaceId = ctx.caller.workspaceId;
      return keysetPage(
        args,
        (audience: IAudience) => audience.id,
        (limit, afterId) => findAudiences(ctx.em, workspaceId, filter, limit, afterId),
        () => countAudiences(ctx.em, workspaceId, filter),
      );
    },
  }),
  audience: t.field({
    type: AudienceRef,
    nullable: true,
    authScopes: { read: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }) => idOrNull(String(id), 'Audience', ['id']),
  }),
}));

const UpsertAudienceInput = builder.inputType('UpsertAudienceInput', {
  fields: (t) => ({
    folderId: t.id({ required: true }),
    externalId: t.string({ required: true }),
    name: t.string({ required: true }),
    description: t.string({
      description: 'Omitted or null keeps the stored description; "" clears it.',
    }),
  }),
});

const UpsertAudienceSuccess = builder
  .objectRef<{ audience: IAudience }>('UpsertAudienceSuccess')
  .implement({ fields: (t) => ({ audience: t.expose('audience', { type: AudienceRef }) }) });

builder.mutationField('upsertAudience', (t) =>
  t.field({
    type: UpsertAudienceSuccess,
    description: 'Creates the audience with this externalId, or updates it.',
    args: { input: t.arg({ type: UpsertAudienceInput, required: true }) },
    authScopes: { write: true },
    errors: { types: COMMON_MUTATION_ERRORS },
    resolve: async (_root, { input }, ctx) => {
      const folderId = decodeId(String(input.folderId), 'AudienceFolder', ['input', 'folderId']);
      const audience = await upsertAudience(ctx.em, ctx.caller.workspaceId, {
        folderId,
        externalId: input.externalId,
        name: input.name,
        description: input.description,
      });
      return { audience };
    },
  }),
);

const AudienceMembersSuccessFields = (name: string) =>
  builder.objectRef<{ audienceId: string; count: number }>(name).implement({
    fields: (t) => ({
      audience: t.field({ type: AudienceRef, resolve: (result) => result.audienceId }),
      count: t.exposeInt('count', {
        description:
          'ECIDs actually added (or removed): members already in (or not in) do not count.',
      }),
    }),
  });

for (const [field, apply] of [
  ['addAudienceMembers', addAudienceMembers],
  ['removeAudienceMembers', removeAudienceMembers],
] as const) {
  const typeName = field.charAt(0).toUpperCase() + field.slice(1);
  const Input = builder.inputType(`${typeName}Input`, {
    fields: (t) => ({
      audienceId: t.id({ required: true }),
      ecids: t.stringList({
        required: true,
        description: 'At most 10,000 ECIDs (38 digits each).',
      }),
    }),
  });
  const Success = AudienceMembersSuccessFields(`${typeName}Success`);
  builder.mutationField(field, (t) =>
    t.field({
      type: Success,
      args: { input: t.arg({ type: Input, required: true }) },
      authScopes: { write: true },
      errors: { types: COMMON_MUTATION_ERRORS },
      resolve: async (_root, { input }, ctx) => {
        const audienceId = decodeId(String(input.audienceId), 'Audience', ['input', 'audienceId']);
        const count = await apply(ctx.app, ctx.caller.workspaceId, audienceId, input.ecids);
        return { audienceId, count };
      },
    }),
  );
}
