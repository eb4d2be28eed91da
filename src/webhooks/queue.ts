import type { Queryable } from '../db/transaction.js';
import { encodeGlobalID } from '../domain/global-ids.js';
import type { SyncStats, SyncTrigger } from '../entities/sync-run.js';
import type { WebhookEvent } from '../entities/webhook.js';

/**
 * The webhook delivery queue in PostgreSQL: a webhook_delivery row per (event, webhook) and a
 * graphile-worker job that sends it, both written in the caller's transaction, so the event
 * and its deliveries commit together (a crash can neither lose nor invent one).
 */

/** graphile-worker task that sends one attempt of a delivery. */
export const WEBHOOK_DELIVERY_TASK = 'webhook_delivery';

export interface WebhookDeliveryPayload {
  deliveryId: string;
  /** How many times in a row the delivery was put off by a bound on attempts in flight. */
  deferred?: number;
}

/** The payload `type` of each event (CONTRACT.md "Webhooks"). */
export const EVENT_TYPES: Record<WebhookEvent | 'TEST', string> = {
  SYNC_RUN_SUCCEEDED: 'sync_run.succeeded',
  SYNC_RUN_FAILED: 'sync_run.failed',
  MATCH_RATE_DROPPED: 'sync_job.match_rate_dropped',
  MARKETO_PUSH_SUCCEEDED: 'marketo_push.succeeded',
  MARKETO_PUSH_FAILED: 'marketo_push.failed',
  TEST: 'webhook.test',
};

/** What a delivery says about a run: `data` of the payload (ids as in GraphQL). */
export interface RunEventData {
  syncJobId: string;
  runId: string;
  trigger: SyncTrigger;
  status: string;
  stats: SyncStats | null;
  error: string | null;
}

/** What a delivery says about a Marketo push: `data` of the payload (ids as in GraphQL). */
export interface MarketoPushEventData {
  listId: string;
  pushId: string;
  marketoListId: number;
  status: string;
  added: number;
  removed: number;
  notInMarketo: number;
  skipped: number;
  error: string | null;
}

/**
 * Queues `marketo_push.succeeded` (a push SUCCEEDED or PARTIAL: it went through, with what
 * Marketo skipped or the quota held back counted) or `marketo_push.failed`, in the push's final
 * transaction. `data` takes database ids.
 */
export function queueMarketoPushEnded(
  tx: Queryable,
  workspaceId: string,
  data: MarketoPushEventData,
): Promise<string[]> {
  return queueEvent(
    tx,
    workspaceId,
    data.status === 'FAILED' ? 'MARKETO_PUSH_FAILED' : 'MARKETO_PUSH_SUCCEEDED',
    {
      ...data,
      listId: encodeGlobalID('List', data.listId),
      pushId: encodeGlobalID('MarketoPush', data.pushId),
    },
  );
}

/** The JSON body of a delivery, written once and sent unchanged by every attempt. */
export function eventPayload(type: string, data: object): string {
  return JSON.stringify({ type, timestamp: new Date().toISOString(), data });
}

/** The data of a run event from database ids. */
export function runEventData(run: RunEventData): RunEventData {
  return {
    syncJobId: encodeGlobalID('SyncJob', run.syncJobId),
    runId: encodeGlobalID('SyncRun', run.runId),
    trigger: run.trigger,
    status: run.status,
    stats: run.stats,
    error: run.error,
  };
}

/**
 * Inserts the deliveries of `payload` for the webhooks chosen by `webhooksSql` (a query of
 * webhook rows, aliased `w`, with $1..$n bound by `params`), and their send jobs. Returns the
 * delivery ids.
 */
async function queue(
  tx: Queryable,
  eventType: string,
  payload: string,
  webhooksSql: string,
  params: unknown[],
): Promise<string[]> {
  const n = params.length;
  const result = await tx.query<{ id: string }>(
    `with delivery as (
       insert into webhook_delivery (workspace_id, webhook_id, event_type, message_id, payload, next_attempt_at)
       select w.workspace_id, w.id, $${n + 1}, 'msg_' || replace(gen_random_uuid()::text, '-', ''), $${n + 2}, now()
       from (${webhooksSql}) w
       returning id
     ), job as (
       select graphile_worker.add_job($${n + 3}, json_build_object('deliveryId', id::text),
         job_key => $${n + 3} || ':' || id, max_attempts => 25) as job, id
       from delivery
     )
     select id from job`,
    [...params, eventType, payload, WEBHOOK_DELIVERY_TASK],
  );
  return result.rows.map((row) => row.id);
}

/** Queues `event` for every webhook of the workspace subscribed to it. */
export function queueEvent(
  tx: Queryable,
  workspaceId: string,
  event: WebhookEvent,
  data: object,
): Promise<string[]> {
  return queue(
    tx,
    EVENT_TYPES[event],
    eventPayload(EVENT_TYPES[event], data),
    'select id, workspace_id from webhook where workspace_id = $1 and $2 = any(events)',
    [workspaceId, event],
  );
}

/**
 * The data of a `webhook.test` delivery: the keys every payload's data has (CONTRACT.md
 * "Webhooks"), null since no run is behind it, and the webhook it tests.
 */
export function testEventData(webhookId: string): Record<keyof RunEventData, null> & {
  webhookId: string;
} {
  return {
    syncJobId: null,
    runId: null,
    trigger: null,
    status: null,
    stats: null,
    error: null,
    webhookId: encodeGlobalID('Webhook', webhookId),
  };
}

/** Queues a `webhook.test` delivery for one webhook; returns its id. */
export async function queueTest(
  tx: Queryable,
  workspaceId: string,
  webhookId: string,
): Promise<string | null> {
  const [id] = await queue(
    tx,
    EVENT_TYPES.TEST,
    eventPayload(EVENT_TYPES.TEST, testEventData(webhookId)),
    'select id, workspace_id from webhook where workspace_id = $1 and id = $2',
    [workspaceId, webhookId],
  );
  return id ?? null;
}

/**
 * Delay before attempt `attempt + 1` after `attempt` failed: `baseMs` doubled per attempt,
 * at most an hour (5 s, 10 s, 20 s, ... with the default base).
 */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(3_600_000, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Schedules the next attempt of a delivery (a new job under the delivery's key). */
export async function scheduleRetry(
  tx: Queryable,
  deliveryId: string,
  delayMs: number,
): Promise<void> {
  await tx.query(
    `select graphile_worker.add_job($1, json_build_object('deliveryId', $2::text),
       run_at => now() + $3 * interval '1 millisecond', job_key => $1 || ':' || $2, max_attempts => 25)`,
    [WEBHOOK_DELIVERY_TASK, deliveryId, delayMs],
  );
}

/**
 * Puts off a delivery that a bound on attempts in flight kept from being attempted: no
 * attempt is recorded, its next job runs after `delayMs` and knows it was put off `deferred`
 * times in a row. Nothing is scheduled for a delivery that is no longer pending.
 */
export async function deferDelivery(
  db: Queryable,
  deliveryId: string,
  deferred: number,
  delayMs: number,
): Promise<void> {
  await db.query(
    `with due as (
       update webhook_delivery set next_attempt_at = now() + $3 * interval '1 millisecond'
        where id = $2 and status = 'PENDING'
       returning id
     )
     select graphile_worker.add_job($1,
       json_build_object('deliveryId', $2::text, 'deferred', $4::int),
       run_at => now() + $3 * interval '1 millisecond', job_key => $1 || ':' || $2, max_attempts => 25)
     from due`,
    [WEBHOOK_DELIVERY_TASK, deliveryId, delayMs, deferred],
  );
}
