import type { Caller } from '../auth/tokens.js';
import { countsBy, groupBy, inOrder } from './batches.js';
import type { ServiceDeps } from './index.js';
import {
  DELIVERY_COLUMNS,
  keysetSql,
  type ParentsWindow,
  rowsByIds,
  type WebhookDeliveryRow,
  windowBounds,
} from './read-rows.js';

/** The delivery log of the caller's webhooks: loader-style reads answering in the ids' order. */
export function createWebhookDeliveryVerbs({ database }: ServiceDeps) {
  const { pool } = database;

  return {
    /** Each webhook's window of deliveries (newest first), in one statement. */
    async deliveries(
      caller: Caller,
      webhookIds: readonly string[],
      window: ParentsWindow,
    ): Promise<WebhookDeliveryRow[][]> {
      const keyset = keysetSql('d.id', 'desc', window, 3, 4);
      const { rows } = await pool.query<WebhookDeliveryRow>(
        `select d.* from unnest($2::bigint[]) as p(id)
         cross join lateral (
           select ${DELIVERY_COLUMNS} from webhook_delivery d
            where d.workspace_id = $1 and d.webhook_id = p.id and ${keyset.where}
            ${keyset.orderBy} limit $5
         ) d`,
        [caller.workspaceId, webhookIds, ...windowBounds(window), window.limit],
      );
      return inOrder(
        webhookIds,
        groupBy(rows, (row) => String(row.webhookId)),
        [],
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
