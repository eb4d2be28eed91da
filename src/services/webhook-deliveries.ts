import type { Caller } from '../auth/tokens.js';
import { countsBy, windowsPerParent } from './batches.js';
import type { ServiceDeps } from './index.js';
import {
  DELIVERY_COLUMNS,
  type ParentsWindow,
  rowsByIds,
  type WebhookDeliveryRow,
} from './read-rows.js';

/** The delivery log of the caller's webhooks: loader-style reads answering in the ids' order. */
export function createWebhookDeliveryVerbs({ database }: ServiceDeps) {
  const { pool } = database;

  return {
    /** Each webhook's window of deliveries (newest first), in one statement. */
    deliveries(
      caller: Caller,
      webhookIds: readonly string[],
      window: ParentsWindow,
    ): Promise<WebhookDeliveryRow[][]> {
      return windowsPerParent<WebhookDeliveryRow>(
        pool,
        {
          columns: DELIVERY_COLUMNS,
          from: 'webhook_delivery d',
          parent: 'd.webhook_id',
          key: 'd.id',
          order: 'desc',
        },
        caller.workspaceId,
        webhookIds,
        window,
        (row) => String(row.webhookId),
      );
    },

    /** Deliveries kept per webhook, in id order. */
    deliveryCounts(caller: Caller, webhookIds: readonly string[]): Promise<number[]> {
      return countsBy(pool, 'webhook_delivery', 'webhook_id', caller.workspaceId, webhookIds);
    },

    /** Deliveries by id, in order; null for an id outside the caller's workspace. */
    deliveriesByIds(
      caller: Caller,
      ids: readonly string[],
    ): Promise<(WebhookDeliveryRow | null)[]> {
      return rowsByIds(
        pool,
        caller.workspaceId,
        ids,
        `select ${DELIVERY_COLUMNS} from webhook_delivery d
          where d.workspace_id = $1 and d.id = any($2::bigint[])`,
      );
    },
  };
}
