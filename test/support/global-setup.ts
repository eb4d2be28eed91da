import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildWebIfStale } from '../../scripts/build-web.js';
import { connectDatabase, ensureDatabase } from '../../src/db/database.js';
import { releaseEmbeddedSignalHandlers, startEmbeddedPostgres } from '../../src/db/embedded.js';
import { freePort } from './processes.js';

export const TEMPLATE_DATABASE = 'audience_sync_test_template';

/**
 * Starts one real PostgreSQL for the whole run (embedded, unless DATABASE_URL names a server),
 * and migrates a template database that every test file clones for itself.
 */
export default async function setup(project: TestProject) {
  // Once for every test file: the web app's tests need web/dist, and parallel builds would race.
  await buildWebIfStale();
  let serverUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!serverUrl) {
    const dir = mkdtempSync(path.join(tmpdir(), 'audience-sync-test-'));
    chmodSync(dir, 0o755);
    const embedded = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'data'),
      port: await freePort(),
      persistent: false,
    });
    // The run's exit code is vitest's (failures exit 1); the teardown below stops the database.
    releaseEmbeddedSignalHandlers();
    serverUrl = embedded.url;
    stop = async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const { default: pg } = await import('pg');
  const client = new pg.Client(admin.toString());
  await client.connect();
  await client.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
  await client.end();
  const templateUrl = await ensureDatabase(admin.toString(), TEMPLATE_DATABASE);
  const template = await connectDatabase(templateUrl);
  await template.close();
  project.provide('serverUrl', admin.toString());
  project.provide('templateDatabase', TEMPLATE_DATABASE);
  return stop;
}

declare module 'vitest' {
  export interface ProvidedContext {
    serverUrl: string;
    templateDatabase: string;
  }
}
