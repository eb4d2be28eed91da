import { NameTakenError } from '../services/errors.js';
import type { FolderRow } from '../services/read-rows.js';
import { builder } from './builder.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { decodeId, idOrNull } from './ids.js';

/** A folder of the audience library; `audiences` is added by the Audience type's file. */
export const AudienceFolderRef = builder.loadableNodeRef('AudienceFolder', {
  id: { resolve: (folder: FolderRow) => folder.id },
  load: (ids: string[], ctx) =>
    ctx.services.audiences.foldersByIds(ctx.caller, ids) as Promise<FolderRow[]>,
});

AudienceFolderRef.implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    path: t.exposeString('path', { description: 'Names from the root, like "Campaigns/Q4".' }),
    parent: t.field({
      type: AudienceFolderRef,
      nullable: true,
      resolve: (folder) => folder.parentId,
    }),
    children: t.loadableList({
      type: AudienceFolderRef,
      description: 'The folders directly inside this one, by name.',
      load: (ids: string[], ctx) => ctx.services.audiences.childFoldersOf(ctx.caller, ids),
      resolve: (folder) => folder.id,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.queryFields((t) => ({
  audienceFolders: t.field({
    type: [AudienceFolderRef],
    description: 'The folders directly inside `parentId`, or the root folders when omitted.',
    authScopes: { read: true },
    args: { parentId: t.arg.id() },
    resolve: async (_root, { parentId }, ctx) => {
      if (!parentId) return ctx.services.audiences.childFolders(ctx.caller, null);
      const id = idOrNull(String(parentId), 'AudienceFolder', ['parentId']);
      return id ? ctx.services.audiences.childFolders(ctx.caller, id) : [];
    },
  }),
  audienceFolder: t.field({
    type: AudienceFolderRef,
    nullable: true,
    authScopes: { read: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }) => idOrNull(String(id), 'AudienceFolder', ['id']),
  }),
}));

const CreateAudienceFolderInput = builder.inputType('CreateAudienceFolderInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    parentId: t.id({ description: 'The parent folder; omitted for a root folder.' }),
  }),
});

const CreateAudienceFolderSuccess = builder
  .objectRef<{ folder: FolderRow }>('CreateAudienceFolderSuccess')
  .implement({ fields: (t) => ({ folder: t.expose('folder', { type: AudienceFolderRef }) }) });

builder.mutationField('createAudienceFolder', (t) =>
  t.field({
    type: CreateAudienceFolderSuccess,
    args: { input: t.arg({ type: CreateAudienceFolderInput, required: true }) },
    authScopes: { write: true },
    errors: { types: [...COMMON_MUTATION_ERRORS, NameTakenError] },
    resolve: async (_root, { input }, ctx) => {
      const parentId = input.parentId
        ? decodeId(String(input.parentId), 'AudienceFolder', ['input', 'parentId'])
        : null;
      const folder = await ctx.services.audiences.createFolder(ctx.caller, {
        name: input.name,
        parentId,
      });
      return { folder };
    },
  }),
);
