import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * A Munchkin tracking cookie (`_mkto_trk`) and the lead it is associated with, if any.
 * lead_id is null while the visitor is anonymous; the latest association wins.
 */
export const MunchkinCookie = defineEntity({
  name: 'MunchkinCookie',
  properties: {
    workspaceId: p.bigint('string').primary(),
    /** Collation "C", compared byte by byte (Migration20261205070000). */
    cookieId: p.string().length(255).primary(),
    leadId: p.bigint('string').nullable(),
    associatedAt: p.datetime().nullable(),
    associationSource: p.string().length(32).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  // Partial (Migration20261201170000): lookups by lead are equalities, which skip null leads.
  indexes: [
    {
      name: 'munchkin_cookie_workspace_id_lead_id_index',
      expression:
        'create index "munchkin_cookie_workspace_id_lead_id_index" on "munchkin_cookie" ("workspace_id", "lead_id") where "lead_id" is not null',
    },
  ],
});
export type IMunchkinCookie = InferEntity<typeof MunchkinCookie>;
