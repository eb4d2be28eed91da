import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTEN_APPLICATION_NAME } from '../src/db/notify-listener.js';
import { publishSyncJobChanged } from '../src/sync/progress.js';
import { graphql } from './gql/index.js';
import {
  type ProgressPayload,
  publishSteps,
  range,
  runSteps,
  type SeededJob,
  SYNC_PROGRESS,
  seedSyncJob,
  sequences,
  subscribeSse,
  subscribeWs,
  wsClient,
} from './realtime-fixtures.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { sleep, waitFor } from './support/util.js';

let t: TestApp;
let ws: TestWorkspace;
const clients: { client: { dispose(): unknown } }[] = [];

function connect(token: string | null) {
  const c = wsClient(t.url, token);
  clients.push(c);
  return c;
}

beforeAll(async () => {
  t = await startTestApp({ realtime: { tokenCheckMs: 200 } });
  ws = await t.workspace();
});
afterAll(async () => {
  for (const c of clients) await c.client.dispose();
  await t?.close();
});

describe('syncProgress over graphql-ws', () => {
  it('delivers live events in order, ending with SUCCEEDED and its stats', async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    const { client } = connect(ws.token);
    const sub = subscribeWs<ProgressPayload>(
      client,
      SYNC_PROGRESS,
      { syncJobId: job.globalId },
      'syncProgress',
    );
    await waitForListener(job);
    const steps = runSteps();
    await publishSteps(t.database.pool, job, steps);
    const items = await sub.until((all) => all.at(-1)?.status === 'SUCCEEDED');
    expect(sequences(items)).toEqual(range(1, steps.length));
    expect(items.map((i) => i.phase)).toEqual(steps.map((s) => s.phase));
    expect(items[0]).toMatchObject({ syncJobId: job.globalId, percent: 0 });
    expect(items.at(-1)).toMatchObject({ percent: 100, stats: { matchedLeads: 550 } });
    sub.stop();
    // Completing the subscription removes its listener: nothing stays behind per subscriber.
    await waitForTopic(`syncJob:progress:${job.syncJobId}`, 0);
  });

  it('replays stored events after afterSequence, then live ones, each exactly once', async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    await publishSteps(t.database.pool, job, runSteps().slice(0, 5));
    const { client } = connect(ws.token);
    const sub = subscribeWs<ProgressPayload>(
      client,
      SYNC_PROGRESS,
      { syncJobId: job.globalId, afterSequence: 2 },
      'syncProgress',
    );
    await sub.until((all) => all.length === 3);
    await publishSteps(t.database.pool, job, runSteps().slice(5));
    const items = await sub.until((all) => all.at(-1)?.status === 'SUCCEEDED');
    expect(sequences(items)).toEqual(range(3, runSteps().length));
    sub.stop();
  });

  it('has no gap or duplicate when events commit while the replay is read', async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    const steps = runSteps(40);
    await publishSteps(t.database.pool, job, steps.slice(0, 60));
    const { client } = connect(ws.token);
    // Publish the rest while the subscription starts and reads its replay.
    const publishing = publishSteps(t.database.pool, job, steps.slice(60));
    const sub = subscribeWs<ProgressPayload>(
      client,
      SYNC_PROGRESS,
      { syncJobId: job.globalId, afterSequence: 0 },
      'syncProgress',
    );
    await publishing;
    const items = await sub.until((all) => all.at(-1)?.status === 'SUCCEEDED');
    expect(sequences(items)).toEqual(range(1, steps.length));
    sub.stop();
  });
});

describe('syncProgress over SSE', () => {
  it('yoga SSE, the graphql-sse protocol and graphql-ws receive the same events', async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    const variables = { syncJobId: job.globalId, afterSequence: 0 };
    const { client } = connect(ws.token);
    const overWs = subscribeWs<ProgressPayload>(client, SYNC_PROGRESS, variables, 'syncProgress');
    const args = [ws.token, SYNC_PROGRESS, variables, 'syncProgress'] as const;
    const yogaSse = await subscribeSse<ProgressPayload>(t.url, '/graphql', ...args);
    const graphqlSse = await subscribeSse<ProgressPayload>(t.url, '/graphql/stream', ...args);
    expect([yogaSse.status, graphqlSse.status]).toEqual([200, 200]);
    await publishSteps(t.database.pool, job, runSteps());
    const done = (all: ProgressPayload[]) => all.at(-1)?.status === 'SUCCEEDED';
    const [a, b, c] = await Promise.all([
      overWs.until(done),
      yogaSse.until(done),
      graphqlSse.until(done),
    ]);
    expect(sequences(a)).toEqual(range(1, runSteps().length));
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    for (const sub of [overWs, yogaSse, graphqlSse]) sub.stop();
  });
});

describe('auth and tenancy', () => {
  it('closes graphql-ws with 4403 without a token or with a bad one', async () => {
    expect((await connect(null).closedWith).code).toBe(4403);
    expect((await connect('ast_not-a-token').closedWith).code).toBe(4403);
  });

  it('answers SSE with 401 without a token or with a bad one, on both endpoints', async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    const variables = { syncJobId: job.globalId };
    for (const path of ['/graphql', '/graphql/stream'] as const) {
      for (const token of [null, 'ast_not-a-token']) {
        const sub = await subscribeSse(
          t.url,
          path,
          token,
          SYNC_PROGRESS,
          variables,
          'syncProgress',
        );
        expect(sub.status, `${path} ${token}`).toBe(401);
      }
    }
  });

  it('needs the read scope: FORBIDDEN otherwise', async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    const writeOnly = await ws.tokenWith(['write']);
    const { client } = connect(writeOnly);
    const sub = subscribeWs(client, SYNC_PROGRESS, { syncJobId: job.globalId }, 'syncProgress');
    const { errors } = await sub.done;
    expect(errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const sse = await subscribeSse(
      t.url,
      '/graphql/stream',
      writeOnly,
      SYNC_PROGRESS,
      { syncJobId: job.globalId },
      'syncProgress',
    );
    expect((await sse.done).errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('treats a sync job of another workspace as not found, and a malformed id as invalid', async () => {
    const other = await t.workspace();
    const foreign = await seedSyncJob(t.database.pool, other.id);
    const { client } = connect(ws.token);
    const sub = subscribeWs(client, SYNC_PROGRESS, { syncJobId: foreign.globalId }, 'syncProgress');
    expect((await sub.done).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const bad = subscribeWs(client, SYNC_PROGRESS, { syncJobId: 'nope' }, 'syncProgress');
    expect((await bad.done).errors?.[0].extensions?.code).toBe('VALIDATION');
    const sse = await subscribeSse(
      t.url,
      '/graphql',
      ws.token,
      SYNC_PROGRESS,
      { syncJobId: foreign.globalId },
      'syncProgress',
    );
    expect((await sse.done).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it("ends a revoked token's open subscriptions within seconds", async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    const token = await ws.tokenWith(['read']);
    const c = connect(token);
    const overWs = subscribeWs(
      c.client,
      SYNC_PROGRESS,
      { syncJobId: job.globalId },
      'syncProgress',
    );
    const overSse = await subscribeSse(
      t.url,
      '/graphql/stream',
      token,
      SYNC_PROGRESS,
      { syncJobId: job.globalId },
      'syncProgress',
    );
    await waitForListener(job, 2);
    await revoke(token);
    expect(await c.closedWith).toMatchObject({ code: 4403, reason: 'Token revoked' });
    expect((await overWs.done).closeCode).toBe(4403);
    expect((await overSse.done).errors?.[0]).toMatchObject({ message: 'The token was revoked' });
    expect((await connect(token).closedWith).code).toBe(4403);
  });
});

const SYNC_JOB_CHANGED = /* GraphQL */ `
  subscription SyncJobChanged {
    syncJobChanged {
      id
      status
    }
  }
`;

describe('syncJobChanged', () => {
  it("announces the caller's workspace's changed jobs, and no other workspace's", async () => {
    const mine = await seedSyncJob(t.database.pool, ws.id);
    const other = await t.workspace();
    const foreign = await seedSyncJob(t.database.pool, other.id);
    const { client } = connect(ws.token);
    const sub = subscribeWs<{ id: string; status: string }>(
      client,
      SYNC_JOB_CHANGED,
      {},
      'syncJobChanged',
    );
    await waitForTopic(`syncJob:changed:${ws.id}`);
    await publishSyncJobChanged(t.database.pool, {
      workspaceId: other.id,
      syncJobId: foreign.syncJobId,
    });
    await publishSyncJobChanged(t.database.pool, { workspaceId: ws.id, syncJobId: mine.syncJobId });
    const [first] = await sub.until((all) => all.length === 1);
    expect(first).toEqual({ id: mine.globalId, status: 'ACTIVE' });
    await t.database.pool.query(`update sync_job set status = 'PAUSED' where id = $1`, [
      mine.syncJobId,
    ]);
    await publishSyncJobChanged(t.database.pool, { workspaceId: ws.id, syncJobId: mine.syncJobId });
    const all = await sub.until((items) => items.length === 2);
    // Each event loads the job afresh, not from the subscription's first read.
    expect(all[1]).toEqual({ id: mine.globalId, status: 'PAUSED' });
    sub.stop();
  });
});

const DeleteSyncJob = graphql(/* GraphQL */ `
  mutation DeleteSyncJob($id: ID!) {
    deleteSyncJob(input: { id: $id }) {
      __typename
      ... on DeleteSyncJobSuccess {
        deletedId
      }
    }
  }
`);

const JobDeletedAt = graphql(/* GraphQL */ `
  query JobDeletedAt($id: ID!) {
    syncJob(id: $id) {
      id
      deletedAt
    }
  }
`);

async function deleteJob(job: SeededJob) {
  const res = await t.gql(DeleteSyncJob, { id: job.globalId }, ws.token);
  expect(res.data).toEqual({
    deleteSyncJob: { __typename: 'DeleteSyncJobSuccess', deletedId: job.globalId },
  });
}

const SYNC_JOB_CHANGED_DELETED = /* GraphQL */ `
  subscription SyncJobChangedDeleted {
    syncJobChanged {
      id
      status
      deletedAt
      list {
        id
      }
      lastRun {
        id
      }
      progress {
        sequence
      }
    }
  }
`;

interface ChangedJob {
  id: string;
  status: string;
  deletedAt: string | null;
  list: { id: string };
  lastRun: { id: string } | null;
  progress: { sequence: number } | null;
}

describe('deleteSyncJob', () => {
  it("completes the job's syncProgress subscriptions, after the events before it", async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    const { client } = connect(ws.token);
    const live = subscribeWs<ProgressPayload>(
      client,
      SYNC_PROGRESS,
      { syncJobId: job.globalId },
      'syncProgress',
    );
    const replaying = subscribeWs<ProgressPayload>(
      client,
      SYNC_PROGRESS,
      { syncJobId: job.globalId, afterSequence: 0 },
      'syncProgress',
    );
    const sse = await subscribeSse<ProgressPayload>(
      t.url,
      '/graphql',
      ws.token,
      SYNC_PROGRESS,
      { syncJobId: job.globalId },
      'syncProgress',
    );
    await waitForListener(job, 3);
    await publishSteps(t.database.pool, job, runSteps().slice(0, 3));
    await deleteJob(job);
    // Complete, not an error: the stream simply has nothing more to say.
    expect(await live.done).toEqual({});
    expect(await replaying.done).toEqual({});
    expect(await sse.done).toEqual({});
    for (const sub of [live, replaying, sse]) expect(sequences(sub.items)).toEqual(range(1, 3));
    await waitForTopic(`syncJob:progress:${job.syncJobId}`, 0);
    // The connection stays usable.
    const other = await seedSyncJob(t.database.pool, ws.id);
    await publishSteps(t.database.pool, other, runSteps().slice(0, 1));
    const after = subscribeWs<ProgressPayload>(
      client,
      SYNC_PROGRESS,
      { syncJobId: other.globalId, afterSequence: 0 },
      'syncProgress',
    );
    expect(sequences(await after.until((all) => all.length === 1))).toEqual([1]);
    after.stop();
  });

  it('announces the deleted job on syncJobChanged, as it was, with deletedAt', async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    await publishSteps(t.database.pool, job, runSteps().slice(0, 2));
    const listId = (
      await t.database.pool.query<{ id: string }>(
        'select list_id::text as id from sync_job where id = $1',
        [job.syncJobId],
      )
    ).rows[0].id;
    const { client } = connect(ws.token);
    const sub = subscribeWs<ChangedJob>(client, SYNC_JOB_CHANGED_DELETED, {}, 'syncJobChanged');
    await waitForTopic(`syncJob:changed:${ws.id}`);
    await deleteJob(job);
    const [deleted] = await sub.until((all) => all.some((j) => j.id === job.globalId));
    expect(deleted).toMatchObject({
      id: job.globalId,
      status: 'ACTIVE',
      list: { id: encodeGlobalID('List', listId) },
      // Runs and events go with the job.
      lastRun: null,
      progress: null,
    });
    expect(Number.isNaN(Date.parse(deleted.deletedAt ?? ''))).toBe(false);
    sub.stop();
  });

  it('an existing job has no deletedAt', async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    const res = await t.gql(JobDeletedAt, { id: job.globalId }, ws.token);
    expect(res.data).toEqual({ syncJob: { id: job.globalId, deletedAt: null } });
  });

  it('completes syncProgress subscriptions of a job deleted while LISTEN was down', async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    const { client } = connect(ws.token);
    const sub = subscribeWs<ProgressPayload>(
      client,
      SYNC_PROGRESS,
      { syncJobId: job.globalId },
      'syncProgress',
    );
    await waitForListener(job);
    await t.database.pool.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
       where application_name = $1 and datname = current_database()`,
      [LISTEN_APPLICATION_NAME],
    );
    // Polled: the realtime layer has no event for a lost LISTEN connection.
    while (t.app.realtime?.listening()) await sleep(5);
    // Its notice is lost with the connection; the read-back after the reconnect finds no job.
    await deleteJob(job);
    expect(await sub.done).toEqual({});
    expect(t.app.realtime?.listening()).toBe(true);
  });
});

describe('LISTEN connection lost', () => {
  it('reads back what was published while it was down: no subscriber loses an event', async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    const steps = runSteps(3);
    const { client } = connect(ws.token);
    const progress = subscribeWs<ProgressPayload>(
      client,
      SYNC_PROGRESS,
      { syncJobId: job.globalId, afterSequence: 0 },
      'syncProgress',
    );
    const changes = subscribeWs<{ id: string }>(client, SYNC_JOB_CHANGED, {}, 'syncJobChanged');
    await publishSteps(t.database.pool, job, steps.slice(0, 3));
    await progress.until((all) => all.length === 3);
    await waitForTopic(`syncJob:changed:${ws.id}`);
    await t.database.pool.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
       where application_name = $1 and datname = current_database()`,
      [LISTEN_APPLICATION_NAME],
    );
    // Polled: the realtime layer has no event for a lost LISTEN connection.
    while (t.app.realtime?.listening()) await sleep(5);
    // Published while no LISTEN connection is up: their notifications are gone.
    await publishSteps(t.database.pool, job, steps.slice(3));
    await publishSyncJobChanged(t.database.pool, { workspaceId: ws.id, syncJobId: job.syncJobId });
    const items = await progress.until((all) => all.at(-1)?.status === 'SUCCEEDED');
    expect(sequences(items)).toEqual(range(1, steps.length));
    // The read-back announces every job with changes since shortly before the connection was lost.
    await changes.until((all) => all.some((changed) => changed.id === job.globalId));
    expect(t.app.realtime?.listening()).toBe(true);
    progress.stop();
    changes.stop();
  });
});

describe('limits', () => {
  let limited: TestApp;
  let lw: TestWorkspace;
  beforeAll(async () => {
    limited = await startTestApp({
      realtime: { subscriptionsPerConnection: 2, connectionsPerToken: 2 },
    });
    lw = await limited.workspace();
  });
  afterAll(() => limited?.close());

  it('caps operations per connection and connections per token', async () => {
    const job = await seedSyncJob(limited.database.pool, lw.id);
    const variables = { syncJobId: job.globalId };
    const a = wsClient(limited.url, lw.token);
    const b = wsClient(limited.url, lw.token);
    clients.push(a, b);
    const subs = [1, 2, 3].map(() =>
      subscribeWs(a.client, SYNC_PROGRESS, variables, 'syncProgress'),
    );
    expect((await subs[2].done).errors?.[0].extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    subscribeWs(b.client, SYNC_PROGRESS, variables, 'syncProgress');
    // b's subscription has joined (so b holds the token's second connection slot) before a
    // third connection tries for one.
    await waitFor(
      async () => (limited.app.realtime?.fanOut.subscribers === 3 ? true : undefined),
      15_000,
      "b's subscription",
    );
    // The three graphql-ws subscriptions of one operation share one execution: one listener.
    await waitForTopic(`syncJob:progress:${job.syncJobId}`, 1, limited);
    expect(limited.app.realtime?.fanOut.executions).toBe(1);
    const third = wsClient(limited.url, lw.token);
    expect(await third.closedWith).toMatchObject({ code: 1008 });
    const sse = await subscribeSse(
      limited.url,
      '/graphql',
      lw.token,
      SYNC_PROGRESS,
      variables,
      'syncProgress',
    );
    expect((await sse.done).errors?.[0].extensions?.code).toBe('TOO_MANY_CONNECTIONS');
    // Closing a connection frees its slot.
    await b.client.dispose();
    await b.closedWith;
    // The client may see the close before the server has let go of the slot.
    await waitFor(
      async () => (limited.app.realtime?.connections.open === 1 ? true : undefined),
      15_000,
      "b's slot",
    );
    const again = await subscribeSse<ProgressPayload>(
      limited.url,
      '/graphql',
      lw.token,
      SYNC_PROGRESS,
      variables,
      'syncProgress',
    );
    await waitForTopic(`syncJob:progress:${job.syncJobId}`, 2, limited);
    await publishSteps(limited.database.pool, job, runSteps(1));
    expect(sequences(await again.until((all) => all.length === 5))).toEqual(range(1, 5));
    again.stop();
    // A closed SSE stream gives its slot back too.
    await waitForTopic(`syncJob:progress:${job.syncJobId}`, 1, limited, 'exactly');
    const last = await subscribeSse(
      limited.url,
      '/graphql',
      lw.token,
      SYNC_PROGRESS,
      variables,
      'syncProgress',
    );
    await waitForTopic(`syncJob:progress:${job.syncJobId}`, 2, limited);
    last.stop();
    await a.client.dispose();
  });
});

/** Waits until this process LISTENs for the job's topic, so "live from now" includes what follows. */
function waitForListener(job: SeededJob, count = 1) {
  return waitForTopic(`syncJob:progress:${job.syncJobId}`, count);
}

/** Waits until the app has at least (or exactly) `count` listeners on `topic`. */
async function waitForTopic(
  topic: string,
  count = 1,
  app: TestApp = t,
  match: 'atLeast' | 'exactly' = count === 0 ? 'exactly' : 'atLeast',
) {
  for (let i = 0; i < 500; i++) {
    const listeners = app.app.realtime?.target.listenerCount(topic) ?? 0;
    if (match === 'exactly' ? listeners === count : listeners >= count) return;
    await sleep(10);
  }
  throw new Error(`no listener on ${topic}`);
}

async function revoke(token: string) {
  await t.database.pool.query(
    `update api_token set revoked_at = now() where token_hash = encode(sha256($1::bytea), 'hex')`,
    [token],
  );
}
