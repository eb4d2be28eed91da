import { type ILead, Lead } from '../entities/lead.js';
import { builder } from './builder.js';
import { loadInWorkspace } from './loaders.js';

export const LeadRef = builder.loadableNode('Lead', {
  id: { resolve: (lead: ILead) => lead.id },
  load: (ids: string[], ctx) => loadInWorkspace(ctx, Lead, ids) as Promise<ILead[]>,
  fields: (t) => ({
    email: t.exposeString('email'),
    firstName: t.exposeString('firstName', { nullable: true }),
    lastName: t.exposeString('lastName', { nullable: true }),
  }),
});
