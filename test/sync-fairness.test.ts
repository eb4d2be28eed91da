import { decodeGlobalID } from '@pothos/plugin-relay';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SyncScheduler, type SyncWorkerOptions, startSyncWorker } from '../src/sync/worker.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { cookie, gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';
import { ecid, waitFor } from './support/util.js';

/**
 * How the sync queue shares its slots between workspaces: a workspace executes one run at a
 * time, whichever worker holds it, so a workspace with a backlog of long full runs leaves the
 * other slots to everyone else; a burst of its triggers folds into one queued run per sync
 * job; a waiting run goes before those of workspaces with more queued, running or served
 * since their line was empty, so busy workspaces take turns; within a workspace, INCREMENTAL
 * runs go before full ones.
 *
 * No worker runs in the app: each test starts (and stops) its own with startSyncWorker, so
 * runs can be queued while no worker executes them.
 */

let t: TestApp;
let nextEcid = 1;
let worker: SyncScheduler | null = null;

beforeAll(async () => {
  t = await startTestApp({ config: { syncDebounceMs: 50 } });
});
afterEach(async () => {
  await worker?.stop();
  worker = null;
});
afterAll(() => t?.close());

async function startWorker(options: SyncWorkerOptions = {}): Promise<void> {
  await worker?.stop();
  worker = await startSyncWorker(t.app, { watchdogMs: 500, ...options });
}

async function stopWorker(): Promise<void> {
  await worker?.stop();
  worker = null;
  // A stopped worker leaves no job locked: one would hold its workspace's queue until the
  // watchdog of another worker freed it.
  const { rows } = await t.database.pool.query(
    `select id from graphile_worker.jobs where task_identifier = 'sync_run' and locked_at is not null`,
  );
  expect(rows).toEqual([]);
}

interface Synced {
  ws: TestWorkspace;
  seed: Seed;
  jobId: string;
  listId: string;
  cookieId: string;
}

async function workspace(): Promise<{ ws: TestWorkspace; seed: Seed }> {
  const ws = await t.workspace();
  const seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
  return { ws, seed };
}

/**
 * A sync job whose audience holds one matched lead and one ECID whose cookie has no lead yet
 * (`cookieId`: associating it adds a lead, an INCREMENTAL run). Its INITIAL run is queued;
 * the caller waits for it when a worker runs.
 */
async function syncJob(ws: TestWorkspace, seed: Seed, name: string): Promise<Synced> {
  const audience = await seed.audience(name);
  const matched = ecid(nextEcid++);
  const pending = ecid(nextEcid++);
  const lead = await seed.lead(`${name}@example.com`.toLowerCase());
  await seed.cookie(cookie(`${name}-matched`), lead);
  await seed.cookieSync(matched, cookie(`${name}-matched`));
  await seed.cookie(cookie(`${name}-pending`));
  await seed.cookieSync(pending, cookie(`${name}-pending`));
  await seed.members(audience, [matched, pending]);
  const job = startedJob(
    await startSync(t, ws.token, {
      audienceId: gid('Audience', audience),
      newListName: `${name} list`,
    }),
  );
  return {
    ws,
    seed,
    jobId: decodeGlobalID(job.id).id,
    listId: decodeGlobalID(job.list.id).id,
    cookieId: cookie(`${name}-pending`),
  };
}

async function runNow(sync: Synced): Promise<void> {
  const res = await t.gql(
    'mutation RunNowForFairness($id: ID!) { runSyncJobNow(input: { id: $id }) { __typename } }',
    { id: gid('SyncJob', sync.jobId) },
    sync.ws.token,
  );
  expect(res.data).toEqual({ runSyncJobNow: { __typename: 'RunSyncJobNowSuccess' } });
}

/** A new lead on the job's pending cookie: an INCREMENTAL trigger, as a form fill makes it. */
async function associate(sync: Synced, email: string): Promise<void> {
  const res = await t.gql(
    `mutation AssociateForFairness($input: AssociateLeadInput!) {
       associateLead(input: $input) { __typename }
     }`,
    { input: { cookieId: sync.cookieId, email, source: 'API' } },
    sync.ws.token,
  );
  expect(res.data).toEqual({ associateLead: { __typename: 'AssociateLeadSuccess' } });
}

async function runs(jobIds: string[]) {
  const { rows } = await t.database.pool.query<{
    id: string;
    sync_job_id: string;
    trigger: string;
    status: string;
    started_at: Date | null;
  }>(
    `select id, sync_job_id, trigger, status, started_at from sync_run
     where sync_job_id = any($1::bigint[]) order by id`,
    [jobIds],
  );
  return rows;
}

/** Waits until the job's graphile job is due (a debounced INCREMENTAL one waits a moment). */
async function due(sync: Synced): Promise<void> {
  await waitFor(
    async () => {
      const { rows } = await t.database.pool.query(
        `select 1 from graphile_worker.jobs where key = $1 and run_at <= now()`,
        [`sync_job:${sync.jobId}`],
      );
      return rows.length > 0 ? true : undefined;
    },
    10_000,
    `the run of sync job ${sync.jobId} to fall due`,
  );
}

/** Waits until a run's claim waits for the row lock a test holds on its sync job. */
async function claimWaiting(): Promise<void> {
  await waitFor(
    async () => {
      const { rows } = await t.database.pool.query(
        `select 1 from pg_stat_activity
         where wait_event_type = 'Lock' and query like '%from sync_job where id = $1 for update'`,
      );
      return rows.length > 0 ? true : undefined;
    },
    20_000,
    'a run to wait at its claim',
  );
}

describe('a busy workspace', () => {
  it("leaves a slot to another workspace: B's incremental run completes while A's six full runs wait", async () => {
    const a = await workspace();
    const b = await workspace();
    await startWorker();
    const onB = await syncJob(b.ws, b.seed, 'FairB');
    const onA: Synced[] = [];
    for (let i = 0; i < 6; i++) onA.push(await syncJob(a.ws, a.seed, `FairA${i}`));
    for (const sync of [onB, ...onA]) await settled(t, sync.ws.token, sync.jobId, 30_000);

    // Six full runs of A queued while no worker runs, then held at their claim: the claim
    // locks the sync job's row, which this transaction holds until the end of the test.
    await stopWorker();
    for (const sync of onA) await runNow(sync);
    const held = onA.map((sync) => sync.jobId);
    const blocker = new pg.Client(t.databaseUrl);
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('select 1 from sync_job where id = any($1::bigint[]) for update', [held]);
      // The default worker: 2 slots.
      await startWorker();
      await claimWaiting();

      await associate(onB, 'fair-b-new@example.com');
      const run = await waitFor(
        async () => {
          const latest = (await runs([onB.jobId])).at(-1);
          return latest?.trigger === 'INCREMENTAL' && latest.status === 'SUCCEEDED'
            ? latest
            : undefined;
        },
        20_000,
        "B's incremental run to succeed",
      );
      expect(run.status).toBe('SUCCEEDED');
      expect(Object.keys(await onB.seed.listMembers(onB.listId))).toHaveLength(2);

      // A's six runs are all still waiting, and A holds one slot, not both.
      const manual = (await runs(held)).filter((r) => r.trigger === 'MANUAL');
      expect(manual.map((r) => r.status)).toEqual(Array(6).fill('QUEUED'));
      const locked = await t.database.pool.query<{ count: number }>(
        `select count(*)::int as count from graphile_worker.jobs
         where task_identifier = 'sync_run' and queue_name = $1 and locked_at is not null`,
        [`sync_workspace:${a.ws.id}`],
      );
      expect(locked.rows[0]?.count).toBe(1);
    } finally {
      await blocker.query('rollback').catch(() => {});
      await blocker.end();
    }
    // Released, A's runs all complete, one after another.
    for (const sync of onA) await settled(t, sync.ws.token, sync.jobId, 30_000);
    const manual = (await runs(held)).filter((r) => r.trigger === 'MANUAL');
    expect(manual.map((r) => r.status)).toEqual(Array(6).fill('SUCCEEDED'));
  });
});

describe('a burst of re-runs and starts', () => {
  it('folds into one queued run per sync job and still holds one slot', async () => {
    const a = await workspace();
    const b = await workspace();
    await startWorker();
    const onB = await syncJob(b.ws, b.seed, 'BurstB');
    const [held, ...others] = [
      await syncJob(a.ws, a.seed, 'BurstA0'),
      await syncJob(a.ws, a.seed, 'BurstA1'),
      await syncJob(a.ws, a.seed, 'BurstA2'),
    ] as [Synced, ...Synced[]];
    for (const sync of [onB, held, ...others]) await settled(t, sync.ws.token, sync.jobId, 30_000);
    await stopWorker();

    // One run of A held at its claim; A's other jobs stay free to take triggers.
    await runNow(held);
    const blocker = new pg.Client(t.databaseUrl);
    await blocker.connect();
    const started: Synced[] = [];
    try {
      await blocker.query('begin');
      await blocker.query('select 1 from sync_job where id = $1 for update', [held.jobId]);
      await startWorker();
      await claimWaiting();

      // Ten re-runs of each other job of A, and two new syncs of A, all at once.
      await Promise.all([
        ...others.flatMap((sync) => Array.from({ length: 10 }, () => runNow(sync))),
        ...[0, 1].map(async (i) => {
          started.push(await syncJob(a.ws, a.seed, `BurstNew${i}`));
        }),
      ]);
      await associate(onB, 'burst-b-new@example.com');
      await waitFor(
        async () => {
          const latest = (await runs([onB.jobId])).at(-1);
          return latest?.trigger === 'INCREMENTAL' && latest.status === 'SUCCEEDED'
            ? true
            : undefined;
        },
        20_000,
        "B's incremental run to succeed",
      );

      const waiting = await runs([...others, ...started].map((sync) => sync.jobId));
      // By job: the two new syncs start concurrently, so their runs' ids may come in either order.
      expect(
        waiting
          .filter((r) => r.status !== 'SUCCEEDED')
          .sort((x, y) => Number(x.sync_job_id) - Number(y.sync_job_id))
          .map((r) => [r.sync_job_id, r.trigger, r.status]),
      ).toEqual([
        ...others.map((sync) => [sync.jobId, 'MANUAL', 'QUEUED']),
        ...started
          .map((sync) => sync.jobId)
          .sort((x, y) => Number(x) - Number(y))
          .map((id) => [id, 'INITIAL', 'QUEUED']),
      ]);
      const line = await t.database.pool.query<{ running: number; waiting: number }>(
        `select count(*) filter (where locked_at is not null)::int as running,
           count(*) filter (where locked_at is null)::int as waiting
         from graphile_worker.jobs where task_identifier = 'sync_run' and queue_name = $1`,
        [`sync_workspace:${a.ws.id}`],
      );
      expect(line.rows[0]).toEqual({ running: 1, waiting: 4 });
    } finally {
      await blocker.query('rollback').catch(() => {});
      await blocker.end();
    }
    for (const sync of [held, ...others, ...started]) {
      await settled(t, sync.ws.token, sync.jobId, 30_000);
    }
    const manual = (await runs(others.map((sync) => sync.jobId))).filter(
      (r) => r.trigger === 'MANUAL',
    );
    expect(manual.map((r) => r.status)).toEqual(others.map(() => 'SUCCEEDED'));
  });
});

describe('the next run', () => {
  it('goes to the workspace served least: busy workspaces take turns', async () => {
    const a = await workspace();
    const b = await workspace();
    const c = await workspace();
    await startWorker();
    const onA = [
      await syncJob(a.ws, a.seed, 'TurnA0'),
      await syncJob(a.ws, a.seed, 'TurnA1'),
      await syncJob(a.ws, a.seed, 'TurnA2'),
    ];
    const onC = [await syncJob(c.ws, c.seed, 'TurnC0'), await syncJob(c.ws, c.seed, 'TurnC1')];
    const onB = await syncJob(b.ws, b.seed, 'TurnB0');
    const all = [...onA, ...onC, onB];
    for (const sync of all) await settled(t, sync.ws.token, sync.jobId, 30_000);
    await stopWorker();

    // Queued in this order, A's three first; then one slot takes them one at a time.
    for (const sync of all) await runNow(sync);
    await startWorker({ concurrency: 1 });
    for (const sync of all) await settled(t, sync.ws.token, sync.jobId, 30_000);
    const order = (await runs(all.map((sync) => sync.jobId)))
      .filter((r) => r.trigger === 'MANUAL')
      .sort((x, y) => Number(x.started_at) - Number(y.started_at))
      .map((r) => r.sync_job_id);
    const [a0, a1, a2] = onA.map((sync) => sync.jobId);
    const [c0, c1] = onC.map((sync) => sync.jobId);
    expect(order).toEqual([a0, c0, onB.jobId, a1, c1, a2]);
  });

  it('of a workspace is its INCREMENTAL one before its full ones', async () => {
    const { ws, seed } = await workspace();
    await startWorker();
    const full = await syncJob(ws, seed, 'KindFull');
    const incremental = await syncJob(ws, seed, 'KindIncremental');
    for (const sync of [full, incremental]) await settled(t, ws.token, sync.jobId, 30_000);
    await stopWorker();

    // The full run is queued first, the incremental one after it.
    await runNow(full);
    await associate(incremental, 'kind-incremental@example.com');
    await due(incremental);
    await startWorker();
    for (const sync of [full, incremental]) await settled(t, ws.token, sync.jobId, 30_000);
    const latest = (await runs([full.jobId, incremental.jobId])).filter(
      (r) => r.trigger !== 'INITIAL',
    );
    expect(latest.map((r) => [r.sync_job_id, r.trigger])).toEqual([
      [full.jobId, 'MANUAL'],
      [incremental.jobId, 'INCREMENTAL'],
    ]);
    const [first, second] = [...latest].sort((x, y) => Number(x.started_at) - Number(y.started_at));
    expect(first?.trigger).toBe('INCREMENTAL');
    // One at a time: the full run started once the incremental one had ended.
    const ended = await t.database.pool.query<{ finished_at: Date }>(
      'select finished_at from sync_run where id = $1',
      [first?.id],
    );
    expect(Number(second?.started_at)).toBeGreaterThanOrEqual(Number(ended.rows[0]?.finished_at));
  });
});
