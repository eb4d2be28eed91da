import { AudienceFolder, type IAudienceFolder } from '../entities/audience-folder.js';
import { groupBy } from '../services/batches.js';
import { NameTakenError } from '../services/errors.js';
import { childFolders, childFoldersOfMany, createAudienceFolder } from '../services/folders.js';
import { builder } from './builder.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { decodeId } from './ids.js';
import { loadInWorkspace } from './loaders.js';
import { idOrNull } from './lookups.js';

/** A folder of the audience library; `audiences` is added by the Audience type's file. */
export const AudienceFolderRef = builder.loadableNodeRef('AudienceFolder', {
  id: { resolve: (folder: IAudienceFolder) => folder.id },
  load: (ids: string[], ctx) =>
    loadInWorkspace(ctx, AudienceFolder, ids) as Promise<IAudienceFolder[]>,
});

AudienceFolderRef.implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    path: t.exposeString('path', { description: 'Names from the root, like "Campaigns/Q4".' }),
    parent: t.field({
      type: AudienceFolderRef,
      nullable: true,
      resolve: (folder) => folder.parent?.id ?? null,
    }),
    children: t.loadableList({
      type: AudienceFolderRef,
      description: 'The folders directly inside this one, by name.',
      load: async (ids: string[], ctx) => {
        const folders = await childFoldersOfMany(ctx.em, ctx.caller.workspaceId, ids);
        const byParent = groupBy(folders, (folder) => String(folder.parent?.id));
        return ids.map((id) => byParent.get(id) ?? []);
      },
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
      if (!parentId) return childFolders(ctx.em, ctx.caller.workspaceId, null);
      const id = idOrNull(String(parentId), 'AudienceFolder', ['parentId']);
      return id ? childFolders(ctx.em, ctx.caller.workspaceId, id) : [];
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
  .objectRef<{ folder: IAudienceFolder }>('CreateAudienceFolderSuccess')
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
      const folder = await createAudienceFolder(ctx.em, ctx.caller.workspaceId, {
        name: input.name,
        parentId,
      });
      return { folder };
    },
  }),
);
