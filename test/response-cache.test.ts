import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countStatements,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from './support/harness.js';
import { cookie, Seed } from './support/sync-seed.js';
import { ecid, waitFor } from './support/util.js';

/**
 * The response cache, end to end on two api processes sharing one database: this process
 * (which also runs the sync worker) and a second `ROLE=api` process. Both cache answers and
 * tokens for far longer than any test, so only the change signals can make an answer change.
 */

const TTL_MS = '600000';
let t: TestApp;
let ws: TestWorkspace;
let other: TestWorkspace;
let otherUrl: string;
let child: ChildProcess;

interface Answer {
  status: number;
  data?: Record<string, unknown>;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function gqlAt(url: string, query: string, token: string, variables = {}): Promise<Answer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<Answer, 'status'>;
  return { status: response.status, ...body };
}

/** Both api processes, by name, as the tests address them. */
const processes = () => ({ here: t.url, there: otherUrl });

/** The data of a query that must succeed. */
async function read(url: string, query: string, token = ws.token, variables = {}) {
  const answer = await gqlAt(url, query, token, variables);
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data as Record<string, never>;
}

/** Polls a read on `url` until `pick` gives `expected`: the change reached that process. */
function readsEventually(
  url: string,
  query: string,
  pick: (data: never) => unknown,
  expected: unknown,
  variables = {},
) {
  return waitFor(
    async () => {
      const data = await read(url, query, ws.token, variables);
      return JSON.stringify(pick(data as never)) === JSON.stringify(expected) ? true : undefined;
    },
    15_000,
    `${url} to answer ${JSON.stringify(expected)}`,
  );
}

beforeAll(async () => {
  t = await startTestApp({
    worker: true,
    config: {
      responseCacheMaxEntries: 1000,
      responseCacheTtlMs: Number(TTL_MS),
      tokenCacheTtlMs: Number(TTL_MS),
      syncDebounceMs: 50,
      progressThrottleMs: 0,
    },
  });
  ws = await t.workspace({ name: 'Cached' });
  other = await t.workspace({ name: 'Other' });
  await new Seed(t.database.pool, ws.id).integration();
  child = spawn('npx', ['tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: t.databaseUrl,
      ROLE: 'api',
      PORT: '0',
      RESPONSE_CACHE_MAX_ENTRIES: '1000',
      RESPONSE_CACHE_TTL_MS: TTL_MS,
      TOKEN_CACHE_TTL_MS: TTL_MS,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  otherUrl = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL API and GraphiQL at (\S+)\/graphql/.exec(output);
      if (match) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`api process ended: ${output}`)));
  });
});

afterAll(async () => {
  if (child?.pid && child.exitCode === null && child.signalCode === null) {
    const exited = once(child, 'exit');
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
  await t?.close();
});

const AUDIENCE = `query CachedAudience($id: ID!) { audience(id: $id) { name memberCount } }`;

/** An audience made through the API (so that its creation is announced), by global id. */
async function audience(externalId: string): Promise<string> {
  const data = await read(
    t.url,
    `mutation { createAudienceFolder(input: { name: "F ${externalId}" }) {
       ... on CreateAudienceFolderSuccess { folder { id } } } }`,
  );
  const folderId = (data.createAudienceFolder as { folder: { id: string } }).folder.id;
  const upserted = await read(
    t.url,
    `mutation($folderId: ID!, $externalId: String!) {
       upsertAudience(input: { folderId: $folderId, externalId: $externalId, name: $externalId }) {
         ... on UpsertAudienceSuccess { audience { id } } } }`,
    ws.token,
    { folderId, externalId },
  );
  return (upserted.upsertAudience as { audience: { id: string } }).audience.id;
}

describe('answers are cached', () => {
  it('serves a repeated read from the cache: no statement, and blind to unannounced SQL', async () => {
    const id = await audience('seg-cached');
    const query = `{ audience(id: "${id}") { name } }`;
    for (const url of Object.values(processes())) await read(url, query);
    // The in-process worker's background scans may run a statement during any one read, so
    // the least of three reads is what a cached read costs; an uncached one costs at least one.
    const statements: number[] = [];
    for (let i = 0; i < 3; i++) {
      statements.push(
        await countStatements(t, async () => {
          expect(await read(t.url, query)).toEqual({ audience: { name: 'seg-cached' } });
        }),
      );
    }
    expect(Math.min(...statements)).toBe(0);
    // A change behind every writer's back (no announcement) stays unseen: the answer is cached.
    await t.database.pool.query(
      `update audience set name = 'renamed by hand' where external_id = 'seg-cached'`,
    );
    for (const url of Object.values(processes())) {
      expect(await read(url, query)).toEqual({ audience: { name: 'seg-cached' } });
    }
  });

  it('answers every hit with the very bytes of the first answer', async () => {
    const id = await audience('seg-bytes');
    const query = `{ audience(id: "${id}") { id name createdAt folder { path } } }`;
    const body = async () => {
      const response = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.token}` },
        body: JSON.stringify({ query }),
      });
      expect(response.status).toBe(200);
      return response.text();
    };
    const first = await body();
    expect(JSON.parse(first).data.audience.name).toBe('seg-bytes');
    const hits = [await body(), await body()];
    expect(hits).toEqual([first, first]);
  });
});

describe('what changes an answer makes the next read show it', () => {
  it('a mutation, on the process that made it at once and on the other one', async () => {
    const id = await audience('seg-mutated');
    for (const url of Object.values(processes())) await read(url, AUDIENCE, ws.token, { id });
    const folder = await read(
      t.url,
      `mutation { createAudienceFolder(input: { name: "Renamed" }) {
         ... on CreateAudienceFolderSuccess { folder { id } } } }`,
    );
    const folderId = (folder.createAudienceFolder as { folder: { id: string } }).folder.id;
    await read(
      t.url,
      `mutation($folderId: ID!) { upsertAudience(input: { folderId: $folderId, externalId: "seg-mutated", name: "Mutated" }) { __typename } }`,
      ws.token,
      { folderId },
    );
    expect(await read(t.url, AUDIENCE, ws.token, { id })).toEqual({
      audience: { name: 'Mutated', memberCount: 0 },
    });
    await readsEventually(
      otherUrl,
      AUDIENCE,
      (d: never) => d,
      { audience: { name: 'Mutated', memberCount: 0 } },
      { id },
    );
  });

  it('an upload, on the process that took it at once and on the other one', async () => {
    const id = await audience('seg-uploaded');
    const query = `{ audience(id: "${id}") { memberCount } }`;
    for (const url of Object.values(processes())) {
      expect(await read(url, query)).toEqual({ audience: { memberCount: 0 } });
    }
    const response = await fetch(
      `${otherUrl}/ingest/audiences/${encodeURIComponent(id)}/members?mode=add`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${ws.token}`, 'content-type': 'text/plain' },
        body: `${ecid(1)}\n${ecid(2)}\n`,
      },
    );
    expect(response.status).toBe(200);
    expect(await read(otherUrl, query)).toEqual({ audience: { memberCount: 2 } });
    await readsEventually(t.url, query, (d: never) => d, { audience: { memberCount: 2 } });
  });

  it('an association, a finished run and a pause, on both processes', async () => {
    const seed = new Seed(t.database.pool, ws.id);
    const audienceId = await audience('seg-synced');
    const dbId = decodeGlobalID(audienceId).id;
    await seed.members(dbId, [ecid(77)]);
    await seed.cookieSync(ecid(77), cookie('synced'));
    const started = await read(
      t.url,
      `mutation($audienceId: ID!) { startAudienceSync(input: { audienceId: $audienceId, newListName: "Synced" }) {
         ... on StartAudienceSyncSuccess { syncJob { id } } } }`,
      ws.token,
      { audienceId },
    );
    const jobId = (started.startAudienceSync as { syncJob: { id: string } }).syncJob.id;
    const job = `{ syncJob(id: "${jobId}") { status lastRun { status stats { matchedLeads } } list { memberCount } } }`;
    const pick = (d: never) => {
      const syncJob = (d as { syncJob: Record<string, never> }).syncJob;
      return {
        status: syncJob.status,
        run: (syncJob.lastRun as { status: string }).status,
        members: (syncJob.list as { memberCount: number }).memberCount,
      };
    };
    // The INITIAL run ends (the cookie has no lead yet): both processes show it.
    for (const url of Object.values(processes())) {
      await readsEventually(url, job, pick, { status: 'ACTIVE', run: 'SUCCEEDED', members: 0 });
    }
    // An association (uploaded on the other process) gives the cookie a lead: the lead exists
    // at once, and the incremental run it triggers brings it onto the list.
    const leadQuery = `{ leads(email: "synced@example.com") { totalCount } }`;
    for (const url of Object.values(processes())) {
      expect(await read(url, leadQuery)).toEqual({ leads: { totalCount: 0 } });
    }
    const response = await fetch(`${otherUrl}/ingest/associations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.token}`, 'content-type': 'text/csv' },
      body: `${cookie('synced')},synced@example.com\n`,
    });
    expect(response.status).toBe(200);
    expect(await read(otherUrl, leadQuery)).toEqual({ leads: { totalCount: 1 } });
    await readsEventually(t.url, leadQuery, (d: never) => d, { leads: { totalCount: 1 } });
    for (const url of Object.values(processes())) {
      await readsEventually(url, job, pick, { status: 'ACTIVE', run: 'SUCCEEDED', members: 1 });
    }
    // A pause made on the other process.
    await read(otherUrl, `mutation { pauseSyncJob(input: { id: "${jobId}" }) { __typename } }`);
    expect(pick((await read(otherUrl, job)) as never)).toEqual({
      status: 'PAUSED',
      run: 'SUCCEEDED',
      members: 1,
    });
    await readsEventually(t.url, job, pick, { status: 'PAUSED', run: 'SUCCEEDED', members: 1 });
  });
});

describe('scoped to the caller', () => {
  it('never answers one workspace with what another was answered', async () => {
    const query = '{ workspace { name } audiences(first: 5) { totalCount } }';
    for (const url of Object.values(processes())) {
      const mine = await read(url, query);
      await read(url, query, other.token);
      const theirs = await read(url, query, other.token);
      expect((mine.workspace as { name: string }).name).toBe('Cached');
      expect(theirs).toEqual({ workspace: { name: 'Other' }, audiences: { totalCount: 0 } });
      expect(await read(url, query)).toEqual(mine);
    }
  });

  it('answers a token without the read scope as without the cache', async () => {
    const writeOnly = await ws.tokenWith(['write']);
    const query = '{ workspace { name } }';
    for (const url of Object.values(processes())) {
      await read(url, query);
      const answer = await gqlAt(url, query, writeOnly);
      expect(answer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('refuses a revoked token at once, cached answers and cached token alike', async () => {
    const token = await ws.tokenWith(['read']);
    const query = '{ workspace { name } }';
    for (const url of Object.values(processes())) {
      await read(url, query, token);
      expect(await read(url, query, token)).toEqual({ workspace: { name: 'Cached' } });
    }
    expect(await t.app.services.workspaces.revokeToken(token)).toBe(true);
    expect((await gqlAt(t.url, query, token)).status).toBe(401);
    await waitFor(
      async () => ((await gqlAt(otherUrl, query, token)).status === 401 ? true : undefined),
      15_000,
      'the other process to refuse the revoked token',
    );
    // Other tokens of the workspace are still answered.
    for (const url of Object.values(processes())) {
      expect(await read(url, query)).toEqual({ workspace: { name: 'Cached' } });
    }
  });
});
