import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishSyncJobChanged } from '../src/sync/progress.js';
import { graphql } from './gql/index.js';
import {
  type ProgressPayload,
  publishSteps,
  range,
  runSteps,
  SYNC_PROGRESS,
  seedSyncJob,
  sequences,
  subscribeSse,
  subscribeWs,
  wsClient,
} from './realtime-fixtures.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { cookie, gid, Seed } from './support/sync-seed.js';
import { ecid } from './support/util.js';

const DeleteElsewhere = graphql(/* GraphQL */ `
  mutation DeleteElsewhere($id: ID!) {
    deleteSyncJob(input: { id: $id }) {
      __typename
    }
  }
`);

let t: TestApp;
let ws: TestWorkspace;
let apiUrl: string;
const children = new Set<ChildProcess>();
const clients: { client: { dispose(): unknown } }[] = [];

/** Starts `npx tsx <script>` in its own process group, so that afterAll can end all of it. */
function start(script: string[], env: Record<string, string>): ChildProcess {
  const child = spawn('npx', ['tsx', ...script], {
    env: { ...process.env, DATABASE_URL: t.databaseUrl, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = once(child, 'exit');
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

/** Resolves with the first match of `pattern` in the child's output, which keeps draining. */
function outputLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) resolve(match);
    });
    child.once('exit', () =>
      reject(new Error(`process ended without printing ${pattern}: ${output}`)),
    );
  });
}

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
  await new Seed(t.database.pool, ws.id).integration();
  // One api process and one worker process on the test database; this process serves nothing.
  const api = start(['src/main.ts'], { ROLE: 'api', PORT: '0', PROGRESS_THROTTLE_MS: '0' });
  start(['src/main.ts'], { ROLE: 'worker', PROGRESS_THROTTLE_MS: '0', SYNC_DEBOUNCE_MS: '50' });
  apiUrl = (await outputLine(api, /GraphQL API and GraphiQL at (\S+)\/graphql/))[1];
});

afterAll(async () => {
  for (const c of clients) await c.client.dispose();
  await Promise.all([...children].map(stop));
  await t?.close();
});

function connect(token: string) {
  const c = wsClient(apiUrl, token);
  clients.push(c);
  return c;
}

async function startSyncOnApi(audienceId: string, newListName: string): Promise<string> {
  const response = await fetch(`${apiUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.token}` },
    body: JSON.stringify({
      query: /* GraphQL */ `mutation($input: StartAudienceSyncInput!) {
        startAudienceSync(input: $input) {
          __typename
          ... on StartAudienceSyncSuccess { syncJob { id } }
        }
      }`,
      variables: { input: { audienceId: gid('Audience', audienceId), newListName } },
    }),
  });
  const body = (await response.json()) as {
    data: { startAudienceSync: { __typename: string; syncJob: { id: string } } };
  };
  expect(body.data.startAudienceSync.__typename).toBe('StartAudienceSyncSuccess');
  return body.data.startAudienceSync.syncJob.id;
}

describe('an api process and a worker process on one database', () => {
  it("delivers every event of the worker's run in order, ending with SUCCEEDED, alike over graphql-ws and SSE", async () => {
    const seed = new Seed(t.database.pool, ws.id);
    const audience = await seed.audience('Live');
    for (let i = 0; i < 5; i++) {
      const lead = await seed.lead(`live-${i}@example.com`);
      await seed.cookie(cookie(`live-${i}`), lead);
      await seed.cookieSync(ecid(9000 + i), cookie(`live-${i}`));
      await seed.members(audience, [ecid(9000 + i)]);
    }
    const syncJobId = await startSyncOnApi(audience, 'Live list');
    // The run starts at once; afterSequence 0 replays whatever it published before we listen.
    const variables = { syncJobId, afterSequence: 0 };
    const done = (all: ProgressPayload[]) => all.some((e) => e.status === 'SUCCEEDED');
    const { client } = connect(ws.token);
    const overWs = subscribeWs<ProgressPayload>(client, SYNC_PROGRESS, variables, 'syncProgress');
    const overSse = await subscribeSse<ProgressPayload>(
      apiUrl,
      '/graphql/stream',
      ws.token,
      SYNC_PROGRESS,
      variables,
      'syncProgress',
    );
    const [a, b] = await Promise.all([overWs.until(done), overSse.until(done)]);
    expect(sequences(a)).toEqual(range(1, a.length));
    expect(a.at(-1)).toMatchObject({ status: 'SUCCEEDED', phase: 'COMPLETED', percent: 100 });
    expect(a.at(-1)?.stats?.matchedLeads).toBe(5);
    for (const phase of ['LOADING_AUDIENCE', 'RESOLVING_IDENTITIES', 'WRITING_MEMBERSHIPS']) {
      expect(a.map((e) => e.phase)).toContain(phase);
    }
    expect(b).toEqual(a);
    expect(decodeGlobalID(a[0].syncJobId).typename).toBe('SyncJob');
    overWs.stop();
    overSse.stop();
  });

  it('a client killed mid-run and resumed with its last sequence sees every sequence exactly once', async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    const perPhase = 20;
    const total = runSteps(perPhase).length;
    const first = connect(ws.token);
    const before = subscribeWs<ProgressPayload>(
      first.client,
      SYNC_PROGRESS,
      { syncJobId: job.globalId, afterSequence: 0 },
      'syncProgress',
    );
    const publisher = start(
      [
        'test/realtime-publisher.ts',
        job.workspaceId,
        job.syncJobId,
        job.runId,
        String(perPhase),
        '20',
      ],
      {},
    );
    const published = once(publisher, 'exit');
    await before.until((all) => all.length >= 15);
    first.kill();
    expect((await before.done).closeCode).toBe(1006);
    const seen = [...before.items];
    const resumed = subscribeWs<ProgressPayload>(
      connect(ws.token).client,
      SYNC_PROGRESS,
      { syncJobId: job.globalId, afterSequence: seen.at(-1)?.sequence },
      'syncProgress',
    );
    const after = await resumed.until((all) => all.at(-1)?.status === 'SUCCEEDED');
    expect(seen.length).toBeLessThan(total);
    expect(sequences([...seen, ...after])).toEqual(range(1, total));
    expect((await published)[0]).toBe(0);
    resumed.stop();
  });
  it('a job deleted through another process completes its subscriptions there and is announced on syncJobChanged', async () => {
    const job = await seedSyncJob(t.database.pool, ws.id);
    await publishSteps(t.database.pool, job, runSteps().slice(0, 2));
    const { client } = connect(ws.token);
    const variables = { syncJobId: job.globalId, afterSequence: 0 };
    // A replayed event proves the subscription listens (it listens before it reads).
    const overWs = subscribeWs<ProgressPayload>(client, SYNC_PROGRESS, variables, 'syncProgress');
    const overSse = await subscribeSse<ProgressPayload>(
      apiUrl,
      '/graphql/stream',
      ws.token,
      SYNC_PROGRESS,
      variables,
      'syncProgress',
    );
    await Promise.all([overWs, overSse].map((sub) => sub.until((all) => all.length === 2)));
    const changes = subscribeWs<{ id: string; deletedAt: string | null }>(
      client,
      /* GraphQL */ `subscription ChangedOrDeleted { syncJobChanged { id deletedAt } }`,
      {},
      'syncJobChanged',
    );
    // Likewise: once a change published now reaches it, the deletion cannot be missed.
    await publishSyncJobChanged(t.database.pool, { workspaceId: ws.id, syncJobId: job.syncJobId });
    await changes.until((all) => all.length === 1);
    // This test process's own server deletes it: the api process learns of it only by NOTIFY.
    const res = await t.gql(DeleteElsewhere, { id: job.globalId }, ws.token);
    expect(res.data).toEqual({ deleteSyncJob: { __typename: 'DeleteSyncJobSuccess' } });
    expect(await overWs.done).toEqual({});
    expect(await overSse.done).toEqual({});
    expect(sequences(overWs.items)).toEqual([1, 2]);
    const all = await changes.until((items) => items.length === 2);
    expect(all[0]).toEqual({ id: job.globalId, deletedAt: null });
    expect(all[1]).toMatchObject({ id: job.globalId, deletedAt: expect.any(String) });
    changes.stop();
  });
});
