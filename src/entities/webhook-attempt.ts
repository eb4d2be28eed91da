import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { WebhookDelivery } from './webhook-delivery.js';

/** One try of a delivery: what the receiver answered (or why nothing came back), and how fast. */
export const WebhookAttempt = defineEntity({
  name: 'WebhookAttempt',
  properties: {
    delivery: () => p.manyToOne(WebhookDelivery).ref().primary().deleteRule('cascade'),
    attempt: p.integer().primary(),
    at: p.datetime().defaultRaw('now()'),
    responseStatus: p.integer().nullable(),
    error: p.text().nullable(),
    durationMs: p.integer(),
  },
});
export type IWebhookAttempt = InferEntity<typeof WebhookAttempt>;
