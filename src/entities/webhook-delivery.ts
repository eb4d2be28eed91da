import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { createdAt } from './timestamps.js';
import { Webhook } from './webhook.js';

export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * One event for one webhook. Queued with the transaction that caused it; every attempt sends
 * the same `payload` under the same `messageId` (the `webhook-id` header), so receivers can
 * deduplicate retries. `nextAttemptAt` is when the next attempt is due while PENDING.
 */
export const WebhookDelivery = defineEntity({
  name: 'WebhookDelivery',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    workspaceId: p.bigint('string'),
    webhook: () => p.manyToOne(Webhook).ref().deleteRule('cascade'),
    eventType: p.string().length(64),
    messageId: p.string().length(64),
    payload: p.text(),
    status: p.enum([...WEBHOOK_DELIVERY_STATUSES]).default('PENDING'),
    attempts: p.integer().default(0),
    responseStatus: p.integer().nullable(),
    lastError: p.text().nullable(),
    nextAttemptAt: p.datetime().nullable(),
    createdAt: createdAt(),
    deliveredAt: p.datetime().nullable(),
  },
  indexes: [
    { properties: ['webhook', 'id'] },
    // Retention deletes finished deliveries by age; rows arrive in creation order (BRIN).
    {
      name: 'webhook_delivery_created_at_index',
      expression:
        'create index "webhook_delivery_created_at_index" on "webhook_delivery" using brin ("created_at")',
    },
  ],
});
export type IWebhookDelivery = InferEntity<typeof WebhookDelivery>;
