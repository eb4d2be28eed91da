import { Audience, type IAudience } from '../entities/audience.js';
import { builder } from './builder.js';
import { loadInWorkspace } from './loaders.js';

export const AudienceRef = builder.loadableNode('Audience', {
  id: { resolve: (audience: IAudience) => audience.id },
  load: (ids: string[], ctx) => loadInWorkspace(ctx, Audience, ids) as Promise<IAudience[]>,
  fields: (t) => ({
    externalId: t.exposeString('externalId'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});
