import type { Task } from 'graphile-worker';
import type { EngineDeps } from '../db/database.js';
import { purgeInBatches } from '../db/purge.js';
import type { Queryable } from '../db/transaction.js';
import { expireAllHeldSets } from '../ingest/aam-full-sets.js';
import { purgeFinishedDeliveries } from '../webhooks/retention.js';

/**
 * graphile-worker task that deletes membership history, and finished webhook deliveries with
 * their attempts, older than HISTORY_RETENTION_DAYS, and Audience Manager full sets held
 * longer than AAM_FULL_SET_EXPIRY_MS (an upload of the workspace drops them too).
 */
export const HISTORY_RETENTION_TASK = 'history_retention';

/** Hourly, at minute 17, once across every worker process (graphile-worker's cron). */
export const HISTORY_RETENTION_CRONTAB = `17 * * * * ${HISTORY_RETENTION_TASK}`;

/** The retention task: one pass of each purge with the configured period. */
export function retentionTask(deps: EngineDeps): Task {
  return async () => {
    const { pool } = deps.database;
    await purgeExpiredHistory(pool, deps.config.historyRetentionDays);
    await purgeFinishedDeliveries(pool, deps.config.historyRetentionDays);
    await expireAllHeldSets(pool, deps.config.aamFullSetExpiryMs);
  };
}

/**
 * Deletes the membership history older than `retentionDays`, in batches so that no statement
 * holds locks for long or builds a huge transaction; returns how many rows went. Each batch
 * announces a change of every workspace it deleted from, in its own statement, so cached
 * answers of List.changes and SyncRun.changes do not outlive the rows. The retention task
 * calls it; it is for operators, not callers.
 */
export async function purgeExpiredHistory(
  db: Queryable,
  retentionDays: number,
  batchSize = 50_000,
): Promise<number> {
  return purgeInBatches(
    db,
    `delete from membership_change where ctid = any(array(
       select ctid from membership_change
        where at < now() - $1 * interval '1 day' limit $2))
     returning workspace_id`,
    retentionDays,
    batchSize,
  );
}
