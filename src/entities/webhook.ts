import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { createdAt } from './timestamps.js';
import { Workspace } from './workspace.js';

export const WEBHOOK_EVENTS = [
  'SYNC_RUN_SUCCEEDED',
  'SYNC_RUN_FAILED',
  'MATCH_RATE_DROPPED',
  'MARKETO_PUSH_SUCCEEDED',
  'MARKETO_PUSH_FAILED',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/**
 * An endpoint that receives the workspace's events (Standard Webhooks). `secret` signs every
 * delivery; it is shown to the user once, when the webhook is created.
 */
export const Webhook = defineEntity({
  name: 'Webhook',
  properties: {
    id: p.bigint('string').primary().autoincrement(),
    workspace: () => p.manyToOne(Workspace).ref().deleteRule('cascade'),
    url: p.text(),
    events: p.array<WebhookEvent>(),
    description: p.text().nullable(),
    secret: p.text(),
    createdAt: createdAt(),
  },
  indexes: [{ properties: ['workspace'] }],
});
export type IWebhook = InferEntity<typeof Webhook>;
