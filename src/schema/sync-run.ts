import { SYNC_PHASES, SYNC_RUN_STATUSES, SYNC_TRIGGERS } from '../entities/sync-run.js';
import type { SyncRunRow } from '../services/sync-jobs.js';
import { builder } from './builder.js';
import { SyncStatsRef } from './sync-stats.js';

export const SyncRunStatusEnum = builder.enumType('SyncRunStatus', { values: SYNC_RUN_STATUSES });
export const SyncTriggerEnum = builder.enumType('SyncTrigger', { values: SYNC_TRIGGERS });
export const SyncPhaseEnum = builder.enumType('SyncPhase', { values: SYNC_PHASES });

/** What `processed` counts, for SyncProgress and SyncRun alike. */
export const PROCESSED_DESCRIPTION =
  'Work done so far, never going down: items resolved (ECIDs of the audience in a full run, affected leads in an incremental one), then the share of writing the list.';
/** What `total` counts, for SyncProgress and SyncRun alike. */
export const TOTAL_DESCRIPTION =
  'All the work of the run in the units of processed: the items to resolve plus a quarter of them (at least 1) for writing the list; 0 until the audience is counted.';

/** One execution of a sync job. */
export const SyncRunRef = builder.loadableNode('SyncRun', {
  id: { resolve: (run: SyncRunRow) => run.id },
  load: (ids: string[], ctx) =>
    ctx.services.syncJobs.runsByIds(ctx.caller, ids) as Promise<SyncRunRow[]>,
  isTypeOf: (value) =>
    typeof value === 'object' && value !== null && 'trigger' in value && 'phase' in value,
  fields: (t) => ({
    trigger: t.field({ type: SyncTriggerEnum, resolve: (run) => run.trigger }),
    status: t.field({ type: SyncRunStatusEnum, resolve: (run) => run.status }),
    phase: t.field({ type: SyncPhaseEnum, resolve: (run) => run.phase }),
    processed: t.exposeInt('processed', { description: PROCESSED_DESCRIPTION }),
    total: t.exposeInt('total', { description: TOTAL_DESCRIPTION }),
    stats: t.field({ type: SyncStatsRef, nullable: true, resolve: (run) => run.stats }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    error: t.exposeString('error', { nullable: true }),
  }),
});
