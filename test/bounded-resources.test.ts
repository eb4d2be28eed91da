import { type ClientRequest, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { type SilentProxy, startSilentProxy } from './support/silent-proxy.js';
import { sleep } from './support/util.js';

/** An upload whose body the test writes piece by piece; `status` is its answer. */
interface OpenUpload {
  req: ClientRequest;
  status: Promise<number>;
  body: Promise<string>;
}

function openUpload(t: TestApp, token: string, path: string): OpenUpload {
  const req = request(`${t.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
  });
  req.on('error', () => undefined);
  let answered: (value: { status: number; body: string }) => void = () => undefined;
  const answer = new Promise<{ status: number; body: string }>((resolve) => {
    answered = resolve;
  });
  req.on('response', (res) => {
    let body = '';
    res.on('data', (chunk) => {
      body += chunk;
    });
    res.on('end', () => answered({ status: res.statusCode ?? 0, body }));
  });
  req.flushHeaders();
  return { req, status: answer.then((a) => a.status), body: answer.then((a) => a.body) };
}

const email = (n: number) => `lead${n}@example.com`;

async function storedLeads(t: TestApp, workspaceId: string): Promise<number> {
  const { rows } = await t.database.pool.query<{ n: number }>(
    'select count(*)::int as n from lead where workspace_id = $1',
    [workspaceId],
  );
  return rows[0].n;
}

describe('uploads cannot take the connections requests need', () => {
  let t: TestApp;
  let ws: TestWorkspace;

  beforeAll(async () => {
    // Two connections for requests and two for uploads, so that two uploads in flight would
    // starve every request if they shared one pool.
    t = await startTestApp({
      config: {
        dbPoolSize: 2,
        ingestConnections: 2,
        dbAcquireTimeoutMs: 500,
        ingestIdleTimeoutMs: 600,
        ingestMinBytesPerSecond: 1000,
        ingestRateWindowMs: 600,
      },
    });
    ws = await t.workspace();
  });
  afterAll(() => t?.close());

  it('answers requests while uploads hold their share; one upload too many gets 503', async () => {
    const uploads = [
      openUpload(t, ws.token, '/ingest/leads'),
      openUpload(t, ws.token, '/ingest/leads'),
    ];
    // Each upload keeps its body coming fast enough, so both hold a connection meanwhile.
    const keepAlive = setInterval(() => {
      for (const upload of uploads) upload.req.write(`${email(Math.random() * 1e9)}\n`.repeat(40));
    }, 50);
    try {
      await waitForUploadConnections(t, 2);
      expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
      const res = await t.gql('{ workspace { id } }', {}, ws.token);
      expect(res.data).toEqual({ workspace: { id: ws.globalId } });

      const third = openUpload(t, ws.token, '/ingest/leads');
      third.req.end(`${email(3)}\n`);
      expect(await third.status).toBe(503);
      expect(JSON.parse(await third.body)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    } finally {
      clearInterval(keepAlive);
    }
    for (const upload of uploads) upload.req.end();
    expect(await Promise.all(uploads.map((upload) => upload.status))).toEqual([200, 200]);
  });

  it('cuts off a body slower than the floor rate with 408 and stores nothing', async () => {
    const before = await storedLeads(t, ws.id);
    const slow = openUpload(t, ws.token, '/ingest/leads');
    // About 200 bytes a second, against a floor of 1,000.
    const trickle = setInterval(() => slow.req.write(`${email(Date.now())}\n`), 100);
    try {
      expect(await slow.status).toBe(408);
      expect(JSON.parse(await slow.body)).toMatchObject({ code: 'REQUEST_TIMEOUT' });
    } finally {
      clearInterval(trickle);
      slow.req.destroy();
    }
    expect(await storedLeads(t, ws.id)).toBe(before);
  });

  it('cuts off a body that stops sending with 408 and stores nothing', async () => {
    const before = await storedLeads(t, ws.id);
    const stalled = openUpload(t, ws.token, '/ingest/leads');
    stalled.req.write(`${email(1)}\n${email(2)}\n`);
    expect(await stalled.status).toBe(408);
    stalled.req.destroy();
    expect(await storedLeads(t, ws.id)).toBe(before);
  });
});

/** Waits until `n` upload connections are checked out of the upload pool. */
async function waitForUploadConnections(t: TestApp, n: number) {
  const pool = t.database.uploadPool;
  for (let i = 0; i < 400 && pool.totalCount - pool.idleCount < n; i++) {
    await sleep(25);
  }
  expect(pool.totalCount - pool.idleCount).toBe(n);
}

describe('a database that does not answer', () => {
  let t: TestApp;
  let ws: TestWorkspace;
  let proxy: SilentProxy;

  beforeAll(async () => {
    t = await startTestApp({
      config: { dbAcquireTimeoutMs: 1000 },
      databaseUrlFor: async (url) => {
        proxy = await startSilentProxy(url);
        return proxy.url;
      },
    });
    ws = await t.workspace();
  });
  afterAll(async () => {
    proxy?.resume();
    await t?.close();
    await proxy?.close();
  });

  it('answers /readyz 503 and GraphQL 503 instead of hanging, and recovers', async () => {
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    proxy.silence();
    try {
      const ready = await fetch(`${t.url}/readyz`);
      expect(ready.status).toBe(503);
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ws.token}` },
        body: JSON.stringify({ query: '{ workspace { id } }' }),
      });
      expect(res.status).toBe(503);
      const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    } finally {
      proxy.resume();
    }
    // Connections stuck while silent were discarded; new ones serve again.
    let recovered = 0;
    for (let i = 0; i < 100 && recovered !== 200; i++) {
      recovered = (await fetch(`${t.url}/readyz`)).status;
      if (recovered !== 200) await sleep(100);
    }
    expect(recovered).toBe(200);
    expect((await t.gql('{ workspace { id } }', {}, ws.token)).data).toEqual({
      workspace: { id: ws.globalId },
    });
  });
});
