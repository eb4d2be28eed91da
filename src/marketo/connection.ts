/**
 * A workspace's Marketo connection as the engine uses it: the stored row, its secret opened,
 * and a MarketoClient whose calls pass the workspace's PostgreSQL limiter and a fetch that
 * obeys the SSRF rules of every outbound call (src/net/address-guard.ts):
 *
 * - https only, unless OUTBOUND_ALLOW_PRIVATE_NETWORKS=true (tests and on-premise setups);
 * - loopback and private addresses refused unless that same variable allows them;
 * - link-local and cloud metadata addresses never;
 * - the request connects to the address that was checked (no second lookup), and redirects are
 *   never followed.
 *
 * Neither the secret nor the URLs' query (the identity URL carries the secret) appear in an
 * error raised here: refusals name the host and the reason only.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import type { EngineDeps } from '../db/database.js';
import type { Queryable } from '../db/transaction.js';
import { checkTarget, RefusedUrlError } from '../net/address-guard.js';
import {
  MarketoClient,
  type MarketoClientOptions,
  type MarketoRetryPolicy,
  type MarketoTimeouts,
} from './client.js';
import type { MarketoFetch } from './http.js';
import { type LimiterSettings, PgMarketoLimiter } from './limiter.js';
import { openSecret } from './secrets.js';

export type MarketoConnectionStatus =
  | 'CONNECTED'
  | 'AUTH_FAILED'
  | 'QUOTA_EXHAUSTED'
  | 'DISCONNECTED';

/** A marketo_connection row, without its sealed secret. */
export interface MarketoConnectionRow {
  workspaceId: string;
  restEndpoint: string;
  identityEndpoint: string;
  clientId: string;
  callsPer20Seconds: number;
  concurrentCalls: number;
  dailyCallBudget: number;
  status: MarketoConnectionStatus;
  connectedAt: Date;
  lastError: string | null;
  quotaResetsAt: Date | null;
}

/** The columns of MarketoConnectionRow, from `marketo_connection c`. */
export const CONNECTION_COLUMNS = `c.workspace_id::text as "workspaceId",
  c.rest_endpoint as "restEndpoint", c.identity_endpoint as "identityEndpoint",
  c.client_id as "clientId", c.calls_per20_seconds as "callsPer20Seconds",
  c.concurrent_calls as "concurrentCalls", c.daily_call_budget as "dailyCallBudget",
  c.status, c.connected_at as "connectedAt", c.last_error as "lastError",
  c.quota_resets_at as "quotaResetsAt"`;

/** The code a refused address is reported with (MarketoUnreachableError's code). */
export const ADDRESS_REFUSED = 'ADDRESS_REFUSED';

/** A URL refused by the outbound rules; carries a code as system errors do. */
class RefusedAddressError extends Error {
  readonly code = ADDRESS_REFUSED;
  constructor(message: string) {
    super(message);
    this.name = 'RefusedAddressError';
  }
}

/**
 * Checks a Marketo endpoint URL against the outbound rules without calling it: throws
 * RefusedUrlError with the reason (no address is named for a host name).
 */
export async function checkMarketoUrl(raw: string, allowPrivate: boolean): Promise<URL> {
  const target = await checkTarget(raw, allowPrivate);
  if (target.url.protocol !== 'https:' && !allowPrivate) {
    throw new RefusedUrlError(
      'the scheme must be https (http only with OUTBOUND_ALLOW_PRIVATE_NETWORKS=true)',
    );
  }
  if (target.url.search || target.url.hash) {
    throw new RefusedUrlError('the URL may have no query or fragment');
  }
  return target.url;
}

function headersOf(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/**
 * A fetch for Marketo that resolves and checks every call's host first, then connects to the
 * checked address itself (TLS still verifies the certificate against the host name).
 */
export function guardedFetch(allowPrivate: boolean): MarketoFetch {
  return async (raw, init) => {
    let target: Awaited<ReturnType<typeof checkTarget>>;
    try {
      target = await checkTarget(raw, allowPrivate);
    } catch (error) {
      throw new RefusedAddressError(
        error instanceof RefusedUrlError ? error.message : 'the URL was refused',
      );
    }
    const { url } = target;
    if (url.protocol !== 'https:' && !allowPrivate) {
      throw new RefusedAddressError('the scheme must be https');
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { host: url.host };
    new Headers(init.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const body = typeof init.body === 'string' ? Buffer.from(init.body) : undefined;
    if (body) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const req = request({
        host: target.address,
        family: target.family,
        port: url.port || (url.protocol === 'https:' ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: init.method ?? 'GET',
        ...(isIP(host) ? {} : { servername: host }),
        headers,
        agent: false,
        signal: init.signal ?? undefined,
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        // Node names the address it connected to; the host is named instead (or nothing).
        const failure = new Error(error.message.replaceAll(target.address, host));
        (failure as NodeJS.ErrnoException).code = error.code;
        reject(failure);
      });
      req.on('response', (res: IncomingMessage) => {
        const status = res.statusCode ?? 502;
        const noBody = status === 204 || status === 304 || init.method === 'HEAD';
        resolve(
          new Response(noBody ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), {
            status: status < 200 || status > 599 ? 502 : status,
            headers: headersOf(res),
          }),
        );
      });
      req.end(body);
    });
  };
}

export interface MarketoClientForOptions {
  /** Client timeouts (the credential check's identity timeout among them). */
  timeouts?: Partial<MarketoTimeouts>;
  retry?: Partial<MarketoRetryPolicy>;
  onCall?: MarketoClientOptions['onCall'];
  signal?: AbortSignal;
  /** Limiter settings beyond the connection's share (shorter windows in tests). */
  limiter?: Omit<
    Partial<LimiterSettings>,
    'workspaceId' | 'callsPer20Seconds' | 'concurrentCalls' | 'dailyCallBudget'
  >;
}

/** The connection row of a workspace (null: never connected), with its sealed secret. */
export async function readConnection(
  db: Queryable,
  workspaceId: string,
): Promise<(MarketoConnectionRow & { sealedSecret: string | null }) | null> {
  const { rows } = await db.query<MarketoConnectionRow & { sealedSecret: string | null }>(
    `select ${CONNECTION_COLUMNS}, c.client_secret_sealed as "sealedSecret"
       from marketo_connection c where c.workspace_id = $1`,
    [workspaceId],
  );
  return rows[0] ?? null;
}

/** The limiter of a workspace's connection: its share of the subscription's limits. */
export function limiterFor(
  deps: EngineDeps,
  connection: Pick<
    MarketoConnectionRow,
    'workspaceId' | 'callsPer20Seconds' | 'concurrentCalls' | 'dailyCallBudget'
  >,
  settings: MarketoClientForOptions['limiter'] = {},
): PgMarketoLimiter {
  return new PgMarketoLimiter(deps.database.pool, {
    ...settings,
    workspaceId: connection.workspaceId,
    callsPer20Seconds: connection.callsPer20Seconds,
    concurrentCalls: connection.concurrentCalls,
    dailyCallBudget: connection.dailyCallBudget,
  });
}

/**
 * The Marketo client of a workspace, built from its stored connection: null when the
 * workspace never connected or disconnected (its credentials are forgotten). The connection
 * is answered whatever its status (AUTH_FAILED, QUOTA_EXHAUSTED): the caller decides whether
 * to call. Throws SecretUnreadableError when the stored secret cannot be opened.
 */
export async function marketoClientFor(
  deps: EngineDeps,
  workspaceId: string,
  options: MarketoClientForOptions = {},
): Promise<{ client: MarketoClient; connection: MarketoConnectionRow } | null> {
  const row = await readConnection(deps.database.pool, workspaceId);
  if (!row || row.sealedSecret === null) return null;
  const { sealedSecret, ...connection } = row;
  const client = new MarketoClient({
    credentials: {
      restEndpoint: connection.restEndpoint,
      identityEndpoint: connection.identityEndpoint,
      clientId: connection.clientId,
      clientSecret: openSecret(deps.config.secretsKey, sealedSecret),
    },
    limiter: limiterFor(deps, connection, options.limiter),
    timeouts: options.timeouts,
    retry: options.retry,
    onCall: options.onCall,
    signal: options.signal,
    fetch: guardedFetch(deps.config.outboundAllowPrivateNetworks),
  });
  return { client, connection };
}
