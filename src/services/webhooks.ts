import { randomBytes } from 'node:crypto';
import type { Caller } from '../auth/tokens.js';
import { withTransaction } from '../db/transaction.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { checkText, required } from '../domain/validation.js';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../entities/webhook.js';
import { checkTarget, RefusedUrlError } from '../net/address-guard.js';
import { EVENT_TYPES, queueTest } from '../webhooks/queue.js';
import type { ServiceDeps } from './index.js';
import {
  DELIVERY_COLUMNS,
  keysetSql,
  rowsByIds,
  WEBHOOK_COLUMNS,
  type WebhookDeliveryRow,
  type WebhookRow,
  type Window,
  windowBounds,
} from './read-rows.js';
import { createWebhookDeliveryVerbs } from './webhook-deliveries.js';

export type { WebhookDeliveryRow, WebhookRow };

const MAX_URL_LENGTH = 2048;
const MAX_DESCRIPTION_LENGTH = 1000;

/** A new signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Webhooks of the caller's workspace: creation with the SSRF guard, deletion, tests, reads. */
function createWebhookVerbs({ config, database }: ServiceDeps) {
  const { pool } = database;

  async function checkUrl(raw: string): Promise<string> {
    const path = ['input', 'url'];
    const url = required(checkText(raw.trim()), path);
    if (url.length === 0 || url.length > MAX_URL_LENGTH) {
      throw ValidationError.field(path, `input.url: 1 to ${MAX_URL_LENGTH} characters`);
    }
    try {
      await checkTarget(url, config.outboundAllowPrivateNetworks);
    } catch (error) {
      if (error instanceof RefusedUrlError) {
        throw ValidationError.field(path, `input.url: ${error.message}`);
      }
      throw error;
    }
    return url;
  }

  function checkEvents(events: readonly string[]): WebhookEvent[] {
    const distinct = [...new Set(events)];
    if (distinct.length === 0) {
      throw ValidationError.field(['input', 'events'], 'input.events: name at least one event');
    }
    for (const event of distinct) {
      if (!(WEBHOOK_EVENTS as readonly string[]).includes(event)) {
        throw ValidationError.field(['input', 'events'], `input.events: unknown event ${event}`);
      }
    }
    return distinct as WebhookEvent[];
  }

  function checkDescription(raw: string | null | undefined): string | null {
    if (raw == null) return null;
    const value = required(checkText(raw.trim()), ['input', 'description']);
    if (value.length > MAX_DESCRIPTION_LENGTH) {
      throw ValidationError.field(
        ['input', 'description'],
        `input.description: at most ${MAX_DESCRIPTION_LENGTH} characters`,
      );
    }
    return value === '' ? null : value;
  }

  return {
    /**
     * Creates a webhook; answers it with its signing secret, which is shown only here. The URL
     * must be http(s) and every address of its host must pass the SSRF guard (VALIDATION).
     */
    async create(
      caller: Caller,
      input: { url: string; events: readonly string[]; description?: string | null },
    ): Promise<{ webhook: WebhookRow; signingSecret: string }> {
      const events = checkEvents(input.events);
      const description = checkDescription(input.description);
      const url = await checkUrl(input.url);
      const secret = newSecret();
      const { rows } = await pool.query<WebhookRow>(
        `insert into webhook (workspace_id, url, events, description, secret)
         values ($1, $2, $3, $4, $5)
         returning id, url, events, description, created_at as "createdAt"`,
        [caller.workspaceId, url, events, description, secret],
      );
      return { webhook: rows[0], signingSecret: secret };
    },

    /** Deletes a webhook and its delivery log; pending deliveries are never sent. */
    async delete(caller: Caller, input: { id: string }): Promise<void> {
      const result = await pool.query('delete from webhook where workspace_id = $1 and id = $2', [
        caller.workspaceId,
        input.id,
      ]);
      if (result.rowCount === 0) throw new NotFoundError('Webhook');
    },

    /**
     * Queues a `webhook.test` delivery to the webhook; answers the delivery (PENDING). While
     * a test of the webhook is still pending, another one is that same delivery: tests are
     * bounded by the receiver's answers, however often (or with however many aliases in one
     * request) they are asked for. The webhook's row is locked meanwhile, so two concurrent
     * tests cannot both find none pending.
     */
    async test(caller: Caller, input: { id: string }): Promise<WebhookDeliveryRow> {
      const deliveryId = await withTransaction(pool, async (tx) => {
        const hook = await tx.query(
          'select 1 from webhook where workspace_id = $1 and id = $2 for update',
          [caller.workspaceId, input.id],
        );
        if (hook.rowCount === 0) throw new NotFoundError('Webhook');
        const pending = await tx.query<{ id: string }>(
          `select id from webhook_delivery
            where workspace_id = $1 and webhook_id = $2 and event_type = $3 and status = 'PENDING'
            order by id desc limit 1`,
          [caller.workspaceId, input.id, EVENT_TYPES.TEST],
        );
        return pending.rows[0]?.id ?? (await queueTest(tx, caller.workspaceId, input.id));
      });
      if (!deliveryId) throw new NotFoundError('Webhook');
      const { rows } = await pool.query<WebhookDeliveryRow>(
        `select ${DELIVERY_COLUMNS} from webhook_delivery d where d.id = $1`,
        [deliveryId],
      );
      return rows[0];
    },

    /** One keyset window of the workspace's webhooks, oldest first. */
    async find(caller: Caller, input: Window) {
      const keyset = keysetSql('w.id', 'asc', input, 3, 4);
      const { rows } = await pool.query<WebhookRow>(
        `select ${WEBHOOK_COLUMNS} from webhook w
          where w.workspace_id = $1 and ${keyset.where}
          ${keyset.orderBy} limit $2`,
        [caller.workspaceId, input.limit, ...windowBounds(input)],
      );
      return rows;
    },

    /** How many webhooks the workspace has. */
    async count(caller: Caller): Promise<number> {
      const { rows } = await pool.query<{ n: number }>(
        'select count(*)::int as n from webhook where workspace_id = $1',
        [caller.workspaceId],
      );
      return rows[0]?.n ?? 0;
    },

    /** Webhooks by id, in order; null for an id outside the caller's workspace. */
    byIds(caller: Caller, ids: readonly string[]): Promise<(WebhookRow | null)[]> {
      return rowsByIds(
        pool,
        caller.workspaceId,
        ids,
        `select ${WEBHOOK_COLUMNS} from webhook w
          where w.workspace_id = $1 and w.id = any($2::bigint[])`,
      );
    },
  };
}

/**
 * Webhooks of the caller's workspace (admin scope at the API): creation with the SSRF guard,
 * deletion, test deliveries (here), and the delivery log (src/services/webhook-deliveries.ts).
 * Deliveries of run events are queued by the runner (src/webhooks/run-events.ts) and sent by
 * worker processes (src/webhooks).
 */
export function createWebhookService(deps: ServiceDeps) {
  return { ...createWebhookVerbs(deps), ...createWebhookDeliveryVerbs(deps) };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
