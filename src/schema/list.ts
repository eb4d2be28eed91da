import { type IStaticList, StaticList } from '../entities/static-list.js';
import { builder } from './builder.js';
import { loadInWorkspace } from './loaders.js';

/** A Marketo-style static list (entity StaticList). */
export const ListRef = builder.loadableNode('List', {
  id: { resolve: (list: IStaticList) => list.id },
  load: (ids: string[], ctx) => loadInWorkspace(ctx, StaticList, ids) as Promise<IStaticList[]>,
  fields: (t) => ({
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
