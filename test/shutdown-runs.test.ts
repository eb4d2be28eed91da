import { rmSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { embeddedUrl } from '../src/db/embedded.js';
import {
  gqlAt,
  processesOf,
  RUN_NOW,
  type ServiceEnv,
  serviceEnv,
  servicePool,
  startService,
  syncedAudience,
} from './support/embedded-service.js';
import { type Child, printOutputs } from './support/processes.js';
import { cookie, Seed } from './support/sync-seed.js';
import { ecid, waitFor } from './support/util.js';

/**
 * A signal stops a sync run in flight at once rather than wait for it: its statement is
 * cancelled, nothing of it is applied, the service exits 0, and the run is retried after the
 * restart without counting the interrupted attempt.
 */
const children: Child[] = [];
let service: ServiceEnv;
let token: string;

beforeAll(async () => {
  // No upload drain: the forced exit comes 15 s after the signal.
  service = await serviceEnv('shutdown-runs', { SYNC_DEBOUNCE_MS: '50', SHUTDOWN_DRAIN_MS: '0' });
  const first = await startService(service, children, { first: true });
  token = first.token as string;
  first.child.process.kill('SIGTERM');
  expect(await first.child.exited).toBe(0);
}, 180_000);

afterAll(async () => {
  for (const child of children) {
    if (child.process.exitCode === null) child.process.kill('SIGKILL');
  }
  if (!service) return;
  for (const left of processesOf(service)) {
    try {
      process.kill(left.pid, 'SIGKILL');
    } catch {}
  }
  rmSync(service.dir, { recursive: true, force: true });
});

/** Waits until no run of the job is QUEUED or RUNNING; returns its runs, oldest first. */
function settledRuns(pool: pg.Pool, jobId: string) {
  return waitFor(
    async () => {
      const { rows } = await pool.query<{ id: string; status: string; attempts: number }>(
        'select id, status, attempts from sync_run where sync_job_id = $1 order by id',
        [jobId],
      );
      if (rows.some((r) => r.status === 'QUEUED' || r.status === 'RUNNING')) return undefined;
      return rows;
    },
    60_000,
    `the runs of sync job ${jobId} to end`,
  );
}

/** The list's lead ids, sorted. */
async function listLeads(pool: pg.Pool, listId: string): Promise<string[]> {
  const { rows } = await pool.query<{ lead_id: string }>(
    'select lead_id::text from list_membership where list_id = $1 order by lead_id',
    [listId],
  );
  return rows.map((row) => row.lead_id).sort();
}

describe('SIGTERM while a run resolves', () => {
  it('interrupts the run, exits 0, and the run completes once after the restart', async () => {
    onTestFailed(() => printOutputs(children));
    let started = await startService(service, children);
    let pool = servicePool(service);
    const blocker = new pg.Client(embeddedUrl(service.pgPort, 'audience_sync'));
    // The database stops under the blocker with the service.
    blocker.on('error', () => undefined);
    let job: Awaited<ReturnType<typeof syncedAudience>>;
    let added: string;
    try {
      const { rows } = await pool.query<{ id: string }>('select id from workspace');
      const seed = new Seed(pool, rows[0]?.id as string);
      await seed.integration();
      job = await syncedAudience(seed, started.url, token, 'Held', 3);
      expect((await settledRuns(pool, job.jobId)).map((r) => r.status)).toEqual(['SUCCEEDED']);
      expect(await listLeads(pool, job.listId)).toEqual(job.leadIds);
      // Matched since: only the next run puts this lead on the list.
      const audience = await pool.query<{ audience_id: string }>(
        'select audience_id from sync_job where id = $1',
        [job.jobId],
      );
      const audienceId = audience.rows[0]?.audience_id as string;
      added = await seed.lead('held-added@example.com');
      await seed.cookie(cookie('Held-added'), added);
      await seed.cookieSync(ecid(Number(audienceId) * 1000 + 500), cookie('Held-added'));
      await seed.members(audienceId, [ecid(Number(audienceId) * 1000 + 500)]);

      // The run is held in its resolution statement, which reads cookie_sync.
      await blocker.connect();
      await blocker.query('begin; lock table cookie_sync in access exclusive mode');
      await gqlAt(started.url, token, RUN_NOW, { id: job.globalId });
      await waitFor(
        async () => {
          const held = await pool.query(
            `select 1 from sync_run r
              where r.sync_job_id = $1 and r.status = 'RUNNING'
                and exists (select 1 from pg_stat_activity a
                             where a.datname = current_database() and a.wait_event_type = 'Lock'
                               and a.query like '%sync resolution%')`,
            [job.jobId],
          );
          return held.rows.length > 0 ? true : undefined;
        },
        30_000,
        'the run to wait in its resolution statement',
      );
      await pool.end();

      // The lock is still held when the service stops, and stays so.
      started.child.process.kill('SIGTERM');
      expect(await started.child.exited).toBe(0);
      expect(started.child.output()).not.toMatch(/did not finish in time|Unhandled|uncaught/i);
      expect(processesOf(service)).toEqual([]);
    } finally {
      await blocker.end().catch(() => undefined);
      await pool.end().catch(() => undefined);
    }

    // Back without a worker: the run waits for its retry, its attempt not counted, and
    // nothing of it was applied.
    started = await startService({ ...service, env: { ...service.env, ROLE: 'api' } }, children);
    pool = servicePool(service);
    try {
      const runs = await pool.query<{
        status: string;
        attempts: number;
        heartbeat_at: Date | null;
      }>('select status, attempts, heartbeat_at from sync_run where sync_job_id = $1 order by id', [
        job.jobId,
      ]);
      expect(runs.rows.map((r) => r.status)).toEqual(['SUCCEEDED', 'RUNNING']);
      expect(runs.rows[1]).toMatchObject({ attempts: 0, heartbeat_at: null });
      expect(await listLeads(pool, job.listId)).toEqual(job.leadIds);
      const waiting = await pool.query(
        `select 1 from graphile_worker.jobs where key = $1 and locked_at is null`,
        [`sync_job:${job.jobId}`],
      );
      expect(waiting.rowCount).toBe(1);
    } finally {
      await pool.end();
    }
    started.child.process.kill('SIGTERM');
    expect(await started.child.exited).toBe(0);

    // With its worker, the service completes the run, once.
    started = await startService(service, children);
    pool = servicePool(service);
    try {
      const runs = await settledRuns(pool, job.jobId);
      expect(runs.map((r) => [r.status, r.attempts])).toEqual([
        ['SUCCEEDED', 1],
        ['SUCCEEDED', 1],
      ]);
      expect(await listLeads(pool, job.listId)).toEqual([...job.leadIds, added].sort());
    } finally {
      await pool.end();
    }
    started.child.process.kill('SIGINT');
    expect(await started.child.exited).toBe(0);
    expect(processesOf(service)).toEqual([]);
  }, 240_000);
});
