import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { SYNC_PHASES, SYNC_RUN_STATUSES, type SyncStats } from './sync-run.js';

/**
 * A stored progress event. `sequence` is per sync job, starts at 1 and only grows, so a
 * subscriber can resume after any sequence it saw (replay), across restarts.
 */
export const SyncEvent = defineEntity({
  name: 'SyncEvent',
  properties: {
    workspaceId: p.bigint('string').primary(),
    syncJobId: p.bigint('string').primary(),
    sequence: p.integer().primary(),
    runId: p.bigint('string'),
    status: p.enum([...SYNC_RUN_STATUSES]),
    phase: p.enum([...SYNC_PHASES]),
    processed: p.integer(),
    total: p.integer(),
    stats: p.json<SyncStats>().nullable(),
    at: p.datetime().defaultRaw('now()'),
  },
});
export type ISyncEvent = InferEntity<typeof SyncEvent>;
