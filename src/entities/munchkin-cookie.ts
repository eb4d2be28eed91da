import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * A Munchkin tracking cookie (`_mkto_trk`) and the lead it is associated with, if any.
 * lead_id is null while the visitor is anonymous; the latest association wins.
 */
export const MunchkinCookie = defineEntity({
  name: 'MunchkinCookie',
  properties: {
    workspaceId: p.bigint('string').primary(),
    cookieId: p.string().length(255).primary(),
    leadId: p.bigint('string').nullable(),
    associatedAt: p.datetime().nullable(),
    associationSource: p.string().length(32).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ properties: ['workspaceId', 'leadId'] }],
});
export type IMunchkinCookie = InferEntity<typeof MunchkinCookie>;
