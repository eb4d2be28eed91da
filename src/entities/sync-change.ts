import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/**
 * An identity change waiting to be applied by a sync job's next INCREMENTAL run. A run claims
 * the rows (run_id) when it starts and deletes them in the transaction that applies its diff,
 * so a run killed midway leaves them for the retry. `full` marks a change that named no ids:
 * the run then recomputes the whole audience.
 */
export const SyncChange = defineEntity({
  name: 'SyncChange',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    workspaceId: p.bigint('string'),
    syncJobId: p.bigint('string'),
    runId: p.bigint('string').nullable(),
    full: p.boolean().default(false),
    ecids: p.array().nullable(),
    cookieIds: p.array().nullable(),
    leadIds: p.array().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ properties: ['workspaceId', 'syncJobId'] }],
});
export type ISyncChange = InferEntity<typeof SyncChange>;
