import { SYNC_PHASES, SYNC_RUN_STATUSES, SYNC_TRIGGERS } from '../entities/sync-run.js';
import type { SyncRunRow } from '../services/sync-jobs.js';
import { builder } from './builder.js';
import { SyncStatsRef } from './sync-stats.js';

export const SyncRunStatusEnum = builder.enumType('SyncRunStatus', { values: SYNC_RUN_STATUSES });
export const SyncTriggerEnum = builder.enumType('SyncTrigger', { values: SYNC_TRIGGERS });
export const SyncPhaseEnum = builder.enumType('SyncPhase', { values: SYNC_PHASES });

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
    processed: t.exposeInt('processed'),
    total: t.exposeInt('total'),
    stats: t.field({ type: SyncStatsRef, nullable: true, resolve: (run) => run.stats }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    error: t.exposeString('error', { nullable: true }),
  }),
});
