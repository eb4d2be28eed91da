import { NameTakenError } from '../domain/errors.js';
import type { FolderRow } from '../services/read-rows.js';
import { builder } from './builder.js';
import { LIST_BOUNDS, listOf } from './cost.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { decodeId, idOrNull } from './ids.js';
import { loadByIds } from './lookups.js';

/** A folder of the audience library; `audiences` is added by the Audience type's file. */
export const AudienceFolderRef = builder.loadableNodeRef('AudienceFolder', {
  id: { resolve: (folder: FolderRow) => folder.id },
  load: loadByIds((services) => services.audiences.foldersByIds),
});

AudienceFolderRef.implement({
  description: 'A folder of the audience library; folders nest.',
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'The folder name (1-255 characters, unique within its parent).',
    }),
    path: t.exposeString('path', { description: 'Names from the root, like "Campaigns/Q4".' }),
    parent: t.field({
      type: AudienceFolderRef,
      nullable: true,
      description: 'The folder this one is in; null for a root folder.',
      resolve: (folder) => folder.parentId,
    }),
    children: t.loadableList({
      type: AudienceFolderRef,
      description: 'The folders directly inside this one, by name.',
      extensions: listOf(LIST_BOUNDS.folders, LIST_BOUNDS.folders),
      load: (ids: string[], ctx) => ctx.services.audiences.childFoldersOf(ctx.caller, ids),
      resolve: (folder) => folder.id,
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When the folder was created.',
    }),
  }),
});

builder.queryFields((t) => ({
  audienceFolders: t.field({
    type: [AudienceFolderRef],
    description: 'The folders directly inside `parentId`, or the root folders when omitted.',
    authScopes: { read: true },
    extensions: listOf(LIST_BOUNDS.folders, LIST_BOUNDS.folders),
    args: {
      parentId: t.arg.id({ description: 'The parent folder; omit it for the root folders.' }),
    },
    resolve: async (_root, { parentId }, ctx) => {
      if (!parentId) return ctx.services.audiences.childFolders(ctx.caller, null);
      const id = idOrNull(String(parentId), 'AudienceFolder', ['parentId']);
      return id ? ctx.services.audiences.childFolders(ctx.caller, id) : [];
    },
  }),
  audienceFolder: t.field({
    type: AudienceFolderRef,
    nullable: true,
    description: 'The folder with this id, or null when none is visible.',
    authScopes: { read: true },
    args: { id: t.arg.id({ required: true, description: 'The global id of the folder.' }) },
    resolve: (_root, { id }) => idOrNull(String(id), 'AudienceFolder', ['id']),
  }),
}));

const CreateAudienceFolderInput = builder.inputType('CreateAudienceFolderInput', {
  description: 'A new folder of the audience library.',
  fields: (t) => ({
    name: t.string({
      required: true,
      description: 'The folder name: trimmed, 1-255 characters, unique within its parent.',
    }),
    parentId: t.id({ description: 'The parent folder; omitted for a root folder.' }),
  }),
});

const CreateAudienceFolderSuccess = builder
  .objectRef<{ folder: FolderRow }>('CreateAudienceFolderSuccess')
  .implement({
    description: 'The folder was created.',
    fields: (t) => ({
      folder: t.expose('folder', { type: AudienceFolderRef, description: 'The new folder.' }),
    }),
  });

builder.mutationField('createAudienceFolder', (t) =>
  t.field({
    type: CreateAudienceFolderSuccess,
    description:
      'Creates a folder in the audience library; NAME_TAKEN when its parent already has a folder of that name.',
    args: {
      input: t.arg({
        type: CreateAudienceFolderInput,
        required: true,
        description: 'The new folder.',
      }),
    },
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
