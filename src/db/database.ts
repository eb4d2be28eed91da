import { MikroORM } from '@mikro-orm/postgresql';
import { Logger, runMigrations as runWorkerMigrations } from 'graphile-worker';
import pg from 'pg';
import type { Config } from '../config.js';
import {
  type EmbeddedDatabase,
  embeddedUrl,
  runningPostmaster,
  startEmbeddedPostgres,
} from './embedded.js';
import { ormConfig } from './orm-config.js';

/** The one stateful dependency: the ORM for entities and a pg pool for set-based SQL. */
export interface Database {
  url: string;
  orm: MikroORM;
  /** Raw connections for COPY, set-based SQL and LISTEN; the ORM keeps its own pool. */
  pool: pg.Pool;
  close(): Promise<void>;
}

// bigint columns come back as strings (ids); counts are cast to int in SQL where needed.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => value);

const EMBEDDED_DATABASE = 'audience_sync';

/** Applies the app's committed migrations and graphile-worker's own schema. */
export async function migrate(orm: MikroORM, url: string): Promise<void> {
  await orm.getMigrator().up();
  await runWorkerMigrations({ connectionString: url, logger: quietWorkerLogger });
}

/** graphile-worker logs every poll at debug; keep warnings and errors only. */
export const quietWorkerLogger = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.error(`[worker] ${message}`);
});

/** Connects to `url`, migrates, and returns the database handle. */
export async function connectDatabase(
  url: string,
  options: { poolSize?: number; onQuery?: (sql: string, params: unknown[]) => string } = {},
): Promise<Database> {
  const orm = await MikroORM.init(
    ormConfig(url, options.onQuery ? { onQuery: options.onQuery } : {}),
  );
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  pool.on('error', (error) => console.error('[db] idle client error', error.message));
  try {
    await migrate(orm, url);
  } catch (error) {
    await orm.close(true);
    await pool.end();
    throw error;
  }
  return {
    url,
    orm,
    pool,
    async close() {
      await orm.close(true);
      await pool.end();
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
    return { database: await connectDatabase(config.databaseUrl) };
  }
  const dataDir = `${config.dataDir}/postgres`;
  // The CLI works beside a running server: it connects to that server's embedded database.
  const running = options.shareRunning ? runningPostmaster(dataDir) : null;
  if (running) {
    return { database: await connectDatabase(embeddedUrl(running.port, EMBEDDED_DATABASE)) };
  }
  const embedded = await startEmbeddedPostgres({
    dataDir,
    port: config.embeddedPostgresPort,
  });
  try {
    const url = await ensureDatabase(embedded.url, EMBEDDED_DATABASE);
    return { database: await connectDatabase(url), embedded };
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
