import type { Task } from 'graphile-worker';
import { announceWorkspaceChange } from '../db/channels.js';
import type { EngineDeps } from '../db/database.js';
import { withTransaction } from '../db/transaction.js';
import { deferDelayMs, InFlightBounds, receiverOf } from './in-flight.js';
import {
  deferDelivery,
  retryDelayMs,
  scheduleRetry,
  type WebhookDeliveryPayload,
} from './queue.js';
import { DELIVERY_TIMEOUT_MS, sendAttempt } from './sender.js';

export interface DeliveryTaskOptions {
  /** Delay before the first retry; each later one doubles it (default 5 s). */
  retryBaseMs?: number;
  /** How long an attempt may take before it fails (default DELIVERY_TIMEOUT_MS, 10 s). */
  timeoutMs?: number;
  /**
   * Called once an attempt is recorded: DELIVERED, RETRYING (failed, another attempt follows)
   * or FAILED (the last attempt failed). For the process's metrics.
   */
  onRecorded?(outcome: 'DELIVERED' | 'RETRYING' | 'FAILED'): void;
}

/**
 * The graphile-worker task that sends one attempt of a delivery and records it: the attempt
 * row, the delivery's counters and status, and (when attempts remain) the job of the next
 * attempt, in one transaction. The attempt that reaches WEBHOOK_MAX_ATTEMPTS without a 2xx
 * ends the delivery FAILED. A delivery whose webhook was deleted is gone with it. The same
 * transaction announces a change of the workspace, so no api process answers the delivery
 * log from its response cache as it was before the attempt.
 *
 * A delivery whose workspace or receiver already has its share of attempts under way in this
 * process (WEBHOOK_IN_FLIGHT_PER_WORKSPACE, WEBHOOK_IN_FLIGHT_PER_RECEIVER) is put off
 * without an attempt, so the runner's slots stay free for everybody else.
 */
export function deliveryTask(deps: EngineDeps, options: DeliveryTaskOptions = {}): Task {
  const retryBaseMs = options.retryBaseMs ?? 5_000;
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const { pool } = deps.database;
  const bounds = new InFlightBounds(
    deps.config.webhookInFlightPerWorkspace,
    deps.config.webhookInFlightPerReceiver,
  );
  return async (payload) => {
    const { deliveryId, deferred = 0 } = payload as WebhookDeliveryPayload;
    const found = await pool.query<{
      workspace_id: string;
      attempts: number;
      message_id: string;
      payload: string;
      url: string;
      secret: string;
    }>(
      `select d.workspace_id, d.attempts, d.message_id, d.payload, w.url, w.secret
         from webhook_delivery d join webhook w on w.id = d.webhook_id
        where d.id = $1 and d.status = 'PENDING'`,
      [deliveryId],
    );
    const delivery = found.rows[0];
    if (!delivery) return;
    const release = bounds.admit(delivery.workspace_id, receiverOf(delivery.url));
    if (!release) {
      await deferDelivery(pool, deliveryId, deferred + 1, deferDelayMs(deferred, timeoutMs));
      return;
    }
    let outcome: Awaited<ReturnType<typeof sendAttempt>>;
    try {
      outcome = await sendAttempt(
        {
          url: delivery.url,
          secret: delivery.secret,
          messageId: delivery.message_id,
          payload: delivery.payload,
        },
        deps.config.outboundAllowPrivateNetworks,
        timeoutMs,
      );
    } finally {
      release();
    }
    const attempt = delivery.attempts + 1;
    const last = attempt >= deps.config.webhookMaxAttempts;
    const status = outcome.ok ? 'DELIVERED' : last ? 'FAILED' : 'PENDING';
    const delayMs = retryDelayMs(attempt, retryBaseMs);
    const recorded = await withTransaction(pool, async (tx) => {
      const updated = await tx.query(
        `update webhook_delivery set attempts = $2, status = $3, response_status = $4,
           last_error = $5,
           delivered_at = case when $3 = 'DELIVERED' then now() end,
           next_attempt_at = case when $3 = 'PENDING' then now() + $6 * interval '1 millisecond' end
         where id = $1 and status = 'PENDING' and attempts = $7`,
        [deliveryId, attempt, status, outcome.status, outcome.error, delayMs, delivery.attempts],
      );
      // Another attempt got here first (a job re-run after a crash): it has recorded itself.
      if (updated.rowCount === 0) return false;
      await tx.query(
        `insert into webhook_attempt (delivery_id, attempt, response_status, error, duration_ms)
         values ($1, $2, $3, $4, $5)`,
        [deliveryId, attempt, outcome.status, outcome.error, outcome.durationMs],
      );
      if (status === 'PENDING') await scheduleRetry(tx, deliveryId, delayMs);
      await announceWorkspaceChange(tx, delivery.workspace_id);
      return true;
    });
    if (recorded) options.onRecorded?.(status === 'PENDING' ? 'RETRYING' : status);
  };
}
