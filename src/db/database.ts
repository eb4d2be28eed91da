import { MikroORM } from '@mikro-orm/postgresql';
import { runMigrations as runWorkerMigrations } from 'graphile-worker';
import pg from 'pg';
import { type Config, loadConfig } from '../config.js';
import { logger, queueLogger } from '../observability/log.js';
import {
  type EmbeddedDatabase,
  embeddedUrl,
  runningPostmaster,
  startEmbeddedPostgres,
} from './embedded.js';
import { ormConfig } from './orm-config.js';

/**
 * The one stateful dependency: the ORM for entities and pg pools for set-based SQL. Each kind
 * of work has its own pool, sized by its share, so slow uploads or long runs can never take
 * the connections that requests (and their token checks) need.
 */
export interface Database {
  url: string;
  orm: MikroORM;
  /** GraphQL requests, token checks, triggers; the ORM keeps its own pool. */
  pool: pg.Pool;
  /** Bulk uploads (one connection each, held while the body streams). */
  uploadPool: pg.Pool;
  /** Exports (one connection each, held while the client reads), apart from uploads. */
  exportPool: pg.Pool;
  /** Sync runs (a dedicated connection each, plus heartbeats and progress). */
  runPool: pg.Pool;
  close(): Promise<void>;
}

/**
 * What the engine (sync runs and their triggers, webhook deliveries) needs of its process: the
 * settings and the database, never the whole composition (services, realtime) above it.
 */
export interface EngineDeps {
  readonly config: Config;
  readonly database: Database;
}

/** Pool sizes and timeouts (CONFIG: DB_POOL_SIZE, INGEST_CONNECTIONS, ...). */
export type PoolLimits = Pick<
  Config,
  | 'dbPoolSize'
  | 'ingestConnections'
  | 'exportConnections'
  | 'syncRunConnections'
  | 'dbAcquireTimeoutMs'
  | 'dbQueryTimeoutMs'
>;

function createPool(
  url: string,
  name: string,
  bounds: { max: number; acquireTimeoutMs: number; queryTimeoutMs: number },
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: bounds.max,
    // Waiting for a connection (or making one) fails after this instead of hanging forever.
    connectionTimeoutMillis: bounds.acquireTimeoutMs,
    // A statement the server does not answer in time fails; pg-pool then discards its client.
    query_timeout: bounds.queryTimeoutMs,
  });
  // An idle client whose backend dies reports here; the pool drops it and makes a new one.
  pool.on('error', (error) =>
    logger('db').warn({ pool: name, error: error.message }, 'idle connection lost'),
  );
  return pool;
}

// bigint columns come back as strings (ids); counts are cast to int in SQL where needed.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => value);

const EMBEDDED_DATABASE = 'audience_sync';

/** Applies the app's committed migrations and graphile-worker's own schema, one process at a time. */
export async function migrate(orm: MikroORM, url: string): Promise<void> {
  // Any number of processes may start at once on a new database: one migrates while the
  // others wait on this session lock, then find nothing left to do. The lock goes with the
  // session if the process dies.
  const lock = new pg.Client(url);
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    await lock.query(`select pg_advisory_lock(${MIGRATION_LOCK_SQL})`);
    await orm.getMigrator().up();
    await runWorkerMigrations({ connectionString: url, logger: queueLogger });
  } finally {
    await lock.end().catch(() => undefined);
  }
}

/** Advisory lock key held while a process migrates. */
const MIGRATION_LOCK_SQL = `hashtextextended('audience-sync:migrate', 0)`;

/** Connects to `url`, migrates, and returns the database handle. */
export async function connectDatabase(
  url: string,
  options: {
    poolSize?: number;
    limits?: Partial<PoolLimits>;
    onQuery?: (sql: string, params: unknown[]) => string;
  } = {},
): Promise<Database> {
  const limits: PoolLimits = { ...loadConfig({}), ...options.limits };
  if (options.poolSize) limits.dbPoolSize = options.poolSize;
  const orm = await MikroORM.init(
    ormConfig(url, {
      ...(options.onQuery ? { onQuery: options.onQuery } : {}),
      // The same bounds as the request pool: no ORM read may hang on a silent database.
      pool: { min: 0, max: 10, acquireTimeoutMillis: limits.dbAcquireTimeoutMs },
      driverOptions: {
        acquireConnectionTimeout: limits.dbAcquireTimeoutMs,
        connection: {
          connectionTimeoutMillis: limits.dbAcquireTimeoutMs,
          query_timeout: limits.dbQueryTimeoutMs,
        },
      },
    }),
  );
  const acquireTimeoutMs = limits.dbAcquireTimeoutMs;
  const pool = createPool(url, 'request', {
    max: limits.dbPoolSize,
    acquireTimeoutMs,
    queryTimeoutMs: limits.dbQueryTimeoutMs,
  });
  // An upload's COPY streams for as long as its body does, and a run holds its connection for
  // minutes of set-based SQL: no client-side statement timeout on either (an upload's own idle
  // and pace limits bound it instead).
  const uploadPool = createPool(url, 'upload', {
    max: limits.ingestConnections,
    acquireTimeoutMs,
    queryTimeoutMs: 0,
  });
  // An export streams for as long as its client reads: bounded by the reader's pace instead.
  const exportPool = createPool(url, 'export', {
    max: limits.exportConnections,
    acquireTimeoutMs,
    queryTimeoutMs: 0,
  });
  const runPool = createPool(url, 'run', {
    max: limits.syncRunConnections,
    acquireTimeoutMs,
    queryTimeoutMs: 0,
  });
  const closePools = () =>
    Promise.all([pool.end(), uploadPool.end(), exportPool.end(), runPool.end()]);
  try {
    await migrate(orm, url);
  } catch (error) {
    await orm.close(true);
    await closePools();
    throw error;
  }
  return {
    url,
    orm,
    pool,
    uploadPool,
    exportPool,
    runPool,
    async close() {
      await orm.close(true);
      await closePools();
    },
  };
}

/**
 * Opens the configured database: DATABASE_URL when set, otherwise an embedded PostgreSQL
 * with its data under `config.dataDir` (created on first start, reused after).
 */
export async function openDatabase(
  config: Config,
  options: { shareRunning?: boolean } = {},
): Promise<{ database: Database; embedded?: EmbeddedDatabase }> {
  if (config.databaseUrl) {
    return { database: await connectDatabase(config.databaseUrl, { limits: config }) };
  }
  const dataDir = `${config.dataDir}/postgres`;
  // The CLI works beside a running server: it connects to that server's embedded database.
  const running = options.shareRunning ? runningPostmaster(dataDir) : null;
  if (running) {
    return {
      database: await connectDatabase(embeddedUrl(running.port, EMBEDDED_DATABASE), {
        limits: config,
      }),
    };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir,
    port: config.embeddedPostgresPort,
  });
  try {
    const url = await ensureDatabase(embedded.url, EMBEDDED_DATABASE);
    return { database: await connectDatabase(url, { limits: config }), embedded };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

/** Creates database `name` on the server at `serverUrl` if missing; returns its URL. */
export async function ensureDatabase(
  serverUrl: string,
  name: string,
  template?: string,
): Promise<string> {
  const client = new pg.Client(serverUrl);
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      const quoted = `"${name.replaceAll('"', '""')}"`;
      const from = template ? ` template "${template.replaceAll('"', '""')}"` : '';
      await client.query(`create database ${quoted}${from}`);
    }
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
