import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { embeddedUrl } from '../src/db/embedded.js';
import {
  gqlAt,
  processesOf,
  RUN_NOW,
  runStatuses,
  runWaitingOnListLock,
  type ServiceEnv,
  serviceEnv,
  servicePool,
  startService,
  syncedAudience,
} from './support/embedded-service.js';
import { type Child, PROJECT_ROOT, printOutputs } from './support/processes.js';
import { Seed } from './support/sync-seed.js';
import { waitFor } from './support/util.js';

/**
 * The service stopped by a signal with work in flight, on an embedded PostgreSQL it stops
 * last: every signal ends with exit 0 and nothing of it left running.
 */
const children: Child[] = [];
const npmRuns: ChildProcess[] = [];
let service: ServiceEnv;
let token: string;
let jobs: Awaited<ReturnType<typeof syncedAudience>>[] = [];

beforeAll(async () => {
  service = await serviceEnv('signals', { SYNC_DEBOUNCE_MS: '50' });
  const first = await startService(service, children, { first: true });
  token = first.token as string;
  const pool = servicePool(service);
  try {
    const { rows } = await pool.query<{ id: string }>('select id from workspace');
    const seed = new Seed(pool, rows[0]?.id as string);
    await seed.integration();
    jobs = [
      await syncedAudience(seed, first.url, token, 'SignalA', 3),
      await syncedAudience(seed, first.url, token, 'SignalB', 3),
    ];
    for (const job of jobs) await settledOk(pool, job.jobId);
  } finally {
    await pool.end();
  }
  first.child.process.kill('SIGTERM');
  await first.child.exited;
}, 180_000);

afterAll(async () => {
  for (const child of children) {
    if (child.process.exitCode === null) child.process.kill('SIGKILL');
  }
  for (const run of npmRuns) {
    if (run.exitCode === null && run.signalCode === null) run.kill('SIGKILL');
  }
  if (!service) return;
  for (const left of processesOf(service)) {
    try {
      process.kill(left.pid, 'SIGKILL');
    } catch {}
  }
  rmSync(service.dir, { recursive: true, force: true });
});

/** Waits until every run of the job has ended, and all of them SUCCEEDED. */
function settledOk(pool: pg.Pool, jobId: string) {
  return waitFor(
    async () => {
      const statuses = await runStatuses(pool, jobId);
      if (statuses.some((status) => status === 'QUEUED' || status === 'RUNNING')) return;
      expect(new Set(statuses)).toEqual(new Set(['SUCCEEDED']));
      return statuses;
    },
    60_000,
    `the runs of sync job ${jobId} to end`,
  );
}

/** Backends of the service's graphile-worker runners still LISTENing for new jobs. */
async function jobListeners(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
      where datname = current_database() and query like 'LISTEN "jobs:insert"%'`,
  );
  return rows[0]?.n ?? 0;
}

describe('SIGTERM with sync runs in flight', () => {
  it('exits 0 each time, with the runs finished and nothing left running', async () => {
    onTestFailed(() => printOutputs(children));
    for (let round = 0; round < 3; round++) {
      const { child, url } = await startService(service, children);
      const pool = servicePool(service);
      const blocker = new pg.Client(embeddedUrl(service.pgPort, 'audience_sync'));
      blocker.on('error', () => undefined);
      try {
        for (const job of jobs) await settledOk(pool, job.jobId);
        // graphile-worker issues its LISTEN once its listening connection is up, which on a
        // busy machine can come after the service answers: wait for it.
        await waitFor(
          async () => ((await jobListeners(pool)) > 0 ? true : undefined),
          20_000,
          'the runners to listen',
        );
        // The runs are held where they read the list while the service stops.
        await blocker.connect();
        await blocker.query('begin; lock table list_membership in access exclusive mode');
        for (const job of jobs) await gqlAt(url, token, RUN_NOW, { id: job.globalId });
        // One runs (held), the other waits its turn or runs too.
        await runWaitingOnListLock(pool);

        child.process.kill('SIGTERM');
        await child.waitFor(/SIGTERM: shutting down/);
        // The runners have stopped taking jobs and wait for the runs in flight ...
        await waitFor(
          async () => ((await jobListeners(pool)) === 0 ? true : undefined),
          20_000,
          'the runners to stop listening',
        );
        // ... when a run falls due (a debounced trigger's wakeup arrives).
        await pool.query(`select pg_notify('sync_wakeup', '0')`);
        await blocker.query('commit');
        await blocker.end();
        await pool.end();
        expect(await child.exited).toBe(0);
        expect(child.output()).not.toMatch(/nudge called|Unhandled|uncaught/i);
        expect(processesOf(service)).toEqual([]);
      } finally {
        await blocker.end().catch(() => undefined);
        await pool.end().catch(() => undefined);
      }
    }
    // The runs in flight at each SIGTERM finished then.
    const { child } = await startService(service, children);
    const pool = servicePool(service);
    try {
      for (const job of jobs) {
        expect(await settledOk(pool, job.jobId)).toEqual(Array(4).fill('SUCCEEDED'));
      }
    } finally {
      await pool.end();
    }
    child.process.kill('SIGINT');
    expect(await child.exited).toBe(0);
    expect(processesOf(service)).toEqual([]);
  }, 300_000);
});

/** Runs `npm start` in the project directory, as a person does, with the service's settings. */
function npmStart(): { run: ChildProcess; output: () => string; exited: Promise<unknown> } {
  const run = spawn('npm', ['start'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...service.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  npmRuns.push(run);
  let output = '';
  run.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  run.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  // 'exit', not 'close': a service left running would hold npm's pipes open.
  const exited = new Promise((resolve) =>
    run.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  return { run, output: () => output, exited };
}

describe('a signal to the `npm start` process', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: npm exits 0 and no node or postgres of the service is left`, async () => {
      const started = npmStart();
      onTestFailed(() => console.error(started.output()));
      await waitFor(
        async () => {
          if (started.run.exitCode !== null) throw new Error('npm start exited');
          return /GraphiQL at http/.test(started.output()) ? true : undefined;
        },
        120_000,
        'the service to start under npm',
      );
      // The service's own processes: npm, its shell, the service, its postgres.
      expect(processesOf(service).length).toBeGreaterThanOrEqual(2);
      // Only npm gets the signal (a process manager, `kill <pid>`), not its process group.
      started.run.kill(signal);
      expect(await started.exited).toBe(0);
      await waitFor(
        async () => (started.output().includes(`${signal}: shutting down`) ? true : undefined),
        5_000,
        'the shutdown line',
      );
      expect(processesOf(service)).toEqual([]);
    }, 180_000);
  }
});
