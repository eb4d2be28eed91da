import type { Database } from '../db/database.js';
import type { SyncStats } from '../entities/sync-run.js';
import { logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import type { RunAttempt } from './runner.js';

/**
 * The end of every run attempt: one log line (job, run, trigger, status, duration, stats) and
 * its metrics. The outcome is read back from the run row, where the runner recorded it; an
 * attempt that will be retried is still RUNNING there and is reported as RETRYING.
 */
export function observeRunEnd(deps: {
  readonly database: Database;
  readonly metrics: Metrics;
}): (ended: RunAttempt) => Promise<void> {
  return async (ended) => {
    const log = logger('sync');
    try {
      const { rows } = await deps.database.runPool.query<{
        workspace_id: string;
        status: string;
        stats: SyncStats | null;
        error: string | null;
      }>('select workspace_id, status, stats, error from sync_run where id = $1', [ended.runId]);
      const row = rows[0];
      const status = !row ? 'DELETED' : row.status === 'RUNNING' ? 'RETRYING' : row.status;
      const labels = { trigger: ended.trigger, outcome: status };
      deps.metrics.syncRuns.inc(labels);
      deps.metrics.syncRunDuration.observe(labels, ended.durationMs / 1000);
      const line = {
        job: ended.syncJobId,
        run: ended.runId,
        workspace: row?.workspace_id ?? null,
        trigger: ended.trigger,
        status,
        attempt: ended.attempt,
        durationMs: Math.round(ended.durationMs),
        stats: row?.stats ?? null,
        ...(row?.error && status !== 'SUCCEEDED' ? { error: row.error } : {}),
      };
      if (status === 'FAILED') log.error(line, 'sync run');
      else if (status === 'RETRYING') log.warn(line, 'sync run');
      else log.info(line, 'sync run');
    } catch (error) {
      // Observing must never fail the run it observes.
      log.warn({ err: error, job: ended.syncJobId, run: ended.runId }, 'sync run end not read');
    }
  };
}
