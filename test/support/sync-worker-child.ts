/**
 * A sync worker in its own process, against the database named by DATABASE_URL: the tests
 * kill it with SIGKILL mid-run, or run two of them side by side.
 */
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/database.js';

const url = process.env.DATABASE_URL as string;
const database = await connectDatabase(url, { poolSize: 4 });
const app = await createApp(
  { ...loadConfig(process.env), role: 'worker', logLevel: 'silent' },
  { database, worker: { heartbeatMs: 200, staleAfterMs: 1_000, watchdogMs: 300 } },
);
process.stdout.write('ready\n');
process.on('SIGTERM', async () => {
  await app.stop();
  await database.close();
  process.exit(0);
});
