import type { Task } from 'graphile-worker';
import type { App } from '../app.js';
import { expireAllHeldSets } from '../ingest/aam-full-sets.js';
import { purgeExpiredHistory } from '../services/history.js';
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
export function retentionTask(app: App): Task {
  return async () => {
    const { pool } = app.database;
    await purgeExpiredHistory(pool, app.config.historyRetentionDays);
    await purgeFinishedDeliveries(pool, app.config.historyRetentionDays);
    await expireAllHeldSets(pool, app.config.aamFullSetExpiryMs);
  };
}
