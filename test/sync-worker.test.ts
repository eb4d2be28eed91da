import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { decodeGlobalID } from '@pothos/plugin-relay';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dropStage, prepareStage } from '../src/sync/resolve.js';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import {
  cookie,
  gid,
  recordChange,
  Seed,
  settled,
  startedJob,
  startSync,
} from './support/sync-seed.js';
import { ecid, sleep, waitFor } from './support/util.js';

const RunNow = graphql(/* GraphQL */ `
  mutation RunNow($id: ID!) {
    runSyncJobNow(input: { id: $id }) {
      __typename
    }
  }
`);

let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;
const children = new Set<ChildProcess>();

interface LoadedWorker {
  child: ChildProcess;
  lines: AsyncIterator<string>;
}

/** Waits for the child's next stdout line to be `expected`. */
async function expectLine(worker: LoadedWorker, expected: string): Promise<void> {
  const line = await worker.lines.next();
  if (line.done || line.value !== expected) {
    throw new Error(`worker process said ${line.done ? 'nothing' : line.value}, not ${expected}`);
  }
}

/**
 * Spawns a worker process on the test database that loads the app and waits to be started
 * (test/support/sync-worker-child.ts); resolves once it is loaded.
 */
async function loadWorkerProcess(): Promise<LoadedWorker> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/sync-worker-child.ts'], {
    env: { ...process.env, DATABASE_URL: t.databaseUrl, SYNC_DEBOUNCE_MS: '50' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const worker = {
    child,
    lines: createInterface({ input: child.stdout as NodeJS.ReadableStream })[
      Symbol.asyncIterator
    ](),
  };
  await expectLine(worker, 'loaded');
  return worker;
}

/** Starts a loaded worker process (a fresh one when none is given); resolves once it polls for jobs. */
async function startWorkerProcess(loaded?: Promise<LoadedWorker>): Promise<ChildProcess> {
  const worker = await (loaded ?? loadWorkerProcess());
  worker.child.stdin?.write('start\n');
  await expectLine(worker, 'ready');
  return worker.child;
}

async function stopWorkerProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

// No worker in the test process: only the child processes execute runs.
beforeAll(async () => {
  t = await startTestApp({ config: { syncDebounceMs: 50 } });
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
});
afterEach(async () => {
  for (const child of [...children]) await stopWorkerProcess(child, 'SIGKILL');
});
afterAll(() => t?.close());

async function syncedAudience(
  name: string,
  leads: number,
  into: { seed: Seed; ws: TestWorkspace } = { seed, ws },
) {
  const { seed, ws } = into;
  const audience = await seed.audience(name);
  const leadIds = await seed.matchedLeads(audience, name, leads);
  const started = await startSync(t, ws.token, {
    audienceId: gid('Audience', audience),
    newListName: `${name} list`,
  });
  const job = startedJob(started);
  return {
    audience,
    leadIds,
    globalId: job.id,
    jobId: decodeGlobalID(job.id).id,
    listId: decodeGlobalID(job.list.id).id,
  };
}

describe('a worker killed during a run', () => {
  it('leaves the list as it was; after a restart the run completes and the list is right', async () => {
    // The worker that replaces the killed one loads meanwhile; it starts only after the kill.
    const replacement = loadWorkerProcess();
    replacement.catch(() => {}); // awaited below; a failure fails the test there
    let worker = await startWorkerProcess();
    const sync = await syncedAudience('Crash', 3);
    await settled(t, ws.token, sync.jobId);
    const before = await seed.listMembers(sync.listId);
    expect(Object.keys(before)).toHaveLength(3);

    // A new matched lead, and a member who left the audience.
    const extra = await seed.lead('extra@example.com');
    await seed.cookie(cookie('extra'), extra);
    await seed.cookieSync(ecid(77), cookie('extra'));
    await seed.members(sync.audience, [ecid(77)]);
    await seed.removeMembers(sync.audience, [ecid(Number(sync.audience) * 1000)]);

    // Hold the run at its apply step, then kill its worker there.
    const blocker = new pg.Client(t.databaseUrl);
    await blocker.connect();
    await blocker.query('begin; lock table list_membership in share mode');
    try {
      await t.gql(RunNow, { id: sync.globalId }, ws.token);
      const run = await waitFor(
        async () => {
          const result = await t.database.pool.query<{ id: string }>(
            `select id from sync_run where sync_job_id = $1 and status = 'RUNNING' and phase = 'WRITING_MEMBERSHIPS'`,
            [sync.jobId],
          );
          return result.rows[0];
        },
        20_000,
        'the run to reach WRITING_MEMBERSHIPS',
      );
      // Killed while its write waits on the lock.
      await waitFor(
        async () => {
          const { rows } = await t.database.pool.query(
            `select 1 from pg_locks l join pg_class c on c.oid = l.relation
              where not l.granted and c.relname = 'list_membership'`,
          );
          return rows.length > 0 ? true : undefined;
        },
        20_000,
        'the run to wait on the list_membership lock',
      );
      await stopWorkerProcess(worker, 'SIGKILL');
      await blocker.query('commit');
      // Nothing to wait for: this proves that no one applies the killed run meanwhile.
      await sleep(500);
      expect(await seed.listMembers(sync.listId)).toEqual(before);
      const stuck = await t.database.pool.query('select status from sync_run where id = $1', [
        run.id,
      ]);
      expect(stuck.rows[0]).toEqual({ status: 'RUNNING' });

      worker = await startWorkerProcess(replacement);
      const job = await settled(t, ws.token, sync.jobId, 30_000);
      expect(job.lastRun).toMatchObject({
        id: gid('SyncRun', run.id),
        status: 'SUCCEEDED',
        trigger: 'MANUAL',
      });
      const attempts = await t.database.pool.query('select attempts from sync_run where id = $1', [
        run.id,
      ]);
      expect(attempts.rows[0]).toEqual({ attempts: 2 });
      const expected = { ...before, [extra]: 'SYNC' };
      delete expected[sync.leadIds[0] as string];
      expect(await seed.listMembers(sync.listId)).toEqual(expected);
    } finally {
      await blocker.end();
    }
  });
});

describe('a worker stopped (SIGTERM) during a run', () => {
  for (const kind of ['MANUAL', 'INCREMENTAL'] as const) {
    it(`hands its ${kind} run back at once; another worker completes it, the attempt not counted`, async () => {
      const other = loadWorkerProcess();
      other.catch(() => {}); // awaited below; a failure fails the test there
      const worker = await startWorkerProcess();
      const sync = await syncedAudience(`Stopped${kind}`, 2);
      await settled(t, ws.token, sync.jobId);
      const before = await seed.listMembers(sync.listId);
      // A lead the audience will match through a new member.
      const extra = await seed.lead(`stopped-${kind.toLowerCase()}@example.com`);
      const extraEcid = ecid(Number(sync.audience) * 1000 + 500);
      await seed.cookie(cookie(`stopped-${kind}`), extra);
      await seed.cookieSync(extraEcid, cookie(`stopped-${kind}`));

      // The run is held in its resolution, which reads cookie_sync (locked by the test).
      const blocker = new pg.Client(t.databaseUrl);
      await blocker.connect();
      const heldRun = () =>
        waitFor(
          async () => {
            const { rows } = await t.database.pool.query<{ id: string; attempts: number }>(
              `select r.id, r.attempts from sync_run r
                where r.sync_job_id = $1 and r.status = 'RUNNING' and r.trigger = $2
                  and r.heartbeat_at is not null
                  and exists (select 1 from pg_stat_activity a
                               where a.datname = current_database() and a.wait_event_type = 'Lock')`,
              [sync.jobId, kind],
            );
            return rows[0];
          },
          30_000,
          'a run waiting on the cookie_sync lock',
        );
      try {
        await blocker.query('begin; lock table cookie_sync in access exclusive mode');
        await seed.members(sync.audience, [extraEcid]);
        if (kind === 'MANUAL') {
          await t.gql(RunNow, { id: sync.globalId }, ws.token);
        } else {
          await recordChange(t, {
            workspaceId: ws.id,
            kind: 'AUDIENCE_MEMBERS',
            audienceIds: [sync.audience],
            ecids: [extraEcid],
          });
        }
        const run = await heldRun();
        expect(run.attempts).toBe(1);
        // The other worker runs meanwhile, with nothing to take: the workspace's run is held.
        await startWorkerProcess(other);

        const exited = once(worker, 'exit');
        worker.kill('SIGTERM');
        // The stop does not wait for the lock.
        expect((await exited)[0]).toBe(0);
        expect(await seed.listMembers(sync.listId)).toEqual(before);

        // The other worker takes the run up where it was handed back, and is held in turn.
        const again = await heldRun();
        expect(again).toEqual({ id: run.id, attempts: 1 });
      } finally {
        await blocker.query('rollback').catch(() => undefined);
        await blocker.end();
      }
      const job = await settled(t, ws.token, sync.jobId, 30_000);
      expect(job.lastRun).toMatchObject({ status: 'SUCCEEDED', trigger: kind });
      const runs = await t.database.pool.query<{ status: string; attempts: number }>(
        'select status, attempts from sync_run where sync_job_id = $1 order by id',
        [sync.jobId],
      );
      expect(runs.rows).toEqual([
        { status: 'SUCCEEDED', attempts: 1 },
        { status: 'SUCCEEDED', attempts: 1 },
      ]);
      // The change the interrupted run had claimed was applied by the retry, and consumed.
      expect(await seed.listMembers(sync.listId)).toEqual({ ...before, [extra]: 'SYNC' });
      const left = await t.database.pool.query('select 1 from sync_change where sync_job_id = $1', [
        sync.jobId,
      ]);
      expect(left.rowCount).toBe(0);
    });
  }
});

describe('two workers', () => {
  it('execute every run exactly once', async () => {
    await Promise.all([startWorkerProcess(), startWorkerProcess()]);
    // Jobs of several workspaces, so both workers have runs to execute at once (a workspace
    // executes one run at a time).
    const syncs: (Awaited<ReturnType<typeof syncedAudience>> & { token: string; seed: Seed })[] =
      [];
    for (let w = 0; w < 3; w++) {
      const workspace = await t.workspace({ name: `Pair workspace ${w}` });
      const workspaceSeed = new Seed(t.database.pool, workspace.id);
      await workspaceSeed.integration();
      for (let j = 0; j < 2; j++) {
        const sync = await syncedAudience(`Pair${w}-${j}`, 2, {
          seed: workspaceSeed,
          ws: workspace,
        });
        syncs.push({ ...sync, token: workspace.token, seed: workspaceSeed });
      }
    }
    /** Resolves once no run of the job waits: the last one queued has been picked up. */
    const pickedUp = (jobId: string) =>
      waitFor(
        async () => {
          const { rows } = await t.database.pool.query(
            `select 1 from sync_run where sync_job_id = $1 and status = 'QUEUED'`,
            [jobId],
          );
          return rows.length === 0 ? true : undefined;
        },
        30_000,
        `the queued run of sync job ${jobId} to be picked up`,
      );
    // Each round's trigger comes once the job's previous run has been picked up, so that it
    // queues a run of its own (a trigger folds into a run still queued) while others execute.
    const rounds = 3;
    for (let round = 0; round < rounds; round++) {
      await Promise.all(syncs.map((sync) => pickedUp(sync.jobId)));
      await Promise.all(syncs.map((sync) => t.gql(RunNow, { id: sync.globalId }, sync.token)));
    }
    for (const sync of syncs) {
      await settled(t, sync.token, sync.jobId, 30_000);
      expect(Object.keys(await sync.seed.listMembers(sync.listId)).sort()).toEqual(
        [...sync.leadIds].sort(),
      );
    }
    const runs = await t.database.pool.query<{
      job: string;
      trigger: string;
      status: string;
      attempts: number;
      starts: number;
      ends: number;
    }>(
      `select r.sync_job_id::text as job, r.trigger, r.status, r.attempts,
         (select count(*)::int from sync_event e where e.run_id = r.id and e.phase = 'LOADING_AUDIENCE') as starts,
         (select count(*)::int from sync_event e where e.run_id = r.id and e.phase = 'COMPLETED') as ends
       from sync_run r where r.sync_job_id = any($1::bigint[]) order by r.id`,
      [syncs.map((sync) => sync.jobId)],
    );
    // Every job: its INITIAL run and one MANUAL run per round, each executed once.
    for (const sync of syncs) {
      expect(runs.rows.filter((run) => run.job === sync.jobId)).toEqual([
        {
          job: sync.jobId,
          trigger: 'INITIAL',
          status: 'SUCCEEDED',
          attempts: 1,
          starts: 1,
          ends: 1,
        },
        ...Array.from({ length: rounds }, () => ({
          job: sync.jobId,
          trigger: 'MANUAL',
          status: 'SUCCEEDED',
          attempts: 1,
          starts: 1,
          ends: 1,
        })),
      ]);
    }
  });
});

describe("a run's connection", () => {
  it('keeps its staged leads in 64 MB of memory, set before its first temporary table', async () => {
    const client = await t.database.runPool.connect();
    try {
      await prepareStage(client);
      const { rows } = await client.query<{ temp_buffers: string }>('show temp_buffers');
      expect(rows[0]?.temp_buffers).toBe('64MB');
    } finally {
      await dropStage(client);
      client.release();
    }
  });
});
