import type { Context } from '../http/context.js';
import type { AudienceRow } from '../services/read-rows.js';
import { AudienceFolderRef } from './audience-folder.js';
import { builder } from './builder.js';
import { COST, costOf } from './cost.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { decodeId, idOrNull } from './ids.js';
import { batchedPages, countLoader, emptyPage, loadByIds, mapEdges } from './lookups.js';
import { type MembersMutationText, membersMutation } from './members-mutation.js';
import { pageArgs } from './page-args.js';
import { keysetPage } from './pagination.js';

export const AudienceSourceEnum = builder.enumType('AudienceSource', {
  description: 'Where an audience came from.',
  values: {
    API: { description: 'Created through the API (upsertAudience).' },
    EXPERIENCE_PLATFORM: {
      description: 'Created by an Experience Platform destination (`POST /ingest/aep`).',
    },
    AUDIENCE_MANAGER: {
      description: 'Created by an Audience Manager outbound destination (`/ingest/aam/*`).',
    },
  } as const,
});

/** An Experience Cloud audience; its members are ECIDs. */
export const AudienceRef = builder.loadableNode('Audience', {
  description: 'An Experience Cloud audience; its members are ECIDs.',
  id: { resolve: (audience: AudienceRow) => audience.id },
  load: loadByIds((services) => services.audiences.byIds),
  fields: (t) => ({
    externalId: t.exposeString('externalId', {
      description: 'The audience id in Experience Cloud; unique per workspace.',
    }),
    name: t.exposeString('name', { description: 'The audience name (1-255 characters).' }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'Free text about the audience; null when none.',
    }),
    source: t.expose('source', {
      type: AudienceSourceEnum,
      description: 'Where the audience came from (the API or an Adobe-native input).',
    }),
    folder: t.field({
      type: AudienceFolderRef,
      description: 'The library folder the audience is in.',
      // The audience's row carries its folder when they were read together.
      resolve: (audience) => audience.folder ?? audience.folderId,
    }),
    memberCount: t.loadable({
      type: 'Int',
      description: 'Distinct ECIDs in the audience.',
      extensions: costOf(COST.audienceMemberCount),
      load: (ids: string[], ctx) => ctx.services.audiences.memberCounts(ctx.caller, ids),
      resolve: (audience) => audience.id,
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When the audience was created.',
    }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'When the audience was last changed.',
    }),
  }),
});

const AudienceConnection = builder.connectionObject(
  {
    type: AudienceRef,
    name: 'AudienceConnection',
  },
  { name: 'AudienceEdge' },
);

const audienceCounts = countLoader((ctx, ids) =>
  ctx.services.audiences.countsByFolder(ctx.caller, ids),
);

builder.objectField(AudienceFolderRef, 'audiences', (t) =>
  t.loadable({
    type: AudienceConnection,
    description: 'The audiences in this folder (not in its subfolders), oldest first.',
    byPath: true,
    args: pageArgs,
    load: async (folderIds: string[], ctx, args) => {
      const pages = await batchedPages(
        folderIds,
        args,
        (window) => ctx.services.audiences.idsByFolder(ctx.caller, folderIds, window),
        (id) => id,
        (folderId) => audienceCounts(ctx).load(folderId),
      );
      return pages.map((page) => mapEdges(page, (id) => ({ node: id })));
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
      folderId: t.arg.id({
        description: 'Only the audiences directly in this folder (not in its subfolders).',
      }),
      search: t.arg.string({
        description: 'Matches part of the name or externalId, any case; empty matches all.',
      }),
      ...pageArgs,
    },
    resolve: (_root, args, ctx) => {
      const folderId = args.folderId
        ? idOrNull(String(args.folderId), 'AudienceFolder', ['folderId'])
        : null;
      if (args.folderId && !folderId) return emptyPage<AudienceRow>(args);
      const filter = { folderId, search: args.search };
      const { audiences } = ctx.services;
      return keysetPage(
        args,
        (audience: AudienceRow) => audience.id,
        (window) => audiences.find(ctx.caller, { ...filter, ...window }),
        () => audiences.count(ctx.caller, filter),
      );
    },
  }),
  audience: t.field({
    type: AudienceRef,
    nullable: true,
    description: 'The audience with this id, or null when none is visible.',
    authScopes: { read: true },
    args: { id: t.arg.id({ required: true, description: 'The global id of the audience.' }) },
    resolve: (_root, { id }) => idOrNull(String(id), 'Audience', ['id']),
  }),
}));

const UpsertAudienceInput = builder.inputType('UpsertAudienceInput', {
  description: 'An audience, identified by its externalId.',
  fields: (t) => ({
    folderId: t.id({ required: true, description: 'The library folder to put the audience in.' }),
    externalId: t.string({
      required: true,
      description:
        'The audience id in Experience Cloud: trimmed, 1-255 characters, unique per workspace.',
    }),
    name: t.string({
      required: true,
      description: 'The audience name: trimmed, 1-255 characters.',
    }),
    description: t.string({
      description:
        'At most 10,000 characters. Omitted or null keeps the stored description; "" clears it.',
    }),
  }),
});

const UpsertAudienceSuccess = builder
  .objectRef<{ audience: AudienceRow }>('UpsertAudienceSuccess')
  .implement({
    description: 'The audience was created or updated.',
    fields: (t) => ({
      audience: t.expose('audience', { type: AudienceRef, description: 'The audience as stored.' }),
    }),
  });

builder.mutationField('upsertAudience', (t) =>
  t.field({
    type: UpsertAudienceSuccess,
    description: 'Creates the audience with this externalId, or updates it.',
    args: {
      input: t.arg({ type: UpsertAudienceInput, required: true, description: 'The audience.' }),
    },
    authScopes: { write: true },
    errors: { types: COMMON_MUTATION_ERRORS },
    resolve: async (_root, { input }, ctx) => {
      const folderId = decodeId(String(input.folderId), 'AudienceFolder', ['input', 'folderId']);
      const audience = await ctx.services.audiences.upsert(ctx.caller, {
        folderId,
        externalId: input.externalId,
        name: input.name,
        description: input.description,
      });
      return { audience };
    },
  }),
);

/**
 * addAudienceMembers and removeAudienceMembers: an audience and ECIDs in, the audience and how
 * many ECIDs changed out; `write` is the service's verb.
 */
function audienceMembersMutation(
  name: string,
  text: MembersMutationText,
  write: (ctx: Context, input: { audienceId: string; ecids: string[] }) => Promise<number>,
) {
  membersMutation({
    name,
    text,
    inputArg: 'The audience and the ECIDs.',
    inputFields: (t) => ({
      audienceId: t.id({ required: true, description: text.parentId }),
      ecids: t.stringList({
        required: true,
        description: 'At most 10,000 ECIDs (38 digits each).',
      }),
    }),
    parent: {
      name: 'audience',
      field: (t) =>
        t.field({
          type: AudienceRef,
          description: text.parent,
          resolve: (answer) => answer.parentId,
        }),
    },
    write: async (ctx, input) => {
      const audienceId = decodeId(String(input.audienceId), 'Audience', ['input', 'audienceId']);
      const ecids = input.ecids as string[];
      return { parentId: audienceId, count: await write(ctx, { audienceId, ecids }) };
    },
  });
}

audienceMembersMutation(
  'addAudienceMembers',
  {
    input: 'ECIDs to add to an audience.',
    parentId: 'The audience to add them to.',
    success: 'The ECIDs were added.',
    parent: 'The audience, with its new members.',
    count: 'ECIDs actually added: ECIDs that were members already do not count.',
    mutation:
      'Adds ECIDs to an audience; syncs fed by it follow. For more than 10,000, use the bulk upload.',
  },
  (ctx, input) => ctx.services.audiences.addMembers(ctx.caller, input),
);

audienceMembersMutation(
  'removeAudienceMembers',
  {
    input: 'ECIDs to remove from an audience.',
    parentId: 'The audience to remove them from.',
    success: 'The ECIDs were removed.',
    parent: 'The audience, without the removed members.',
    count: 'ECIDs actually removed: ECIDs that were not members do not count.',
    mutation:
      'Removes ECIDs from an audience; syncs fed by it follow. For more than 10,000, use the bulk upload.',
  },
  (ctx, input) => ctx.services.audiences.removeMembers(ctx.caller, input),
);
