import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * One ECID in one audience. A large, set-based table: written by COPY and read by the
 * matching joins only, so it has no foreign keys (they would cost a trigger per row) and its
 * primary key leads with workspace_id (the distribution column if the database is sharded).
 */
export const AudienceMember = defineEntity({
  name: 'AudienceMember',
  properties: {
    workspaceId: p.bigint('string').primary(),
    audienceId: p.bigint('string').primary(),
    /** Collation "C", compared byte by byte (Migration20261205070000). */
    ecid: p.string().length(38).primary(),
    addedAt: p.datetime().defaultRaw('now()'),
    /** The qualification time of the statement that last set it (arrival time for the API). */
    qualifiedAt: p.datetime().defaultRaw('now()'),
  },
});
export type IAudienceMember = InferEntity<typeof AudienceMember>;
