import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { MEMBERSHIP_SOURCES } from './list-membership.js';

export const MEMBERSHIP_CHANGE_KINDS = ['ENTERED', 'LEFT'] as const;
export type MembershipChangeKind = (typeof MEMBERSHIP_CHANGE_KINDS)[number];

/**
 * One lead entering or leaving a list, written in the same transaction as the membership
 * change itself, so the history and the list never disagree. `source` is who made the change:
 * SYNC rows carry the run that made them, MANUAL rows (mutations) carry none. Kept for
 * HISTORY_RETENTION_DAYS.
 */
export const MembershipChange = defineEntity({
  name: 'MembershipChange',
  properties: {
    workspaceId: p.bigint('string').primary(),
    id: p.bigint('string').primary().autoincrement(),
    listId: p.bigint('string'),
    leadId: p.bigint('string'),
    kind: p.enum([...MEMBERSHIP_CHANGE_KINDS]),
    source: p.enum([...MEMBERSHIP_SOURCES]),
    runId: p.bigint('string').nullable(),
    at: p.datetime().defaultRaw('now()'),
  },
  indexes: [
    { name: 'membership_change_list_index', properties: ['workspaceId', 'listId', 'id'] },
    { name: 'membership_change_run_index', properties: ['workspaceId', 'runId', 'id'] },
    // Rows arrive in time order, so a BRIN index finds the expired ones for almost no upkeep.
    {
      name: 'membership_change_at_index',
      expression:
        'create index "membership_change_at_index" on "membership_change" using brin ("at")',
    },
  ],
});
export type IMembershipChange = InferEntity<typeof MembershipChange>;
