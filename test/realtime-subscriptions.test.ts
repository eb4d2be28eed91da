import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** Waits until this process LISTENs for the job's topic, so "live from now" includes what follows. */
async function waitForListener(job: SeededJob, count = 1) {
  const topic = `syncJob:progress:${job.syncJobId}`;
  for (let i = 0; i < 200; i++) {
    if ((t.app.realtime?.target.listenerCount(topic) ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no listener');
}

async function revoke(token: string) {
  await t.database.pool.query(
    `update api_token set revoked_at = now() where token_hash = encode(sha256($1::bytea), 'hex')`,
    [token],
  );
}
