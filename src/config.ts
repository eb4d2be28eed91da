/** Every environment variable of the service, parsed and typed in one place. */

import { isOrigin } from './net/origins.js';
import { defaultLogFormat, type LogFormat, type LogLevel } from './observability/log.js';

export type Role = 'all' | 'api' | 'worker';

export interface Config {
  port: number;
  host: string;
  /** Unset: start an embedded PostgreSQL whose data lives under `dataDir`. */
  databaseUrl: string | undefined;
  role: Role;
  /**
   * API processes serving HTTP, SSE and WebSockets on the one port (node's cluster module);
   * above 1, a primary process supervises them (and runs the sync worker for ROLE=all).
   */
  apiProcesses: number;
  syncDebounceMs: number;
  syncReconcileIntervalMs: number;
  progressThrottleMs: number;
  dataDir: string;
  embeddedPostgresPort: number;
  logLevel: LogLevel;
  /** JSON lines, or lines for a person (the default on a terminal). */
  logFormat: LogFormat;
  /** Where a process serves /metrics and its probes besides the API (workers); null: off. */
  metricsPort: number | null;
  /** Pooled connections for GraphQL requests, token checks and triggers. */
  dbPoolSize: number;
  /** Connections bulk uploads may hold at once (their own pool, so they never starve requests). */
  ingestConnections: number;
  /** Connections sync runs may hold at once in a worker process (their own pool). */
  syncRunConnections: number;
  /** Longest wait for a pooled connection (or a new one) before answering 503. */
  dbAcquireTimeoutMs: number;
  /** Longest a request's statement may take before the request answers 503. */
  dbQueryTimeoutMs: number;
  /** An upload whose body sends nothing for this long is cut off with 408. */
  ingestIdleTimeoutMs: number;
  /** An upload slower than this, averaged over `ingestRateWindowMs`, is cut off with 408. */
  ingestMinBytesPerSecond: number;
  ingestRateWindowMs: number;
  /** On SIGTERM/SIGINT, how long in-flight uploads may run before they are answered 503. */
  shutdownDrainMs: number;
  /** Browser origins allowed to call the API (CORS); empty: same origin only. */
  corsOrigins: string[];
  /** Browser beacon calls a minute one client address may make with one publishable key. */
  munchkinRateLimit: number;
  /** The address tracked email links carry (`<publicUrl>/t/<token>`), without a trailing slash. */
  publicUrl: string;
  /** Answers of read queries kept per api process (least recently used go first); 0: no cache. */
  responseCacheMaxEntries: number;
  /** Longest a cached answer is served, even when nothing announced a change. */
  responseCacheTtlMs: number;
  /** How long a token lookup is reused within a process (revocation drops it at once); 0: never. */
  tokenCacheTtlMs: number;
  /** Membership history older than this many days is deleted by the hourly retention task. */
  historyRetentionDays: number;
  /** Attempts of a webhook delivery before it ends FAILED. */
  webhookMaxAttempts: number;
  /**
   * Whether outbound calls (webhooks, Marketo) may reach loopback and private addresses over
   * http or https (never link-local/metadata): OUTBOUND_ALLOW_PRIVATE_NETWORKS, or the older
   * WEBHOOK_ALLOW_PRIVATE_NETWORKS.
   */
  outboundAllowPrivateNetworks: boolean;
  /** How long after a change of a mirrored list its CHANGES push starts (debounce). */
  marketoPushDebounceMs: number;
  /** How often each mirror is reconciled against the Marketo list's real members. */
  marketoReconcileIntervalMs: number;
  /**
   * The key that seals stored outbound credentials (Marketo client secrets) with AES-256-GCM:
   * SECRETS_KEY, 32 bytes as base64 or hex; null when unset (secrets are then stored as given,
   * still never readable through any field, log line, export or error).
   */
  secretsKey: Buffer | null;
  /** Attempts of one workspace's deliveries a worker process sends at once. */
  webhookInFlightPerWorkspace: number;
  /** Attempts to one receiver (a URL's host and port) a worker process sends at once. */
  webhookInFlightPerReceiver: number;
  /** Connections exports may hold at once (their own pool, apart from uploads and requests). */
  exportConnections: number;
  /** Exports one workspace may stream at once in an api process; one more gets 503. */
  exportConnectionsPerWorkspace: number;
  /** A full run whose match rate falls by more than this percent of the previous one's is announced. */
  matchRateDropPercent: number;
  /** How long the held parts of an Audience Manager full set wait for the rest of the set. */
  aamFullSetExpiryMs: number;
  /** Most bytes of Audience Manager full-set parts one workspace may hold at once. */
  aamFullSetMaxBytes: number;
}

/**
 * A start-up failure the operator can fix (a bad value, a port in use, an unreachable
 * database): main prints its message as one line and exits 1.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** A bad environment value; main prints its message and exits 1. */
export class ConfigError extends StartupError {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) {
    throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  }
  const value = Number(raw.trim());
  if (value < min || value > max) {
    throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  }
  return value;
}

function oneOf<T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function databaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(
      `DATABASE_URL must use postgres:// or postgresql://, got ${url.protocol}`,
    );
  }
  return raw;
}

/** A comma-separated list of origins (`https://shop.example`, scheme, host and port only). */
function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    if (!isOrigin(value)) {
      throw new ConfigError(
        `${name} must list origins like https://shop.example (scheme, host and port, no path), got "${value}"`,
      );
    }
    return value;
  });
}

/** PUBLIC_URL: an http(s) address without query or fragment; default `http://HOST:PORT`. */
function publicUrl(env: NodeJS.ProcessEnv, host: string, port: number): string {
  const raw = env.PUBLIC_URL?.trim();
  if (!raw) return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.search || url.hash) {
    throw new ConfigError(
      `PUBLIC_URL must be an http:// or https:// address without query or fragment, got "${raw}"`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/** A 32-byte key given as base64 or hex; null when unset. */
function secretsKey(env: NodeJS.ProcessEnv, name: string): Buffer | null {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return null;
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    throw new ConfigError(`${name} must be 32 bytes as base64 or 64 hex digits`);
  }
  return key;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

/** Reads the configuration from `env`; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env.HOST?.trim() || '127.0.0.1';
  const port = integer(env, 'PORT', 4000, 0, 65535);
  const role = oneOf(env, 'ROLE', ['all', 'api', 'worker'] as const, 'all');
  const apiProcesses = integer(env, 'API_PROCESSES', 1, 1, 64);
  if (apiProcesses > 1 && role === 'worker') {
    throw new ConfigError('API_PROCESSES above 1 needs ROLE all or api (a worker serves no API)');
  }
  return {
    port,
    host,
    databaseUrl: databaseUrl(env),
    role,
    apiProcesses,
    syncDebounceMs: integer(env, 'SYNC_DEBOUNCE_MS', 2000, 0, 3_600_000),
    syncReconcileIntervalMs: integer(
      env,
      'SYNC_RECONCILE_INTERVAL_MS',
      3_600_000,
      1000,
      2_147_483_647,
    ),
    progressThrottleMs: integer(env, 'PROGRESS_THROTTLE_MS', 250, 0, 60_000),
    dataDir: env.DATA_DIR?.trim() || '.data',
    embeddedPostgresPort: integer(env, 'EMBEDDED_PG_PORT', 54329, 1, 65535),
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['silent', 'error', 'warn', 'info', 'debug'] as const,
      'info',
    ),
    logFormat: oneOf(env, 'LOG_FORMAT', ['json', 'pretty'] as const, defaultLogFormat()),
    metricsPort:
      env.METRICS_PORT === undefined || env.METRICS_PORT.trim() === ''
        ? null
        : integer(env, 'METRICS_PORT', 0, 0, 65535),
    dbPoolSize: integer(env, 'DB_POOL_SIZE', 10, 1, 1000),
    ingestConnections: integer(env, 'INGEST_CONNECTIONS', 4, 1, 1000),
    syncRunConnections: integer(env, 'SYNC_RUN_CONNECTIONS', 6, 2, 1000),
    dbAcquireTimeoutMs: integer(env, 'DB_ACQUIRE_TIMEOUT_MS', 3000, 100, 600_000),
    dbQueryTimeoutMs: integer(env, 'DB_QUERY_TIMEOUT_MS', 30_000, 100, 3_600_000),
    ingestIdleTimeoutMs: integer(env, 'INGEST_IDLE_TIMEOUT_MS', 30_000, 100, 3_600_000),
    ingestMinBytesPerSecond: integer(env, 'INGEST_MIN_BYTES_PER_SECOND', 1024, 0, 1_000_000_000),
    ingestRateWindowMs: integer(env, 'INGEST_RATE_WINDOW_MS', 10_000, 100, 3_600_000),
    shutdownDrainMs: integer(env, 'SHUTDOWN_DRAIN_MS', 10_000, 0, 600_000),
    corsOrigins: origins(env, 'CORS_ORIGINS'),
    munchkinRateLimit: integer(env, 'MUNCHKIN_RATE_LIMIT', 120, 1, 1_000_000),
    publicUrl: publicUrl(env, host, port),
    responseCacheMaxEntries: integer(env, 'RESPONSE_CACHE_MAX_ENTRIES', 1000, 0, 1_000_000),
    responseCacheTtlMs: integer(env, 'RESPONSE_CACHE_TTL_MS', 60_000, 1, 86_400_000),
    tokenCacheTtlMs: integer(env, 'TOKEN_CACHE_TTL_MS', 10_000, 0, 3_600_000),
    historyRetentionDays: integer(env, 'HISTORY_RETENTION_DAYS', 90, 1, 36_500),
    webhookMaxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS', 8, 1, 100),
    outboundAllowPrivateNetworks:
      flag(env, 'OUTBOUND_ALLOW_PRIVATE_NETWORKS', false) ||
      flag(env, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS', false),
    marketoPushDebounceMs: integer(env, 'MARKETO_PUSH_DEBOUNCE_MS', 5000, 0, 3_600_000),
    marketoReconcileIntervalMs: integer(
      env,
      'MARKETO_RECONCILE_INTERVAL_MS',
      86_400_000,
      1000,
      2_147_483_647,
    ),
    secretsKey: secretsKey(env, 'SECRETS_KEY'),
    webhookInFlightPerWorkspace: integer(env, 'WEBHOOK_IN_FLIGHT_PER_WORKSPACE', 2, 1, 1000),
    webhookInFlightPerReceiver: integer(env, 'WEBHOOK_IN_FLIGHT_PER_RECEIVER', 2, 1, 1000),
    exportConnections: integer(env, 'EXPORT_CONNECTIONS', 4, 1, 1000),
    exportConnectionsPerWorkspace: integer(env, 'EXPORT_CONNECTIONS_PER_WORKSPACE', 2, 1, 1000),
    matchRateDropPercent: integer(env, 'MATCH_RATE_DROP_PERCENT', 20, 0, 100),
    aamFullSetExpiryMs: integer(env, 'AAM_FULL_SET_EXPIRY_MS', 86_400_000, 1000, 2_592_000_000),
    aamFullSetMaxBytes: integer(env, 'AAM_FULL_SET_MAX_BYTES', 1024 * 1024 * 1024, 1, 1024 ** 4),
  };
}

/** Every variable the service reads. */
export const VARIABLES = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'ROLE',
  'API_PROCESSES',
  'SYNC_DEBOUNCE_MS',
  'SYNC_RECONCILE_INTERVAL_MS',
  'PROGRESS_THROTTLE_MS',
  'DATA_DIR',
  'EMBEDDED_PG_PORT',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'METRICS_PORT',
  'DB_POOL_SIZE',
  'INGEST_CONNECTIONS',
  'SYNC_RUN_CONNECTIONS',
  'DB_ACQUIRE_TIMEOUT_MS',
  'DB_QUERY_TIMEOUT_MS',
  'INGEST_IDLE_TIMEOUT_MS',
  'INGEST_MIN_BYTES_PER_SECOND',
  'INGEST_RATE_WINDOW_MS',
  'SHUTDOWN_DRAIN_MS',
  'CORS_ORIGINS',
  'MUNCHKIN_RATE_LIMIT',
  'PUBLIC_URL',
  'RESPONSE_CACHE_MAX_ENTRIES',
  'RESPONSE_CACHE_TTL_MS',
  'TOKEN_CACHE_TTL_MS',
  'HISTORY_RETENTION_DAYS',
  'WEBHOOK_MAX_ATTEMPTS',
  'WEBHOOK_ALLOW_PRIVATE_NETWORKS',
  'OUTBOUND_ALLOW_PRIVATE_NETWORKS',
  'MARKETO_PUSH_DEBOUNCE_MS',
  'MARKETO_RECONCILE_INTERVAL_MS',
  'SECRETS_KEY',
  'WEBHOOK_IN_FLIGHT_PER_WORKSPACE',
  'WEBHOOK_IN_FLIGHT_PER_RECEIVER',
  'EXPORT_CONNECTIONS',
  'EXPORT_CONNECTIONS_PER_WORKSPACE',
  'MATCH_RATE_DROP_PERCENT',
  'AAM_FULL_SET_EXPIRY_MS',
  'AAM_FULL_SET_MAX_BYTES',
] as const;

// Prefixes only this service's settings use; an unknown name under one is likely a typo.
const OUR_PREFIXES = [
  'SYNC_',
  'INGEST_',
  'DB_',
  'EMBEDDED_PG_',
  'PROGRESS_',
  'SHUTDOWN_',
  'CORS_',
  'MUNCHKIN_',
  'RESPONSE_CACHE_',
  'TOKEN_CACHE_',
  'HISTORY_',
  'WEBHOOK_',
  'EXPORT_',
  'MATCH_RATE_',
  'AAM_',
  'METRICS_',
  'OUTBOUND_',
  'MARKETO_',
  'SECRETS_',
];

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/**
 * Warnings for variables that look like ours but are not (`ROLLE=worker`): a misspelled
 * setting would otherwise be ignored without a word. A name counts as a look-alike when it is
 * one edit from ours (two for names over six characters) or starts with one of our prefixes.
 */
export function lookalikeWarnings(env: NodeJS.ProcessEnv = process.env): string[] {
  const known = new Set<string>(VARIABLES);
  const warnings: string[] = [];
  for (const name of Object.keys(env)) {
    if (known.has(name)) continue;
    const closest = VARIABLES.map((ours) => ({ ours, distance: editDistance(name, ours) })).sort(
      (x, y) => x.distance - y.distance,
    )[0];
    const near = closest.distance <= (closest.ours.length > 6 ? 2 : 1);
    if (near || OUR_PREFIXES.some((prefix) => name.startsWith(prefix))) {
      warnings.push(
        `Warning: ${name} is not a setting of this service${near ? `; did you mean ${closest.ours}?` : ''}`,
      );
    }
  }
  return warnings;
}
