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
 * The one stateful dependency: pg pools, every read and write of the running service being
 * plain SQL on one of them. Each kind of work has its own pool, sized by its share, so slow
 * uploads or long runs can never take the connections that requests (and their token checks)
 * need. The ORM only migrates, at start-up, and is closed before this handle exists.
 */
export interface Database {
  url: string;
  /** GraphQL requests and their writes, token checks, triggers, the CLI's verbs. */
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
  sessionOptions?: string,
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    // Server settings sent with the connection's start-up packet (libpq's `options`).
    options: sessionOptions,
    max: bounds.max,
    // Waiting for a connection (or making one) fails after this instead of hanging forever.
    connectionTimeoutMillis: bounds.acquireTimeoutMs,
    // A statement the server does not answer in time fails; pg-pool then discards its client.
    query_timeout: bounds.queryTimeoutMs,
  });
  // An idle client whose backend dies reports here; the pool drops it and makes a new one.
  // Once the pool is ending (the process stops), a backend ended by the database stopping is
  // expected: no warning then.
  pool.on('error', (error) => {
    const fields = { pool: name, error: error.message };
    if (pool.ending) logger('db').debug(fields, 'idle connection lost while stopping');
    else logger('db').warn(fields, 'idle connection lost');
  });
  return pool;
}

/**
 * Settings of every sync run connection, sent as it connects (the start-up packet, so no
 * statement runs ahead of the connection's first user): PostgreSQL takes temp_buffers only
 * before the session's first temporary table. A run stages its matched leads in temporary
 * tables (src/sync/resolve.ts: prepareStage), a few hundred thousand rows at 1,000,000 ECIDs;
 * with the default 8 MB of local buffers, their pages were written out to temporary files
 * (each checksummed on the way) and read back for the list's write. With 64 MB, INITIAL at
 * 1,000,000 ECIDs measured 1.18x its bare statement instead of 1.26x (medians of six
 * alternated rounds on one database). The server takes that memory as a session's temporary
 * tables grow, up to 64 MB on each of SYNC_RUN_CONNECTIONS connections.
 */
const RUN_SESSION_OPTIONS = '-c temp_buffers=64MB';

/** How long endPool waits for the pool's sockets to close before it returns anyway. */
const POOL_END_WAIT_MS = 5_000;

/**
 * Ends a pg pool and waits until each of its connections has closed its socket. pg-pool's
 * end() resolves once its clients are asked to end, before their sockets close: a database
 * stopped right after (the embedded one, last in a shutdown) would then end backends still
 * connected, and each would report as a lost connection. Bounded: a socket that does not
 * close within POOL_END_WAIT_MS is left to close on its own.
 */
export async function endPool(pool: pg.Pool): Promise<void> {
  const closing = new Set<Promise<void>>();
  const track = (client: pg.PoolClient) => {
    const closed = new Promise<void>((resolve) => client.once('end', () => resolve()));
    closing.add(closed);
  };
  // Every client of the pool (idle or still in use): pg-pool keeps them in _clients.
  const clients = (pool as unknown as { _clients?: pg.PoolClient[] })._clients ?? [];
  for (const client of clients) track(client);
  pool.on('connect', track);
  try {
    await pool.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(closing),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, POOL_END_WAIT_MS);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  } finally {
    pool.off('connect', track);
  }
}

// bigint columns come back as strings (ids); counts are cast to int in SQL where needed.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => value);

const EMBEDDED_DATABASE = 'audience_sync';

/**
 * Applies the app's committed migrations (MikroORM's migrator) and graphile-worker's own
 * schema, one process at a time. The ORM lives only as long as this: its connections close
 * when the migration ends, and nothing at run time goes through it.
 */
async function migrate(
  url: string,
  limits: Pick<PoolLimits, 'dbAcquireTimeoutMs' | 'dbQueryTimeoutMs'>,
): Promise<void> {
  const orm = await MikroORM.init(
    ormConfig(url, {
      // The migrator sends one statement at a time, in its transaction or before and after
      // it: two connections are enough.
      pool: { min: 0, max: 2, acquireTimeoutMillis: limits.dbAcquireTimeoutMs },
      // The bounds of the request pool: no migration step may hang on a silent database.
      driverOptions: {
        acquireConnectionTimeout: limits.dbAcquireTimeoutMs,
        connection: {
          connectionTimeoutMillis: limits.dbAcquireTimeoutMs,
          query_timeout: limits.dbQueryTimeoutMs,
        },
      },
    }),
  );
  // Any number of processes may start at once on a new database: one migrates while the
  // others wait on this session lock, then find nothing left to do. The lock goes with the
  // session if the process dies.
  const lock = new pg.Client(url);
  lock.on('error', () => undefined);
  try {
    await lock.connect();
    await lock.query(`select pg_advisory_lock(${MIGRATION_LOCK_SQL})`);
    await orm.getMigrator().up();
    await runWorkerMigrations({ connectionString: url, logger: queueLogger });
  } finally {
    await lock.end().catch(() => undefined);
    await orm.close(true);
  }
}

/** Advisory lock key held while a process migrates. */
const MIGRATION_LOCK_SQL = `hashtextextended('audience-sync:migrate', 0)`;

/** Connects to `url`, migrates, and returns the database handle. */
export async function connectDatabase(
  url: string,
  options: { poolSize?: number; limits?: Partial<PoolLimits> } = {},
): Promise<Database> {
  const limits: PoolLimits = { ...loadConfig({}), ...options.limits };
  if (options.poolSize) limits.dbPoolSize = options.poolSize;
  await migrate(url, limits);
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
  const runPool = createPool(
    url,
    'run',
    { max: limits.syncRunConnections, acquireTimeoutMs, queryTimeoutMs: 0 },
    RUN_SESSION_OPTIONS,
  );
  return {
    url,
    pool,
    uploadPool,
    exportPool,
    runPool,
    async close() {
      await Promise.all([pool, uploadPool, exportPool, runPool].map(endPool));
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
