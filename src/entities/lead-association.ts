import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** History of cookie -> lead associations, so a cookie moving between leads stays explainable. */
export const LeadAssociation = defineEntity({
  name: 'LeadAssociation',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    workspaceId: p.bigint('string'),
    /** Collation "C", compared byte by byte (Migration20261205070000). */
    cookieId: p.string().length(255),
    leadId: p.bigint('string'),
    previousLeadId: p.bigint('string').nullable(),
    source: p.string().length(32),
    associatedAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ properties: ['workspaceId', 'cookieId'] }],
});
export type ILeadAssociation = InferEntity<typeof LeadAssociation>;
