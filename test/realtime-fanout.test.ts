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
  subscribeWs,
  wsClient,
} from './realtime-fixtures.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { sleep } from './support/util.js';

/**
 * graphql-ws subscriptions of the same operation, variables and workspace share one
 * execution (src/realtime/fanout.ts): each event is executed and serialised once, and every
 * subscriber gets its frame. These tests check what subscribers rely on: their own payload
 * for their own selection and variables, every event once and in order, and their own token.
 */

let t: TestApp;
let ws: TestWorkspace;
const clients: { client: { dispose(): unknown } }[] = [];

function connect(token: string) {
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

const SMALL = /* GraphQL */ `
  subscription Small($syncJobId: ID!) {
    syncProgress(syncJobId: $syncJobId) { sequence phase }
  }
`;

/** Waits until `check` holds (polls with a deadline). */
async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 1_000; i++) {
    if (check()) return;
    await sleep(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const listeners = (job: SeededJob) =>
  t.app.realtime?.target.listenerCount(`syncJob:progress:${job.syncJobId}`) ?? 0;
const executions = () => t.app.realtime?.fanOut.executions ?? 0;
const subscribers = () => t.app.realtime?.fanOut.subscribers ?? 0;

async function revoke(token: string) {
  await t.database.pool.query(
    `update api_token set revoked_at = now() where token_hash = encode(sha256($1::bytea), 'hex')`,
    [token],
  );
}

describe('shared execution of graphql-ws subscriptions', () => {
  it('gives subscribers with different selections or variables of one job their own payload', async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    const other = await seedSyncJob(t.database.pool, ws.id);
    const before = executions();
    const subscribedBefore = subscribers();
    const full = [connect(ws.token), connect(ws.token)].map(({ client }) =>
      subscribeWs<ProgressPayload>(
        client,
        SYNC_PROGRESS,
        { syncJobId: job.globalId },
        'syncProgress',
      ),
    );
    const small = subscribeWs<{ sequence: number; phase: string }>(
      connect(ws.token).client,
      SMALL,
      { syncJobId: job.globalId },
      'syncProgress',
    );
    const otherJob = subscribeWs<ProgressPayload>(
      connect(ws.token).client,
      SYNC_PROGRESS,
      { syncJobId: other.globalId },
      'syncProgress',
    );
    // The two full subscriptions share one execution; the small one and the other job's
    // have their own: three executions, two of them listening to this job.
    await until(
      () =>
        subscribers() - subscribedBefore === 4 && listeners(job) === 2 && listeners(other) === 1,
      'every subscriber joined, and the executions listen',
    );
    expect(executions() - before).toBe(3);

    const steps = runSteps(2);
    await publishSteps(t.database.pool, job, steps);
    await publishSteps(t.database.pool, other, steps.slice(0, 2));
    const done = (all: { sequence: number }[]) => all.length === steps.length;
    for (const sub of full) {
      const items = await sub.until(done);
      expect(sequences(items)).toEqual(range(1, steps.length));
      expect(items.map((i) => i.phase)).toEqual(steps.map((s) => s.phase));
      expect(Object.keys(items[0]).sort()).toEqual(
        [
          'syncJobId',
          'sequence',
          'status',
          'phase',
          'processed',
          'total',
          'percent',
          'stats',
        ].sort(),
      );
      expect(items[0]).toMatchObject({ syncJobId: job.globalId, status: 'RUNNING', percent: 0 });
      expect(items.at(-1)).toMatchObject({ percent: 100, stats: { matchedLeads: 550 } });
    }
    expect(await small.until(done)).toEqual(
      steps.map((s, i) => ({ sequence: i + 1, phase: s.phase })),
    );
    const others = await otherJob.until((all) => all.length === 2);
    expect(others.map((i) => [i.syncJobId, i.sequence])).toEqual([
      [other.globalId, 1],
      [other.globalId, 2],
    ]);
    // Nothing more arrives for anyone: no event twice, none of another job.
    await sleep(200);
    for (const sub of [...full, small]) expect(sub.items).toHaveLength(steps.length);
    expect(otherJob.items).toHaveLength(2);
    for (const sub of [...full, small, otherJob]) sub.stop();
    await until(() => listeners(job) === 0 && listeners(other) === 0, 'no listeners');
    expect(executions()).toBe(before);
  });

  it('replays from afterSequence per subscriber: a late one gets its own replay, not a shared tail', async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    const steps = runSteps(2);
    await publishSteps(t.database.pool, job, steps.slice(0, 3));
    const variables = { syncJobId: job.globalId, afterSequence: 1 };
    const first = subscribeWs<ProgressPayload>(
      connect(ws.token).client,
      SYNC_PROGRESS,
      variables,
      'syncProgress',
    );
    expect(sequences(await first.until((all) => all.length === 2))).toEqual([2, 3]);
    // Same operation and variables, after the first one's execution has sent events.
    const late = subscribeWs<ProgressPayload>(
      connect(ws.token).client,
      SYNC_PROGRESS,
      variables,
      'syncProgress',
    );
    expect(sequences(await late.until((all) => all.length === 2))).toEqual([2, 3]);
    await publishSteps(t.database.pool, job, steps.slice(3));
    const all = range(2, steps.length);
    expect(sequences(await first.until((items) => items.length === all.length))).toEqual(all);
    expect(sequences(await late.until((items) => items.length === all.length))).toEqual(all);
    first.stop();
    late.stop();
  });

  it('delivers every event once to each of many subscribers, in order, as they come and go', async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    const before = executions();
    const subscribedBefore = subscribers();
    const tokens = [ws.token, await ws.tokenWith(['read']), await ws.tokenWith(['read'])];
    const variables = { syncJobId: job.globalId };
    // 30 subscribers over 30 connections of three tokens: the two read-only tokens share a
    // key, the first token (every scope) has a key of its own. Two executions in all.
    const subs = range(0, 29).map((i) =>
      subscribeWs<ProgressPayload>(
        connect(tokens[i % 3]).client,
        SYNC_PROGRESS,
        variables,
        'syncProgress',
      ),
    );
    // A live subscription is live from the moment it joins its execution.
    await until(
      () => subscribers() - subscribedBefore === 30 && listeners(job) === 2,
      'every subscriber joined, and the executions listen',
    );
    expect(executions() - before).toBe(2);

    const steps = runSteps(10);
    await publishSteps(t.database.pool, job, steps.slice(0, 10));
    const leaving = subs.slice(0, 5);
    for (const sub of leaving) await sub.until((all) => all.length === 10);
    for (const sub of leaving) sub.stop();
    // A newcomer to a live subscription shares the running execution and gets what follows.
    const newcomer = subscribeWs<ProgressPayload>(
      connect(tokens[1]).client,
      SYNC_PROGRESS,
      variables,
      'syncProgress',
    );
    await until(() => subscribers() - subscribedBefore === 26, 'the newcomer joined');
    expect(executions() - before).toBe(2);
    await publishSteps(t.database.pool, job, steps.slice(10));

    const everything = range(1, steps.length);
    for (const sub of subs.slice(5)) {
      expect(sequences(await sub.until((all) => all.length === steps.length))).toEqual(everything);
    }
    for (const sub of leaving) expect(sequences(sub.items)).toEqual(range(1, 10));
    expect(sequences(await newcomer.until((all) => all.at(-1)?.status === 'SUCCEEDED'))).toEqual(
      range(11, steps.length),
    );
    for (const sub of [...subs, newcomer]) sub.stop();
    await until(() => listeners(job) === 0, 'no listeners');
  });

  it("ends a revoked token's subscribers alone; the others sharing the execution go on", async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    const [kept, revoked] = [await ws.tokenWith(['read']), await ws.tokenWith(['read'])];
    const variables = { syncJobId: job.globalId };
    const subscribedBefore = subscribers();
    const keptConnection = connect(kept);
    const revokedConnection = connect(revoked);
    const stays = subscribeWs<ProgressPayload>(
      keptConnection.client,
      SYNC_PROGRESS,
      variables,
      'syncProgress',
    );
    const ends = subscribeWs<ProgressPayload>(
      revokedConnection.client,
      SYNC_PROGRESS,
      variables,
      'syncProgress',
    );
    await until(
      () => subscribers() - subscribedBefore === 2 && listeners(job) === 1,
      'both subscribers joined, and the execution listens',
    );
    const steps = runSteps(2);
    await publishSteps(t.database.pool, job, steps.slice(0, 2));
    await ends.until((all) => all.length === 2);
    await revoke(revoked);
    expect(await revokedConnection.closedWith).toMatchObject({ code: 4403 });
    await publishSteps(t.database.pool, job, steps.slice(2));
    const items = await stays.until((all) => all.length === steps.length);
    expect(sequences(items)).toEqual(range(1, steps.length));
    expect(sequences(ends.items)).toEqual([1, 2]);
    stays.stop();
  });
});
