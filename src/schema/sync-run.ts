import type { Context } from '../auth/context.js';
import {
  SYNC_PHASES,
  SYNC_RUN_STATUSES,
  SYNC_TRIGGERS,
  type SyncPhase,
  type SyncRunStatus,
  type SyncStats,
  type SyncTrigger,
} from '../entities/sync-run.js';
import { builder } from './builder.js';
import { SyncStatsRef } from './sync-stats.js';

export const SyncRunStatusEnum = builder.enumType('SyncRunStatus', { values: SYNC_RUN_STATUSES });
export const SyncTriggerEnum = builder.enumType('SyncTrigger', { values: SYNC_TRIGGERS });
export const SyncPhaseEnum = builder.enumType('SyncPhase', { values: SYNC_PHASES });

/** A sync_run row as the schema reads it (raw SQL: runs are listed and batched by job). */
export interface SyncRunRow {
  id: string;
  syncJobId: string;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  phase: SyncPhase;
  processed: number;
  total: number;
  stats: SyncStats | null;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export const SYNC_RUN_COLUMNS = `r.id, r.sync_job_id as "syncJobId", r.trigger, r.status, r.phase,
  r.processed, r.total, r.stats, r.error, r.started_at as "startedAt", r.finished_at as "finishedAt"`;

/** Runs by id within the caller's workspace, in the order asked (null when absent). */
async function loadRuns(ids: readonly string[], ctx: Context): Promise<(SyncRunRow | null)[]> {
  const valid = ids.filter((id) => /^\d{1,18}$/.test(id));
  const result = valid.length
    ? await ctx.app.database.pool.query<SyncRunRow>(
        `select ${SYNC_RUN_COLUMNS} from sync_run r where r.workspace_id = $1 and r.id = any($2::bigint[])`,
        [ctx.caller.workspaceId, valid],
      )
    : { rows: [] };
  const byId = new Map(result.rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** One execution of a sync job. */
export const SyncRunRef = builder.loadableNode('SyncRun', {
  id: { resolve: (run: SyncRunRow) => run.id },
  load: (ids: string[], ctx) => loadRuns(ids, ctx) as Promise<SyncRunRow[]>,
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
