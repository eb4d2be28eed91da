import type { Queryable } from '../db/transaction.js';
import type { SyncStats, SyncTrigger } from '../entities/sync-run.js';
import { queueEvent, runEventData } from './queue.js';

export interface EndedRun {
  workspaceId: string;
  syncJobId: string;
  runId: string;
  trigger: SyncTrigger;
  status: 'SUCCEEDED' | 'FAILED';
  stats: SyncStats | null;
  error: string | null;
}

/** matchedLeads / audienceSize, or null for an empty audience (no rate to compare). */
export function matchRate(stats: SyncStats | null | undefined): number | null {
  if (!stats?.audienceSize) return null;
  return stats.matchedLeads / stats.audienceSize;
}

/**
 * Queues the webhook deliveries of a run's end, in the transaction that ends it (call before
 * its COMMIT): SYNC_RUN_SUCCEEDED or SYNC_RUN_FAILED, and MATCH_RATE_DROPPED for a full run
 * whose match rate is lower than the previous full run's by more than `matchRateDropPercent`
 * percent of it. Full runs are the ones whose trigger is not INCREMENTAL: an incremental
 * run's ECID counts are carried over, not measured.
 */
export async function queueRunEnded(
  tx: Queryable,
  run: EndedRun,
  options: { full?: boolean; matchRateDropPercent?: number } = {},
): Promise<void> {
  const data = runEventData(run);
  await queueEvent(
    tx,
    run.workspaceId,
    run.status === 'SUCCEEDED' ? 'SYNC_RUN_SUCCEEDED' : 'SYNC_RUN_FAILED',
    data,
  );
  if (run.status !== 'SUCCEEDED' || run.trigger === 'INCREMENTAL' || options.full === false) return;
  const rate = matchRate(run.stats);
  if (rate === null) return;
  const previous = await tx.query<{ stats: SyncStats }>(
    `select stats from sync_run
      where workspace_id = $1 and sync_job_id = $2 and id <> $3 and status = 'SUCCEEDED'
        and trigger <> 'INCREMENTAL' and stats is not null
      order by id desc limit 1`,
    [run.workspaceId, run.syncJobId, run.runId],
  );
  const before = matchRate(previous.rows[0]?.stats);
  if (before === null) return;
  const dropPercent = options.matchRateDropPercent ?? 20;
  if (rate < before * (1 - dropPercent / 100)) {
    await queueEvent(tx, run.workspaceId, 'MATCH_RATE_DROPPED', {
      ...data,
      matchRate: rate,
      previousMatchRate: before,
    });
  }
}
