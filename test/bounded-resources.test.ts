import { type ClientRequest, type IncomingMessage, request } from 'node:http';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { type SilentProxy, startSilentProxy } from './support/silent-proxy.js';
import { sleep, waitFor } from './support/util.js';

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

/**
 * A list of `size` members with long names: its export is far more than the socket buffers
 * between the service and a client hold, so a client that does not read keeps it under way.
 */
async function bigList(t: TestApp, workspaceId: string, size: number): Promise<string> {
  const list = await t.database.pool.query<{ id: string }>(
    `insert into static_list (workspace_id, name) values ($1, 'Big ' || gen_random_uuid()) returning id`,
    [workspaceId],
  );
  await t.database.pool.query(
    `with leads as (
       insert into lead (workspace_id, email, first_name)
       select $1, 'big' || g || '-' || $2 || '@example.com', repeat('n', 150)
         from generate_series(1, $3::int) g
       returning id)
     insert into list_membership (workspace_id, list_id, lead_id, source)
     select $1, $2::bigint, id, 'MANUAL' from leads`,
    [workspaceId, list.rows[0].id, size],
  );
  return `/export/lists/${encodeURIComponent(encodeGlobalID('List', list.rows[0].id))}/members`;
}

/** An export whose client reads nothing after the headers: `res` is paused, never resumed. */
interface HeldExport {
  req: ClientRequest;
  res: Promise<IncomingMessage>;
}

function holdExport(t: TestApp, token: string, path: string): HeldExport {
  const req = request(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  req.on('error', () => undefined);
  const res = new Promise<IncomingMessage>((resolve) => {
    req.on('response', (response) => {
      response.on('error', () => undefined);
      response.pause();
      resolve(response);
    });
  });
  req.end();
  return { req, res };
}

/** Exports whose COPY is under way on the server (its backend still streaming). */
async function copiesUnderWay(t: TestApp): Promise<number> {
  const { rows } = await t.database.pool.query<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity
      where query like 'copy (select %' and state = 'active' and pid <> pg_backend_pid()`,
  );
  return rows[0].n;
}

describe('exports cannot take the connections uploads need', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      config: {
        dbAcquireTimeoutMs: 500,
        ingestConnections: 2,
        exportConnections: 3,
        exportConnectionsPerWorkspace: 2,
        // The held readers below read nothing for the whole test: no floor cuts them off.
        ingestIdleTimeoutMs: 600_000,
        ingestMinBytesPerSecond: 0,
      },
    });
  });
  afterAll(() => t?.close());

  it("holds one workspace's slow readers to its bound; another workspace uploads and exports meanwhile", async () => {
    const a = await t.workspace();
    const b = await t.workspace();
    const path = await bigList(t, a.id, 100_000);
    const held = [holdExport(t, a.token, path), holdExport(t, a.token, path)];
    try {
      for (const { res } of held) expect((await res).statusCode).toBe(200);
      await waitFor(async () => ((await copiesUnderWay(t)) === 2 ? true : undefined));

      // One export too many for A: 503 at once, with Retry-After, through the route's errors.
      const third = await fetch(`${t.url}${path}`, {
        headers: { authorization: `Bearer ${a.token}` },
      });
      expect(third.status).toBe(503);
      expect(third.headers.get('retry-after')).toBe('5');
      expect(await third.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });

      // B's upload and B's export go through while A's readers hold their exports.
      const upload = openUpload(t, b.token, '/ingest/leads');
      upload.req.end(`${email(1)}\n${email(2)}\n`);
      expect(await upload.status).toBe(200);
      expect(await storedLeads(t, b.id)).toBe(2);
      const small = await bigList(t, b.id, 10);
      const exported = await fetch(`${t.url}${small}`, {
        headers: { authorization: `Bearer ${b.token}` },
      });
      expect(exported.status).toBe(200);
      expect((await exported.text()).split('\n').filter(Boolean)).toHaveLength(11);

      // A's readers still hold theirs: nothing above waited for them to end.
      expect(await copiesUnderWay(t)).toBe(2);
    } finally {
      for (const { req } of held) req.destroy();
    }
    // Gone readers give their places back.
    await waitFor(async () => ((await copiesUnderWay(t)) === 0 ? true : undefined));
    const again = await fetch(`${t.url}${path}?format=ndjson`, {
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(again.status).toBe(200);
    await again.body?.cancel();
  });
});

describe('an export reader slower than the floor rate', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      config: {
        // Only the floor can end the export below: the idle limit is far away.
        ingestIdleTimeoutMs: 600_000,
        ingestMinBytesPerSecond: 1000,
        ingestRateWindowMs: 500,
      },
    });
  });
  afterAll(() => t?.close());

  it('is cut off, and its connection goes back to the pool', async () => {
    const ws = await t.workspace();
    const path = await bigList(t, ws.id, 100_000);
    const held = holdExport(t, ws.token, path);
    try {
      const res = await held.res;
      expect(res.statusCode).toBe(200);
      // The server ends the export: its COPY stops, and the body the client held ends short.
      await waitFor(
        async () => ((await copiesUnderWay(t)) === 0 ? true : undefined),
        20_000,
        'the server to cut the slow reader off',
      );
      const ended = new Promise<'complete' | 'cut off'>((resolve) => {
        res.on('end', () => resolve(res.complete ? 'complete' : 'cut off'));
        res.on('aborted', () => resolve('cut off'));
        res.on('error', () => resolve('cut off'));
        res.on('close', () => resolve(res.complete ? 'complete' : 'cut off'));
      });
      res.resume();
      expect(await ended).toBe('cut off');
    } finally {
      held.req.destroy();
    }
    // The export's connection was given back (destroyed, as a COPY cut short must be).
    const again = await fetch(`${t.url}${path}?format=ndjson`, {
      headers: { authorization: `Bearer ${ws.token}` },
    });
    expect(again.status).toBe(200);
    await again.body?.cancel();
  });
});
