import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** An ECID <-> Munchkin cookie pair reported by cookie sync. Large and set-based: no FKs. */
export const CookieSync = defineEntity({
  name: 'CookieSync',
  properties: {
    workspaceId: p.bigint('string').primary(),
    /** Collation "C", compared byte by byte (Migration20261205070000). */
    ecid: p.string().length(38).primary(),
    /** Collation "C" too. */
    cookieId: p.string().length(255).primary(),
    syncedAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ properties: ['workspaceId', 'cookieId'] }],
});
export type ICookieSync = InferEntity<typeof CookieSync>;
