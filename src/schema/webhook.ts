import type { WEBHOOK_EVENTS } from '../entities/webhook.js';
import type { WEBHOOK_DELIVERY_STATUSES } from '../entities/webhook-delivery.js';
import type { WebhookDeliveryRow, WebhookRow } from '../services/webhooks.js';
import { builder } from './builder.js';
import { COMMON_MUTATION_ERRORS } from './errors.js';
import { decodeId } from './ids.js';
import { batchedPages, countLoader, loadByIds } from './lookups.js';
import { backwardArgs } from './page-args.js';
import { keysetPage, totalCountOf } from './pagination.js';

const WebhookEventEnum = builder.enumType('WebhookEvent', {
  description: 'What a webhook can be told about.',
  values: {
    SYNC_RUN_SUCCEEDED: { description: 'A sync run succeeded (`sync_run.succeeded`).' },
    SYNC_RUN_FAILED: { description: 'A sync run failed for good (`sync_run.failed`).' },
    MATCH_RATE_DROPPED: {
      description:
        "A full run's matchedLeads / audienceSize fell by more than MATCH_RATE_DROP_PERCENT percent of the previous full run's (`sync_job.match_rate_dropped`).",
    },
    MARKETO_PUSH_SUCCEEDED: {
      description:
        'A push of a list into Marketo ended SUCCEEDED or PARTIAL (`marketo_push.succeeded`).',
    },
    MARKETO_PUSH_FAILED: {
      description: 'A push of a list into Marketo could not go on (`marketo_push.failed`).',
    },
  } satisfies Record<(typeof WEBHOOK_EVENTS)[number], unknown>,
});

const WebhookDeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', {
  description: 'Where a delivery stands.',
  values: {
    PENDING: { description: 'Not delivered yet; another attempt is due.' },
    DELIVERED: { description: 'The receiver answered 2xx.' },
    FAILED: { description: 'Every attempt (WEBHOOK_MAX_ATTEMPTS) failed.' },
  } satisfies Record<(typeof WEBHOOK_DELIVERY_STATUSES)[number], unknown>,
});

/** One event sent (or being sent) to one webhook. */
export const WebhookDeliveryRef = builder.loadableNode('WebhookDelivery', {
  description: 'One event for one webhook, sent under the same `webhook-id` on every attempt.',
  authScopes: { admin: true },
  id: { resolve: (delivery: WebhookDeliveryRow) => delivery.id },
  load: loadByIds((services) => services.webhooks.deliveriesByIds),
  isTypeOf: (value) =>
    typeof value === 'object' && value !== null && 'eventType' in value && 'attempts' in value,
  fields: (t) => ({
    eventType: t.exposeString('eventType', {
      description: 'The payload’s `type`, for example `sync_run.failed`.',
    }),
    status: t.expose('status', {
      type: WebhookDeliveryStatusEnum,
      description: 'Pending, delivered or failed.',
    }),
    attempts: t.exposeInt('attempts', { description: 'Attempts made so far.' }),
    responseStatus: t.exposeInt('responseStatus', {
      nullable: true,
      description: 'The HTTP status of the last attempt; null when nothing answered.',
    }),
    lastError: t.exposeString('lastError', {
      nullable: true,
      description: 'Why the last attempt failed; null when it succeeded or none was made.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was queued.' }),
    deliveredAt: t.expose('deliveredAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the receiver accepted it.',
    }),
  }),
});

/** An endpoint that receives the workspace's events. */
export const WebhookRef = builder.loadableNode('Webhook', {
  description: 'An endpoint that receives sync events, signed per the Standard Webhooks spec.',
  authScopes: { admin: true },
  id: { resolve: (webhook: WebhookRow) => webhook.id },
  load: loadByIds((services) => services.webhooks.byIds),
  isTypeOf: (value) =>
    typeof value === 'object' && value !== null && 'url' in value && 'events' in value,
  fields: (t) => ({
    url: t.exposeString('url', { description: 'Where deliveries are POSTed.' }),
    events: t.expose('events', {
      type: [WebhookEventEnum],
      description: 'The events it receives.',
    }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'What the webhook is for.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
  }),
});

const deliveryCounts = countLoader((ctx, ids) =>
  ctx.services.webhooks.deliveryCounts(ctx.caller, ids),
);

builder.objectField(WebhookRef, 'deliveries', (t) =>
  t.loadable({
    type: builder.connectionObject(
      {
        type: WebhookDeliveryRef,
        name: 'WebhookDeliveryConnection',
        description: 'Deliveries, newest first.',
        fields: (t) => ({
          totalCount: t.int({ description: 'Deliveries kept.', resolve: totalCountOf }),
        }),
      },
      { name: 'WebhookDeliveryEdge', description: 'One delivery and its cursor.' },
    ),
    description: 'The delivery log, newest first.',
    byPath: true,
    args: {
      first: t.arg.int({ description: 'At most 500 (default 50).' }),
      after: t.arg.string({ description: 'The cursor of the last delivery seen.' }),
      ...backwardArgs,
    },
    load: (webhookIds: string[], ctx, args) =>
      batchedPages(
        webhookIds,
        args,
        (window) => ctx.services.webhooks.deliveries(ctx.caller, webhookIds, window),
        (row) => row.id,
        (webhookId) => deliveryCounts(ctx).load(webhookId),
      ),
    resolve: (webhook) => webhook.id,
  }),
);

builder.queryField('webhooks', (t) =>
  t.field({
    type: builder.connectionObject(
      {
        type: WebhookRef,
        name: 'WebhookConnection',
        description: 'Webhooks, oldest first.',
        fields: (t) => ({
          totalCount: t.int({ description: 'Webhooks of the workspace.', resolve: totalCountOf }),
        }),
      },
      { name: 'WebhookEdge', description: 'One webhook and its cursor.' },
    ),
    description: "The workspace's webhooks, oldest first (admin scope).",
    authScopes: { admin: true },
    args: {
      first: t.arg.int({ description: 'At most 500 (default 50).' }),
      after: t.arg.string({ description: 'The cursor of the last webhook seen.' }),
      ...backwardArgs,
    },
    resolve: (_root, args, ctx) =>
      keysetPage(
        args,
        (webhook: WebhookRow) => webhook.id,
        (window) => ctx.services.webhooks.find(ctx.caller, window),
        () => ctx.services.webhooks.count(ctx.caller),
      ),
  }),
);

const CreateWebhookInput = builder.inputType('CreateWebhookInput', {
  description: 'A new webhook.',
  fields: (t) => ({
    url: t.string({
      required: true,
      description:
        'http or https. Link-local and metadata addresses are refused; loopback and private ones unless WEBHOOK_ALLOW_PRIVATE_NETWORKS=true.',
    }),
    events: t.field({
      type: [WebhookEventEnum],
      required: true,
      description: 'At least one event.',
    }),
    description: t.string({ description: 'What the webhook is for.' }),
  }),
});

const CreateWebhookSuccess = builder
  .objectRef<{ webhook: WebhookRow; signingSecret: string }>('CreateWebhookSuccess')
  .implement({
    description: 'The new webhook and its signing secret.',
    fields: (t) => ({
      webhook: t.expose('webhook', { type: WebhookRef, description: 'The new webhook.' }),
      signingSecret: t.exposeString('signingSecret', {
        description:
          'The `whsec_...` secret that verifies the signatures of its deliveries; shown only here.',
      }),
    }),
  });

builder.mutationField('createWebhook', (t) =>
  t.field({
    type: CreateWebhookSuccess,
    description: 'Creates a webhook; its signing secret is answered once, here.',
    args: {
      input: t.arg({
        type: CreateWebhookInput,
        required: true,
        description: 'The receiver URL, its events and a description.',
      }),
    },
    authScopes: { admin: true },
    errors: { types: COMMON_MUTATION_ERRORS },
    resolve: (_root, { input }, ctx) =>
      ctx.services.webhooks.create(ctx.caller, {
        url: input.url,
        events: input.events,
        description: input.description,
      }),
  }),
);

const WebhookIdInput = (name: string, description: string) =>
  builder.inputType(name, {
    description,
    fields: (t) => ({ id: t.id({ required: true, description: 'The webhook.' }) }),
  });

const DeleteWebhookInput = WebhookIdInput('DeleteWebhookInput', 'The webhook to delete.');
const TestWebhookInput = WebhookIdInput('TestWebhookInput', 'The webhook to test.');

const DeleteWebhookSuccess = builder
  .objectRef<{ deletedId: string }>('DeleteWebhookSuccess')
  .implement({
    description: 'The webhook is gone, with its delivery log.',
    fields: (t) => ({
      deletedId: t.exposeID('deletedId', { description: 'The id the webhook had.' }),
    }),
  });

builder.mutationField('deleteWebhook', (t) =>
  t.field({
    type: DeleteWebhookSuccess,
    description: 'Deletes a webhook; its pending deliveries are not sent.',
    args: {
      input: t.arg({
        type: DeleteWebhookInput,
        required: true,
        description: 'The webhook to delete.',
      }),
    },
    authScopes: { admin: true },
    errors: { types: COMMON_MUTATION_ERRORS },
    resolve: async (_root, { input }, ctx) => {
      const id = decodeId(String(input.id), 'Webhook', ['input', 'id']);
      await ctx.services.webhooks.delete(ctx.caller, { id });
      return { deletedId: String(input.id) };
    },
  }),
);

const TestWebhookSuccess = builder
  .objectRef<{ delivery: WebhookDeliveryRow }>('TestWebhookSuccess')
  .implement({
    description: 'The queued test delivery.',
    fields: (t) => ({
      delivery: t.expose('delivery', {
        type: WebhookDeliveryRef,
        description: 'The `webhook.test` delivery, sent by a worker.',
      }),
    }),
  });

builder.mutationField('testWebhook', (t) =>
  t.field({
    type: TestWebhookSuccess,
    description: 'Sends a `webhook.test` event to the webhook (queued like any delivery).',
    args: {
      input: t.arg({
        type: TestWebhookInput,
        required: true,
        description: 'The webhook to send a test delivery to.',
      }),
    },
    authScopes: { admin: true },
    errors: { types: COMMON_MUTATION_ERRORS },
    resolve: async (_root, { input }, ctx) => {
      const id = decodeId(String(input.id), 'Webhook', ['input', 'id']);
      return { delivery: await ctx.services.webhooks.test(ctx.caller, { id }) };
    },
  }),
);
