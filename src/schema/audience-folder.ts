import { AudienceFolder, type IAudienceFolder } from '../entities/audience-folder.js';
import { builder } from './builder.js';
import { loadInWorkspace } from './loaders.js';

export const AudienceFolderRef = builder.loadableNode('AudienceFolder', {
  id: { resolve: (folder: IAudienceFolder) => folder.id },
  load: (ids: string[], ctx) =>
    loadInWorkspace(ctx, AudienceFolder, ids) as Promise<IAudienceFolder[]>,
  fields: (t) => ({
    name: t.exposeString('name'),
    path: t.exposeString('path'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
