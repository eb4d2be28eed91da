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
  indexes: [
    { properties: ['workspaceId', 'leadId'] },
    // The manual members only: an incremental run's matched leads are the synced members plus
    // a look-up of these (src/sync/resolve.ts: listAndMatched).
    {
      name: 'list_membership_manual_index',
      expression: `create index "list_membership_manual_index" on "list_membership" ("workspace_id", "list_id", "lead_id") where "source" = 'MANUAL'`,
    },
  ],
});
export type IListMembership = InferEntity<typeof ListMembership>;
