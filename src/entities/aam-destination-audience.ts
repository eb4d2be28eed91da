import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * An audience an Audience Manager destination (DID) has delivered: the scope a full set of
 * that destination replaces (its audiences missing from the set are emptied).
 */
export const AamDestinationAudience = defineEntity({
  name: 'AamDestinationAudience',
  properties: {
    workspaceId: p.bigint('string').primary(),
    destinationId: p.text().primary(),
    audienceId: p.bigint('string').primary(),
  },
});
export type IAamDestinationAudience = InferEntity<typeof AamDestinationAudience>;
