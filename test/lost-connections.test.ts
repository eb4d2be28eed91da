import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTEN_APPLICATION_NAME } from '../src/db/notify-listener.js';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { cookie, gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';
import { ecid, sleep, waitFor } from './support/util.js';

// The app runs inside this test process: an unhandled 'error' event anywhere in it would
// end the whole file, so every test here also proves the process survived.
const ServingWorkspace = graphql(/* GraphQL */ `
  query ServingWorkspace {
    workspace {
      id
    }
  }
`);

const RunNowHeld = graphql(/* GraphQL */ `
  mutation RunNowHeld($input: RunSyncJobNowInput!) {
    runSyncJobNow(input: $input) {
      __typename
    }
  }
`);

const AssociateHeld = graphql(/* GraphQL */ `
  mutation AssociateHeld($input: AssociateLeadInput!) {
    associateLead(input: $input) {
      __typename
    }
  }
`);

let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;

beforeAll(async () => {
  t = await startTestApp({ worker: { watchdogMs: 500 }, config: { syncDebounceMs: 50 } });
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
});
afterAll(() => t?.close());

/** Terminates this test database's backends matching `where`; returns how many. */
async function terminate(where: string, params: unknown[] = []): Promise<number> {
  const { rows } = await t.database.pool.query(
    `select pg_terminate_backend(pid) from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and (${where})`,
    params,
  );
  return rows.length;
}

/** The service still answers: liveness, readiness and an authenticated query. */
async function stillServing() {
  expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  const res = await t.gql(ServingWorkspace, {}, ws.token);
  expect(res.data).toEqual({ workspace: { id: ws.globalId } });
}

/** Sends `body` to an upload endpoint with a raw request and returns the status. */
function rawUpload(path: string, body: Buffer, headers: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const req = request(`${t.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.token}`, 'content-type': 'text/plain', ...headers },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Holds a lock (taken by `sql`) until `release` is called, from a connection of its own. */
async function hold(sql: string, params: unknown[] = []) {
  const client = await t.database.pool.connect();
  await client.query('begin');
  await client.query(sql, params);
  return async () => {
    await client.query('rollback');
    client.release();
  };
}

/** Waits until some backend of this database waits on a lock; returns its pid. */
function lockWaiter(): Promise<number> {
  return waitFor(
    async () => {
      const { rows } = await t.database.pool.query<{ pid: number }>(
        `select pid from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`,
      );
      return rows[0]?.pid;
    },
    10_000,
    'a backend waiting on a lock',
  );
}

async function syncedAudience(name: string) {
  const audience = await seed.audience(name);
  await seed.members(audience, [ecid(1)]);
  const started = await startSync(t, ws.token, {
    audienceId: gid('Audience', audience),
    newListName: `${name} list`,
  });
  const job = startedJob(started);
  const jobId = decodeGlobalID(job.id).id;
  await settled(t, ws.token, jobId);
  return { audience, jobId, listId: decodeGlobalID(job.list.id).id };
}

describe('a gzip upload cut short', () => {
  const body = gzipSync(Buffer.from(`${ecid(1)},${cookie('gz')}\n`.repeat(50)));

  it('answers 400 for a body missing its last byte, and the service lives on', async () => {
    const status = await rawUpload('/ingest/cookie-syncs', body.subarray(0, body.length - 1), {
      'content-encoding': 'gzip',
    });
    expect(status).toBe(400);
    await stillServing();
  });

  it('survives a client that breaks off mid-gzip', async () => {
    const req = request(`${t.url}/ingest/leads`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ws.token}`,
        'content-type': 'text/plain',
        'content-encoding': 'gzip',
      },
    });
    req.on('error', () => undefined);
    const closed = new Promise((resolve) => req.on('close', resolve));
    req.write(body.subarray(0, 20));
    // No event on this side tells that the server has begun to inflate; give it a moment.
    await sleep(50);
    req.destroy();
    await closed;
    await stillServing();
  });
});

describe('a backend terminated under the service', () => {
  it('fails the sync run attempt, which is retried, and the list ends right', async () => {
    const { jobId, listId } = await syncedAudience('Run kill');
    const lead = await seed.lead('run-kill@example.com');
    await seed.cookie(cookie('run-kill'), lead);
    await seed.cookieSync(ecid(1), cookie('run-kill'));
    // Runs read the audience; nothing else this test does touches it.
    const release = await hold('lock table audience_member in access exclusive mode');
    const now = await t.gql(RunNowHeld, { input: { id: gid('SyncJob', jobId) } }, ws.token);
    expect(now.data).toEqual({ runSyncJobNow: { __typename: 'RunSyncJobNowSuccess' } });
    // The run's own connection now waits on the audience's lock.
    const pid = await lockWaiter();
    expect(await terminate('pid = $1', [pid])).toBe(1);
    await release();
    await stillServing();
    await waitFor(
      async () => ((await seed.listMembers(listId))[lead] === 'SYNC' ? true : undefined),
      20_000,
      'the retried run to put the lead on the list',
    );
    const job = await settled(t, ws.token, jobId);
    expect(job.lastRun).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('fails the write whose trigger was being recorded, commits none of it', async () => {
    const { jobId } = await syncedAudience('Trigger kill');
    await seed.cookieSync(ecid(1), cookie('trigger-kill'));
    const release = await hold('select 1 from sync_job where id = $1 for update', [jobId]);
    const associated = t.gql(
      AssociateHeld,
      {
        input: {
          cookieId: cookie('trigger-kill'),
          email: 'trigger-kill@example.com',
          source: 'API',
        },
      },
      ws.token,
    );
    // The association's transaction waits on the job's row lock to record its trigger.
    const pid = await lockWaiter();
    expect(await terminate('pid = $1', [pid])).toBe(1);
    const res = await associated;
    expect(res.errors?.[0]?.message).toBe('Unexpected error.');
    await release();
    const { rows } = await t.database.pool.query(
      'select 1 from lead_association where workspace_id = $1 and cookie_id = $2',
      [ws.id, cookie('trigger-kill')],
    );
    expect(rows).toEqual([]);
    await stillServing();
  });

  it('reconnects the LISTEN connection', async () => {
    expect(await terminate('application_name = $1', [LISTEN_APPLICATION_NAME])).toBe(1);
    await waitFor(
      async () => {
        const { rows } = await t.database.pool.query(
          `select 1 from pg_stat_activity
            where datname = current_database() and application_name = $1`,
          [LISTEN_APPLICATION_NAME],
        );
        return rows.length === 1 ? true : undefined;
      },
      10_000,
      'the LISTEN connection to come back',
    );
    await stillServing();
  });

  it('replaces idle pooled connections of every pool', async () => {
    await stillServing();
    expect(await terminate(`state = 'idle'`)).toBeGreaterThan(0);
    // The pools learn of the terminations asynchronously, with no event to await here.
    await sleep(100);
    await stillServing();
    const { audience } = await syncedAudience('After idle kill');
    expect(audience).toBeTruthy();
  });
});
