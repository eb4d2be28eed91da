import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * An ECID that left an audience, with the qualification time of the exit. Kept so that a
 * statement older than the exit (an Adobe retry, an out-of-order delivery) cannot bring the
 * member back. Set-based like audience_member: no foreign keys, workspace_id first.
 */
export const AudienceExit = defineEntity({
  name: 'AudienceExit',
  properties: {
    workspaceId: p.bigint('string').primary(),
    audienceId: p.bigint('string').primary(),
    /** Collation "C", compared byte by byte (Migration20261205070000). */
    ecid: p.string().length(38).primary(),
    qualifiedAt: p.datetime(),
  },
});
export type IAudienceExit = InferEntity<typeof AudienceExit>;
