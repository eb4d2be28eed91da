import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  type ProgressPayload,
  publishSteps,
  range,
  runSteps,
  SYNC_PROGRESS,
  seedSyncJob,
  sequences,
  subscribeWs,
  wsClient,
} from './realtime-fixtures.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { type Child, printOutputs, spawnTs } from './support/processes.js';
import { sleep } from './support/util.js';

/**
 * API_PROCESSES=2: one primary and two api processes sharing the port (node's cluster
 * module). Which process holds a connection is read from Linux's /proc: the server side of
 * an established TCP connection is a socket whose local port is the API's port, owned by the
 * api process it was handed to.
 */

let t: TestApp;
let ws: TestWorkspace;
let primary: Child;
let apiUrl: string;
let port: number;

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
  primary = spawnTs('src/main.ts', [], {
    DATABASE_URL: t.databaseUrl,
    ROLE: 'api',
    API_PROCESSES: '2',
    PORT: '0',
  });
  apiUrl = (await primary.waitFor(/GraphQL API and GraphiQL at (\S+)\/graphql/, 60_000))[1];
  port = Number(new URL(apiUrl).port);
});

afterAll(async () => {
  if (primary && primary.process.exitCode === null) {
    primary.process.kill('SIGKILL');
    for (const pid of apiPids()) process.kill(pid, 'SIGKILL');
  }
  await t?.close();
});

/** The primary's child processes: the api processes (ROLE=api with DATABASE_URL: no PostgreSQL). */
function apiPids(): number[] {
  const pid = primary.process.pid;
  const file = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

/** Established TCP connections on the API's port that process `pid` serves. */
function connectionsServedBy(pid: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {}
  }
  let count = 0;
  for (const table of ['tcp', 'tcp6']) {
    const file = `/proc/${pid}/net/${table}`;
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const localPort = Number.parseInt(fields[1].split(':')[1], 16);
      // State 01 is ESTABLISHED; field 9 is the socket's inode.
      if (localPort === port && fields[3] === '01' && inodes.has(fields[9])) count++;
    }
  }
  return count;
}

async function until(check: () => boolean, what: string) {
  for (let i = 0; i < 1_000; i++) {
    if (check()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function post(agent: http.Agent, query: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${apiUrl}/graphql`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.token}` },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify({ query }));
  });
}

describe('API_PROCESSES=2', () => {
  it('runs two api processes under the primary', () => {
    onTestFailed(() => printOutputs([primary]));
    expect(apiPids()).toHaveLength(2);
  });

  it('serves requests from both processes', async () => {
    onTestFailed(() => printOutputs([primary]));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    try {
      const answers = await Promise.all(range(1, 8).map(() => post(agent, '{ workspace { id } }')));
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.body)).toEqual({ data: { workspace: { id: ws.globalId } } });
      }
      // The kept-alive connections are spread over both api processes, and each answers.
      const pids = apiPids();
      for (const pid of pids) expect(connectionsServedBy(pid)).toBeGreaterThan(0);
      const again = await Promise.all(range(1, 8).map(() => post(agent, '{ workspace { id } }')));
      for (const answer of again) expect(answer.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('serves subscriptions from both processes, each delivering every event in order', async () => {
    onTestFailed(() => printOutputs([primary]));
    const pids = apiPids();
    await until(() => pids.every((pid) => connectionsServedBy(pid) === 0), 'idle processes');
    const job = await seedSyncJob(t.database.pool, ws.id);
    const clients = range(1, 6).map(() => wsClient(apiUrl, ws.token));
    try {
      // From afterSequence 0: whenever a subscription starts, it gets every event.
      const subs = clients.map(({ client }) =>
        subscribeWs<ProgressPayload>(
          client,
          SYNC_PROGRESS,
          { syncJobId: job.globalId, afterSequence: 0 },
          'syncProgress',
        ),
      );
      await until(
        () => pids.reduce((sum, pid) => sum + connectionsServedBy(pid), 0) === 6,
        'six WebSockets',
      );
      for (const pid of pids) expect(connectionsServedBy(pid)).toBeGreaterThan(0);
      const steps = runSteps(2);
      await publishSteps(t.database.pool, job, steps);
      for (const sub of subs) {
        const items = await sub.until((all) => all.length === steps.length);
        expect(sequences(items)).toEqual(range(1, steps.length));
        expect(items.at(-1)).toMatchObject({ status: 'SUCCEEDED', percent: 100 });
      }
    } finally {
      for (const { client } of clients) await client.dispose();
    }
  });

  it('stops every api process on SIGTERM, and exits 0', async () => {
    onTestFailed(() => printOutputs([primary]));
    const pids = apiPids();
    expect(pids).toHaveLength(2);
    primary.process.kill('SIGTERM');
    expect(await primary.exited).toBe(0);
    for (const pid of pids) expect(existsSync(`/proc/${pid}`)).toBe(false);
  });
});
