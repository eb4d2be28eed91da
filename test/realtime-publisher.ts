/**
 * A stand-in worker process for the realtime tests and bench: publishes a run's progress
 * events for one sync job, paced, through the same publishSyncProgress a worker uses.
 * Usage: DATABASE_URL=... tsx test/realtime-publisher.ts <workspaceId> <syncJobId> <runId> <progressPerPhase> <pauseMs>
 */
import pg from 'pg';
import { publishSteps, runSteps } from './realtime-fixtures.js';

const [workspaceId, syncJobId, runId, perPhase, pauseMs] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
await publishSteps(
  pool,
  { workspaceId, syncJobId, runId, globalId: '' },
  runSteps(Number(perPhase)),
  Number(pauseMs),
);
await pool.end();
process.stdout.write('published\n');
