/** Every environment variable of the service, parsed and typed in one place. */

export type Role = 'all' | 'api' | 'worker';

export interface Config {
  port: number;
  host: string;
  /** Unset: start an embedded PostgreSQL whose data lives under `dataDir`. */
  databaseUrl: string | undefined;
  role: Role;
  syncDebounceMs: number;
  syncReconcileIntervalMs: number;
  progressThrottleMs: number;
  dataDir: string;
  embeddedPostgresPort: number;
  logLevel: 'silent' | 'info' | 'debug';
}

/** A bad environment value; main prints its message and exits 1. */
export class ConfigError extends Error {
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

/** Reads the configuration from `env`; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env.HOST?.trim() || '127.0.0.1';
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    host,
    databaseUrl: databaseUrl(env),
    role: oneOf(env, 'ROLE', ['all', 'api', 'worker'] as const, 'all'),
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
    logLevel: oneOf(env, 'LOG_LEVEL', ['silent', 'info', 'debug'] as const, 'info'),
  };
}
