import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_LOCK_SQL } from '../src/sync/queue.js';
import { type ProgressPayload, SYNC_PROGRESS, subscribeWs, wsClient } from './realtime-fixtures.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { cookie, gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';
import { ecid, waitFor } from './support/util.js';

/**
 * Pausing or deleting a sync job stops the run it is executing: the run ends CANCELLED at
 * once, its statement in progress is cancelled, and the list stays as it was before the run.
 */

let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;
const clients: { client: { dispose(): unknown } }[] = [];

beforeAll(async () => {
  t = await startTestApp({ worker: true, config: { syncDebounceMs: 50, progressThrottleMs: 0 } });
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
});
afterAll(async () => {
  for (const c of clients) await c.client.dispose();
  await t?.close();
});

const mutation = (name: string, input: string, success: string) => `
  mutation ${name}($id: ID!) {
    ${name}(input: { id: $id }) { __typename ... on ${success} { ${input} } }
  }`;

async function mutate(name: string, jobGlobalId: string, fields: string): Promise<void> {
  const success = `${name[0]?.toUpperCase()}${name.slice(1)}Success`;
  const res = await t.gql<Record<string, { __typename: string }>, { id: string }>(
    mutation(name, fields, success),
    { id: jobGlobalId },
    ws.token,
  );
  expect(res.errors).toBeUndefined();
  expect(res.data[name]?.__typename).toBe(success);
}

/**
 * A synced audience whose list holds two matched leads, and a third lead matched since, so
 * that the next run would add it. Returns the ids and the list as the first run left it.
 */
async function syncedWithPendingLead(name: string) {
  const audience = await seed.audience(name);
  const base = Number(audience) * 1000;
  for (let i = 1; i <= 3; i++) {
    const lead = await seed.lead(`${name.toLowerCase()}-${i}@example.com`);
    await seed.cookie(cookie(`${name}-${i}`), lead);
    await seed.cookieSync(ecid(base + i), cookie(`${name}-${i}`));
  }
  await seed.members(audience, [ecid(base + 1), ecid(base + 2)]);
  const job = startedJob(
    await startSync(t, ws.token, { audienceId: gid('Audience', audience), newListName: name }),
  );
  const jobId = (
    await t.database.pool.query<{ id: string; list_id: string }>(
      'select id, list_id from sync_job where audience_id = $1',
      [audience],
    )
  ).rows[0] as { id: string; list_id: string };
  await settled(t, ws.token, jobId.id);
  const before = await seed.listMembers(jobId.list_id);
  expect(Object.keys(before)).toHaveLength(2);
  // Matched now, but only a run would put the third lead on the list.
  await seed.members(audience, [ecid(base + 3)]);
  return { globalId: job.id, jobId: jobId.id, listId: jobId.list_id, before };
}

/**
 * Holds every run at its first resolution statement: it reads cookie_sync, which this
 * transaction locks until `release`.
 */
async function holdResolution() {
  const blocker = new pg.Client(t.databaseUrl);
  await blocker.connect();
  await blocker.query('begin; lock table cookie_sync in access exclusive mode');
  return async () => {
    await blocker.query('rollback');
    await blocker.end();
  };
}

/** The RUNNING run of the job once its resolution statement waits on the held lock. */
async function runningAndHeld(jobId: string): Promise<string> {
  return waitFor(
    async () => {
      const { rows } = await t.database.pool.query<{ id: string }>(
        `select r.id from sync_run r
          where r.sync_job_id = $1 and r.status = 'RUNNING'
            and exists (select 1 from pg_stat_activity a
                         where a.datname = current_database() and a.wait_event_type = 'Lock'
                           and a.query like '%sync resolution%')`,
        [jobId],
      );
      return rows[0]?.id;
    },
    20_000,
    'a RUNNING run waiting in its resolution statement',
  );
}

/** Whether a session executes a run of the job: it holds the job's run lock. */
async function executing(jobId: string): Promise<boolean> {
  const { rows } = await t.database.pool.query(
    `select 1 from pg_locks l
      where l.locktype = 'advisory' and l.granted and l.objsubid = 1
        and l.database = (select oid from pg_database where datname = current_database())
        and l.classid = ((${RUN_LOCK_SQL} >> 32) & 4294967295)::oid
        and l.objid = (${RUN_LOCK_SQL} & 4294967295)::oid`,
    [jobId],
  );
  return rows.length > 0;
}

/** Resolves once no session executes a run of the job any more. */
function executorGone(jobId: string): Promise<true> {
  return waitFor(
    async () => ((await executing(jobId)) ? undefined : true),
    20_000,
    'the run executor to stop',
  );
}

function subscribe(jobGlobalId: string) {
  const c = wsClient(t.url, ws.token);
  clients.push(c);
  const progress = subscribeWs<ProgressPayload>(
    c.client,
    SYNC_PROGRESS,
    { syncJobId: jobGlobalId, afterSequence: 0 },
    'syncProgress',
  );
  const changes = subscribeWs<{ id: string; lastRun: { id: string; status: string } | null }>(
    c.client,
    `subscription { syncJobChanged { id lastRun { id status } } }`,
    {},
    'syncJobChanged',
  );
  return { progress, changes };
}

describe('a running run', () => {
  it('ends CANCELLED when its job is paused, the list as before; a resume runs afresh', {
    timeout: 60_000,
  }, async () => {
    const sync = await syncedWithPendingLead('Paused');
    const { progress, changes } = subscribe(sync.globalId);
    const release = await holdResolution();
    let runId: string;
    try {
      await mutate('runSyncJobNow', sync.globalId, '__typename');
      runId = await runningAndHeld(sync.jobId);
      expect(await executing(sync.jobId)).toBe(true);
      await mutate('pauseSyncJob', sync.globalId, 'syncJob { status }');
      // Ended by the pause itself, while the statement it interrupted still had the lock
      // to wait for.
      const run = await t.database.pool.query('select status, phase from sync_run where id = $1', [
        runId,
      ]);
      expect(run.rows[0]).toEqual({ status: 'CANCELLED', phase: 'FAILED' });
      await executorGone(sync.jobId);
      expect(await seed.listMembers(sync.listId)).toEqual(sync.before);
    } finally {
      await release();
    }
    const events = await progress.until((all) =>
      all.some((e) => e.status === 'CANCELLED' && e.phase === 'FAILED'),
    );
    // The cancelled run's last word is CANCELLED: nothing of it follows.
    expect(events.at(-1)).toMatchObject({ status: 'CANCELLED', phase: 'FAILED' });
    const jobGid = sync.globalId;
    await changes.until((all) =>
      all.some(
        (j) =>
          j.id === jobGid &&
          j.lastRun?.id === gid('SyncRun', runId) &&
          j.lastRun.status === 'CANCELLED',
      ),
    );
    const stored = await t.database.pool.query<{ status: string }>(
      'select status from sync_event where run_id = $1 order by sequence desc limit 1',
      [runId],
    );
    expect(stored.rows[0]?.status).toBe('CANCELLED');
    // Nothing applies the cancelled run later either.
    expect(await seed.listMembers(sync.listId)).toEqual(sync.before);

    await mutate('resumeSyncJob', sync.globalId, 'syncJob { status }');
    const job = await settled(t, ws.token, sync.jobId);
    expect(job.lastRun).toMatchObject({ status: 'SUCCEEDED', trigger: 'MANUAL' });
    expect(job.lastRun?.id).not.toBe(gid('SyncRun', runId));
    expect(Object.keys(await seed.listMembers(sync.listId))).toHaveLength(3);
  });

  it('stops when its job is deleted, the list as before', { timeout: 60_000 }, async () => {
    const sync = await syncedWithPendingLead('Deleted');
    const { progress } = subscribe(sync.globalId);
    const release = await holdResolution();
    try {
      await mutate('runSyncJobNow', sync.globalId, '__typename');
      await runningAndHeld(sync.jobId);
      expect(await executing(sync.jobId)).toBe(true);
      await mutate('deleteSyncJob', sync.globalId, 'deletedId');
      await executorGone(sync.jobId);
      expect(await seed.listMembers(sync.listId)).toEqual(sync.before);
    } finally {
      await release();
    }
    // The progress stream says the run ended, then completes with the job.
    expect(await progress.done).toEqual({});
    expect(progress.items.at(-1)).toMatchObject({ status: 'CANCELLED', phase: 'FAILED' });
    expect(await seed.listMembers(sync.listId)).toEqual(sync.before);
  });
});
