import { purgeInBatches } from '../db/purge.js';
import type { Queryable } from '../db/transaction.js';

/**
 * Deletes the finished deliveries (DELIVERED or FAILED) created more than `retentionDays`
 * ago, with their attempts (webhook_attempt goes with its delivery, ON DELETE CASCADE), in
 * batches; returns how many deliveries went. PENDING deliveries stay however old they are:
 * their next attempt is still to come. The hourly retention task calls it with
 * HISTORY_RETENTION_DAYS.
 */
export function purgeFinishedDeliveries(
  db: Queryable,
  retentionDays: number,
  batchSize = 10_000,
): Promise<number> {
  return purgeInBatches(
    db,
    `delete from webhook_delivery where id = any(array(
       select id from webhook_delivery
        where status in ('DELIVERED', 'FAILED') and created_at < now() - $1 * interval '1 day'
        limit $2))
     returning workspace_id`,
    retentionDays,
    batchSize,
  );
}
