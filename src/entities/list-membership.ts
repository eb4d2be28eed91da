import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const MEMBERSHIP_SOURCES = ['MANUAL', 'SYNC'] as const;
export type MembershipSource = (typeof MEMBERSHIP_SOURCES)[number];

/**
 * A lead on a list. `source` tells who owns the membership: a sync only ever adds or removes
 * SYNC rows; a MANUAL row is never removed by a sync (and wins when both apply).
 */
export const ListMembership = defineEntity({
  name: 'ListMembership',
  properties: {
    workspaceId: p.bigint('string').primary(),
    listId: p.bigint('string').primary(),
    leadId: p.bigint('string').primary(),
    source: p.enum([...MEMBERSHIP_SOURCES]),
    addedAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ properties: ['workspaceId', 'leadId'] }],
});
export type IListMembership = InferEntity<typeof ListMembership>;
