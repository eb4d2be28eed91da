import type { Caller } from '../auth/tokens.js';
import type { Queryable } from '../db/transaction.js';
import { withTransaction } from '../db/transaction.js';
import {
  MarketoAuthFailedError,
  MarketoNotConnectedError,
  MarketoUnreachableError,
  ValidationError,
} from '../domain/errors.js';
import { checkText, required } from '../domain/validation.js';
import { MarketoClient } from '../marketo/client.js';
import {
  CONNECTION_COLUMNS,
  checkMarketoUrl,
  guardedFetch,
  limiterFor,
  type MarketoConnectionRow,
} from '../marketo/connection.js';
import { MarketoAuthError } from '../marketo/errors.js';
import { queuePush } from '../marketo/push-queue.js';
import { sealSecret } from '../marketo/secrets.js';
import { RefusedUrlError } from '../net/address-guard.js';
import type { ServiceDeps } from './index.js';

export type { MarketoConnectionRow };

/** The connection as the API shows it: never its secret; with the calls made today. */
export interface MarketoConnectionView extends MarketoConnectionRow {
  callsToday: number;
}

/** This service's default share of a subscription's limits (CONTRACT), and their bounds. */
export const MARKETO_SHARE = {
  callsPer20Seconds: { default: 50, max: 100 },
  concurrentCalls: { default: 5, max: 10 },
  dailyCallBudget: { default: 10_000, max: 10_000_000 },
} as const;

const MAX_URL_LENGTH = 2048;
const MAX_CREDENTIAL_LENGTH = 255;

export interface ConnectMarketoInput {
  restEndpoint: string;
  identityEndpoint?: string | null;
  clientId: string;
  clientSecret: string;
  callsPer20Seconds?: number | null;
  concurrentCalls?: number | null;
  dailyCallBudget?: number | null;
}

export interface MarketoConnectionOptions {
  /** How long the credential check waits for identity (10 s, CONTRACT); shorter in tests. */
  identityTimeoutMs?: number;
}

/**
 * The identity endpoint Marketo pairs with a REST endpoint: the same URL with `/identity` in
 * place of its trailing `/rest` (Admin > Web Services shows both so).
 */
export function identityEndpointOf(restEndpoint: string): string | null {
  const trimmed = restEndpoint.replace(/\/+$/, '');
  return /\/rest$/.test(trimmed) ? `${trimmed.slice(0, -'/rest'.length)}/identity` : null;
}

function checkCount(value: number | null | undefined, field: keyof typeof MARKETO_SHARE): number {
  const bounds = MARKETO_SHARE[field];
  if (value === null || value === undefined) return bounds.default;
  if (!Number.isInteger(value) || value < 1 || value > bounds.max) {
    throw ValidationError.field(
      ['input', field],
      `input.${field}: a whole number from 1 to ${bounds.max.toLocaleString('en-US')}`,
    );
  }
  return value;
}

function checkCredential(raw: string, field: 'clientId' | 'clientSecret'): string {
  const path = ['input', field];
  // The secret's value is never part of a message: only its field and the rule.
  const checked = checkText(raw.trim());
  if (!checked.ok) {
    throw ValidationError.field(path, `input.${field}: must not contain control characters`);
  }
  const value = checked.value;
  if (value.length < 1 || value.length > MAX_CREDENTIAL_LENGTH) {
    throw ValidationError.field(path, `input.${field}: 1 to ${MAX_CREDENTIAL_LENGTH} characters`);
  }
  return value;
}

/**
 * The mirrors that stopped because of the connection (FAILED: Marketo refused its credentials
 * during a push; PAUSED: the workspace disconnected) go ACTIVE again, each with a push queued
 * that sends what Marketo has not acknowledged yet.
 */
async function resumeMirrors(tx: Queryable, workspaceId: string): Promise<void> {
  const { rows } = await tx.query<{ id: string }>(
    `update marketo_mirror set status = 'ACTIVE'
      where workspace_id = $1 and status in ('FAILED', 'PAUSED')
      returning id::text as id`,
    [workspaceId],
  );
  for (const mirror of rows) {
    await queuePush(tx, { workspaceId, mirrorId: mirror.id, trigger: 'CHANGES', delayMs: 0 });
  }
}

/**
 * The workspace's Marketo connection (admin scope at the API): connecting checks the
 * credentials with one identity request before anything is stored, and seals the secret
 * (src/marketo/secrets.ts); no answer, error or log line of this module carries it.
 */
export function createMarketoConnectionService(
  deps: ServiceDeps,
  options: MarketoConnectionOptions = {},
) {
  const { config, database } = deps;
  const { pool } = database;

  async function checkUrl(raw: string, field: 'restEndpoint' | 'identityEndpoint') {
    const path = ['input', field];
    const url = required(checkText(raw.trim()), path).replace(/\/+$/, '');
    if (url.length === 0 || url.length > MAX_URL_LENGTH) {
      throw ValidationError.field(path, `input.${field}: 1 to ${MAX_URL_LENGTH} characters`);
    }
    try {
      await checkMarketoUrl(url, config.outboundAllowPrivateNetworks);
    } catch (error) {
      if (error instanceof RefusedUrlError) {
        throw ValidationError.field(path, `input.${field}: ${error.message}`);
      }
      throw error;
    }
    return url;
  }

  async function readView(
    db: Queryable,
    workspaceId: string,
  ): Promise<MarketoConnectionView | null> {
    const { rows } = await db.query<MarketoConnectionRow>(
      `select ${CONNECTION_COLUMNS} from marketo_connection c where c.workspace_id = $1`,
      [workspaceId],
    );
    const row = rows[0];
    if (!row) return null;
    const { callsToday } = await limiterFor(deps, row).usage();
    return { ...row, callsToday };
  }

  return {
    /**
     * Connects (or reconnects) the caller's workspace. The credentials are checked with one
     * identity request first: MARKETO_AUTH_FAILED when identity refuses them,
     * MARKETO_UNREACHABLE when it does not answer in time; in both cases nothing is stored.
     * Connecting again replaces the credentials and limits, and resumes the mirrors that
     * stopped on the old ones.
     */
    async connect(caller: Caller, input: ConnectMarketoInput): Promise<{ workspaceId: string }> {
      const clientId = checkCredential(input.clientId, 'clientId');
      const clientSecret = checkCredential(input.clientSecret, 'clientSecret');
      const callsPer20Seconds = checkCount(input.callsPer20Seconds, 'callsPer20Seconds');
      const concurrentCalls = checkCount(input.concurrentCalls, 'concurrentCalls');
      const dailyCallBudget = checkCount(input.dailyCallBudget, 'dailyCallBudget');
      const restEndpoint = await checkUrl(input.restEndpoint, 'restEndpoint');
      let identityEndpoint: string;
      if (input.identityEndpoint != null && input.identityEndpoint.trim() !== '') {
        identityEndpoint = await checkUrl(input.identityEndpoint, 'identityEndpoint');
      } else {
        const derived = identityEndpointOf(restEndpoint);
        if (!derived) {
          throw ValidationError.field(
            ['input', 'identityEndpoint'],
            'input.identityEndpoint: required when restEndpoint does not end with /rest',
          );
        }
        identityEndpoint = derived;
      }

      const share = {
        workspaceId: caller.workspaceId,
        callsPer20Seconds,
        concurrentCalls,
        dailyCallBudget,
      };
      const client = new MarketoClient({
        credentials: { restEndpoint, identityEndpoint, clientId, clientSecret },
        // checkCredentials makes no REST call: the limiter is never asked for a slot.
        limiter: limiterFor(deps, share),
        timeouts:
          options.identityTimeoutMs === undefined
            ? undefined
            : { identityMs: options.identityTimeoutMs },
        fetch: guardedFetch(config.outboundAllowPrivateNetworks),
      });
      try {
        await client.checkCredentials();
      } catch (error) {
        if (error instanceof MarketoAuthError) throw new MarketoAuthFailedError();
        throw new MarketoUnreachableError(
          `Marketo's identity endpoint did not answer within ${Math.round(
            (options.identityTimeoutMs ?? 10_000) / 1000,
          )} s`,
        );
      }

      const sealed = sealSecret(config.secretsKey, clientSecret);
      await withTransaction(pool, async (tx) => {
        await tx.query(
          `insert into marketo_connection (workspace_id, rest_endpoint, identity_endpoint,
             client_id, client_secret_sealed, calls_per20_seconds, concurrent_calls,
             daily_call_budget, status, connected_at, last_error, quota_resets_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, 'CONNECTED', now(), null, null)
           on conflict (workspace_id) do update set
             rest_endpoint = excluded.rest_endpoint,
             identity_endpoint = excluded.identity_endpoint,
             client_id = excluded.client_id,
             client_secret_sealed = excluded.client_secret_sealed,
             calls_per20_seconds = excluded.calls_per20_seconds,
             concurrent_calls = excluded.concurrent_calls,
             daily_call_budget = excluded.daily_call_budget,
             status = 'CONNECTED', connected_at = now(), last_error = null,
             quota_resets_at = null`,
          [
            caller.workspaceId,
            restEndpoint,
            identityEndpoint,
            clientId,
            sealed,
            callsPer20Seconds,
            concurrentCalls,
            dailyCallBudget,
          ],
        );
        await resumeMirrors(tx, caller.workspaceId);
      });
      return { workspaceId: caller.workspaceId };
    },

    /**
     * Forgets the credentials (the sealed secret is erased), marks the connection
     * DISCONNECTED and pauses every mirror; the Marketo lists are left as they are.
     * MARKETO_NOT_CONNECTED when the workspace never connected.
     */
    async disconnect(caller: Caller): Promise<{ workspaceId: string }> {
      await withTransaction(pool, async (tx) => {
        const updated = await tx.query(
          `update marketo_connection
              set client_secret_sealed = null, status = 'DISCONNECTED', last_error = null
            where workspace_id = $1`,
          [caller.workspaceId],
        );
        if (updated.rowCount === 0) throw new MarketoNotConnectedError();
        await tx.query(
          `update marketo_mirror set status = 'PAUSED'
            where workspace_id = $1 and status <> 'PAUSED'`,
          [caller.workspaceId],
        );
      });
      return { workspaceId: caller.workspaceId };
    },

    /** The caller's connection with today's calls; null until it first connects. */
    connection(caller: Caller): Promise<MarketoConnectionView | null> {
      return readView(pool, caller.workspaceId);
    },
  };
}

export type MarketoConnectionService = ReturnType<typeof createMarketoConnectionService>;
