import { request } from 'node:http';
import { gzipSync } from 'node:zlib';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { captureChanges } from './support/identity.js';
import { ecid, sleep } from './support/util.js';

let t: TestApp;
let ws: TestWorkspace;

interface Summary {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: { line: number; value: string; reason: string }[];
}

async function upload(
  path: string,
  body: string | Buffer,
  options: { token?: string | null; type?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Summary & { error?: string; code?: string } }> {
  const token = options.token === undefined ? ws.token : options.token;
  const response = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': options.type ?? 'text/plain',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...options.headers,
    },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: response.status, body: await response.json() };
}

let folderSeq = 0;
/** Creates an audience directly in the database; returns its global id and database id. */
async function createAudience(workspaceId: string): Promise<{ id: string; dbId: string }> {
  const folder = await t.database.pool.query<{ id: string }>(
    `INSERT INTO audience_folder (workspace_id, name, path) VALUES ($1, $2, $3) RETURNING id`,
    [workspaceId, `Folder ${++folderSeq}`, `Folder ${folderSeq}`],
  );
  const audience = await t.database.pool.query<{ id: string }>(
    `INSERT INTO audience (workspace_id, folder_id, external_id, name)
     VALUES ($1, $2, $3, $4) RETURNING id`,
    [workspaceId, folder.rows[0].id, `aud-${folderSeq}`, `Audience ${folderSeq}`],
  );
  const dbId = audience.rows[0].id;
  return { id: encodeGlobalID('Audience', dbId), dbId };
}

async function members(audienceDbId: string): Promise<string[]> {
  const { rows } = await t.database.pool.query<{ ecid: string }>(
    'SELECT ecid FROM audience_member WHERE audience_id = $1 ORDER BY ecid',
    [audienceDbId],
  );
  return rows.map((row) => row.ecid);
}

const membersPath = (audienceId: string, mode?: string) =>
  `/ingest/audiences/${encodeURIComponent(audienceId)}/members${mode ? `?mode=${mode}` : ''}`;

/** Waits until every connection of the request and upload pools is back and idle. */
async function poolSettled() {
  for (const pool of [t.database.pool, t.database.uploadPool]) {
    for (let i = 0; i < 200 && pool.totalCount !== pool.idleCount; i++) {
      await sleep(25);
    }
    expect(pool.totalCount).toBe(pool.idleCount);
  }
}

/** Waits until an upload's COPY into its staging table is running in PostgreSQL. */
async function copyRunning(): Promise<boolean> {
  for (let i = 0; i < 400; i++) {
    const { rows } = await t.database.pool.query(
      `SELECT 1 FROM pg_stat_activity
        WHERE datname = current_database() AND state = 'active'
          AND query LIKE 'COPY ingest_stage%'`,
    );
    if (rows.length > 0) return true;
    await sleep(25);
  }
  return false;
}

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
});
afterAll(() => t?.close());

describe('formats', () => {
  it('reads plain text with CRLF, blank lines, a header and a last line without newline', async () => {
    const audience = await createAudience(ws.id);
    const body = `ECID\r\n${ecid(1)}\r\n\r\n   \r\n${ecid(2)}\n\n${ecid(3)}`;
    const res = await upload(membersPath(audience.id, 'add'), body);
    expect(res).toEqual({
      status: 200,
      body: { accepted: 3, duplicates: 0, rejected: 0, errors: [] },
    });
    expect(await members(audience.dbId)).toEqual([ecid(1), ecid(2), ecid(3)]);
  });

  it('reads CSV without a header, quoted values and surrounding spaces', async () => {
    const audience = await createAudience(ws.id);
    const body = `"${ecid(1)}"\n  ${ecid(2)}  \n${ecid(3)}\n`;
    const res = await upload(membersPath(audience.id), body, { type: 'text/csv; charset=utf-8' });
    expect(res.body).toEqual({ accepted: 3, duplicates: 0, rejected: 0, errors: [] });
    expect(await members(audience.dbId)).toHaveLength(3);
  });

  it('skips the byte order mark of a spreadsheet export', async () => {
    const audience = await createAudience(ws.id);
    const body = Buffer.from(`\uFEFFECID\r\n${ecid(1)}\r\n`);
    const res = await upload(membersPath(audience.id), body, { type: 'text/csv' });
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, rejected: 0, errors: [] });
  });

  it('reads NDJSON and reports malformed objects by line', async () => {
    const audience = await createAudience(ws.id);
    const body = [
      JSON.stringify({ ecid: ecid(1) }),
      '',
      JSON.stringify({ ecid: ecid(2), extra: true }),
      '{"ecid": ',
      '[1,2]',
      JSON.stringify({ ecid: 12345 }),
      JSON.stringify({ other: 'x' }),
    ].join('\n');
    const res = await upload(membersPath(audience.id), body, { type: 'application/x-ndjson' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 0, rejected: 4 });
    expect(res.body.errors).toEqual([
      { line: 4, value: '{"ecid": ', reason: 'invalid JSON' },
      { line: 5, value: '[1,2]', reason: 'expected a JSON object' },
      { line: 6, value: '{"ecid":12345}', reason: 'ecid must be a string' },
      { line: 7, value: '{"other":"x"}', reason: 'ecid is missing' },
    ]);
    expect(await members(audience.dbId)).toEqual([ecid(1), ecid(2)]);
  });

  it('accepts a gzip-compressed body', async () => {
    const audience = await createAudience(ws.id);
    const lines = Array.from({ length: 1000 }, (_, i) => ecid(i)).join('\n');
    const res = await upload(membersPath(audience.id), gzipSync(lines), {
      headers: { 'content-encoding': 'gzip' },
    });
    expect(res.body).toMatchObject({ accepted: 1000, rejected: 0 });
    const broken = await upload(membersPath(audience.id), 'not gzip at all', {
      headers: { 'content-encoding': 'gzip' },
    });
    expect(broken.status).toBe(400);
  });

  it('rejects bad lines one by one and commits the valid ones', async () => {
    const audience = await createAudience(ws.id);
    const body = Buffer.concat([
      Buffer.from(`${ecid(1)}\n123\nnot-an-ecid\n`),
      Buffer.from([0x31, 0xff, 0xfe, 0x0a]), // invalid UTF-8 on line 4
      Buffer.from(`${'9'.repeat(5000)}\n`), // oversized line 5
      Buffer.from(`${ecid(1)},extra\n"${ecid(2)}\n${ecid(3)}\r\n`),
    ]);
    const res = await upload(membersPath(audience.id), body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 0, rejected: 6 });
    expect(res.body.errors.map((e) => [e.line, e.reason])).toEqual([
      [2, 'ECID must be exactly 38 digits'],
      [3, 'ECID must be exactly 38 digits'],
      [4, 'invalid UTF-8'],
      [5, 'line longer than 4096 bytes'],
      [6, 'expected at most 1 fields'],
      [7, 'unbalanced quotes'],
    ]);
    expect(res.body.errors[1].value).toBe('not-an-ecid');
    expect(res.body.errors[3].value.length).toBeLessThanOrEqual(201);
    expect(await members(audience.dbId)).toEqual([ecid(1), ecid(3)]);
  });

  it('lists the first 100 errors and counts them all', async () => {
    const audience = await createAudience(ws.id);
    const body = Array.from({ length: 250 }, (_, i) => `bad-${i}`).join('\n');
    const res = await upload(membersPath(audience.id), body);
    expect(res.body.rejected).toBe(250);
    expect(res.body.errors).toHaveLength(100);
    expect(res.body.errors[99]).toMatchObject({ line: 100, value: 'bad-99' });
  });

  it('answers 415 to other content types and encodings, changing nothing', async () => {
    const audience = await createAudience(ws.id);
    const variants: Record<string, string>[] = [
      { 'content-type': 'application/json' },
      { 'content-type': 'text/plain; charset=latin1' },
      { 'content-type': 'text/plain', 'content-encoding': 'br' },
    ];
    for (const headers of variants) {
      const res = await upload(membersPath(audience.id), ecid(1), { headers });
      expect(res.status).toBe(415);
      expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await members(audience.dbId)).toEqual([]);
  });

  it('handles an empty body', async () => {
    const audience = await createAudience(ws.id);
    const res = await upload(membersPath(audience.id), '');
    expect(res.body).toEqual({ accepted: 0, duplicates: 0, rejected: 0, errors: [] });
  });
});

describe('modes', () => {
  it('add counts members already stored and lines repeated as duplicates', async () => {
    const audience = await createAudience(ws.id);
    await upload(membersPath(audience.id, 'add'), `${ecid(1)}\n${ecid(2)}\n`);
    const res = await upload(
      membersPath(audience.id, 'add'),
      `${ecid(2)}\n${ecid(3)}\n${ecid(3)}\n${ecid(4)}\n`,
    );
    expect(res.body).toEqual({ accepted: 2, duplicates: 2, rejected: 0, errors: [] });
    expect(await members(audience.dbId)).toEqual([ecid(1), ecid(2), ecid(3), ecid(4)]);
  });

  it('remove deletes the listed members; unknown or repeated ECIDs are duplicates', async () => {
    const audience = await createAudience(ws.id);
    await upload(membersPath(audience.id), [1, 2, 3].map(ecid).join('\n'));
    const res = await upload(
      membersPath(audience.id, 'remove'),
      `ecid\n${ecid(1)}\n${ecid(1)}\n${ecid(9)}\nbad\n`,
    );
    expect(res.body).toMatchObject({ accepted: 1, duplicates: 2, rejected: 1 });
    expect(await members(audience.dbId)).toEqual([ecid(2), ecid(3)]);
  });

  it('replace makes the membership exactly the upload', async () => {
    const audience = await createAudience(ws.id);
    await upload(membersPath(audience.id), [1, 2, 3].map(ecid).join('\n'));
    const res = await upload(
      membersPath(audience.id, 'replace'),
      `${ecid(3)}\n${ecid(4)}\n${ecid(4)}\n${ecid(5)}`,
    );
    expect(res.body).toEqual({ accepted: 3, duplicates: 1, rejected: 0, errors: [] });
    expect(await members(audience.dbId)).toEqual([ecid(3), ecid(4), ecid(5)]);
  });

  it('replace leaves other audiences alone', async () => {
    const a = await createAudience(ws.id);
    const b = await createAudience(ws.id);
    await upload(membersPath(a.id), ecid(1));
    await upload(membersPath(b.id), ecid(1));
    await upload(membersPath(a.id, 'replace'), ecid(2));
    expect(await members(a.dbId)).toEqual([ecid(2)]);
    expect(await members(b.dbId)).toEqual([ecid(1)]);
  });

  it('answers 400 to an unknown mode', async () => {
    const audience = await createAudience(ws.id);
    const res = await upload(membersPath(audience.id, 'merge'), ecid(1));
    expect(res.status).toBe(400);
    expect(await members(audience.dbId)).toEqual([]);
  });
});

describe('announcements', () => {
  it('announces one change per upload, listing ECIDs only when few', async () => {
    const audience = await createAudience(ws.id);
    const seen = await captureChanges(async () => {
      await upload(membersPath(audience.id), `${ecid(1)}\n${ecid(2)}`);
      await upload(membersPath(audience.id), `${ecid(1)}`); // changes nothing
      const many = Array.from({ length: 10_001 }, (_, i) => ecid(100 + i)).join('\n');
      await upload(membersPath(audience.id), many);
    });
    expect(seen).toHaveLength(2);
    expect(seen[0]).toEqual({
      workspaceId: ws.id,
      kind: 'AUDIENCE_MEMBERS',
      audienceIds: [audience.dbId],
      ecids: [ecid(1), ecid(2)],
    });
    expect(seen[1]).toMatchObject({ kind: 'AUDIENCE_MEMBERS', audienceIds: [audience.dbId] });
    expect(seen[1].ecids).toBeUndefined();
  });
});

describe('auth', () => {
  it('answers 401 without a token or with a bad one', async () => {
    const audience = await createAudience(ws.id);
    expect((await upload(membersPath(audience.id), ecid(1), { token: null })).status).toBe(401);
    const bad = await upload(membersPath(audience.id), ecid(1), { token: 'ast_nope' });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('UNAUTHENTICATED');
    expect(await members(audience.dbId)).toEqual([]);
  });

  it('answers 403 to a token without the write scope', async () => {
    const audience = await createAudience(ws.id);
    const reader = await ws.tokenWith(['read']);
    const res = await upload(membersPath(audience.id), ecid(1), { token: reader });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatch(/write scope/);
    expect(await members(audience.dbId)).toEqual([]);
  });

  it("answers 404 for another workspace's audience and for ids that name none", async () => {
    const other = await t.workspace();
    const foreign = await createAudience(other.id);
    const res = await upload(membersPath(foreign.id), ecid(1));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect(await members(foreign.dbId)).toEqual([]);
    for (const id of [
      encodeGlobalID('List', foreign.dbId),
      'garbage',
      encodeGlobalID('Audience', '999999'),
    ]) {
      expect((await upload(membersPath(id), ecid(1))).status).toBe(404);
    }
  });

  it('answers 405 to other methods', async () => {
    const audience = await createAudience(ws.id);
    const res = await fetch(`${t.url}${membersPath(audience.id)}`, {
      headers: { authorization: `Bearer ${ws.token}` },
    });
    expect(res.status).toBe(405);
  });
});

describe('failures midway', () => {
  it('commits nothing when the client disconnects mid-body', async () => {
    const audience = await createAudience(ws.id);
    await upload(membersPath(audience.id), ecid(1));
    const req = request(`${t.url}${membersPath(audience.id, 'replace')}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${ws.token}` },
    });
    const closed = new Promise<void>((resolve) => {
      req.on('error', () => resolve());
      req.on('close', () => resolve());
    });
    req.write(`${Array.from({ length: 5000 }, (_, i) => ecid(1000 + i)).join('\n')}\n`);
    // Once the server is copying the body into PostgreSQL, the connection breaks off.
    expect(await copyRunning()).toBe(true);
    req.destroy();
    await closed;
    await poolSettled();
    expect(await members(audience.dbId)).toEqual([ecid(1)]);
  });

  it('commits nothing when the database connection fails mid-upload', async () => {
    const audience = await createAudience(ws.id);
    const req = request(`${t.url}${membersPath(audience.id)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${ws.token}` },
    });
    const response = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
    });
    req.write(`${Array.from({ length: 2000 }, (_, i) => ecid(i)).join('\n')}\n`);
    // Once the upload's COPY runs, its database session is killed.
    expect(await copyRunning()).toBe(true);
    const { rows: killed } = await t.database.pool.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND query LIKE 'COPY ingest_stage%'`,
    );
    expect(killed).toHaveLength(1);
    req.end(`${ecid(5000)}\n`);
    expect(await response).toBe(500);
    await poolSettled();
    expect(await members(audience.dbId)).toEqual([]);
  });
});

describe('concurrency', () => {
  it('counts a member that another writer inserts meanwhile as a duplicate', async () => {
    const audience = await createAudience(ws.id);
    const other = await t.database.pool.connect();
    try {
      await other.query('BEGIN');
      await other.query(
        'INSERT INTO audience_member (workspace_id, audience_id, ecid) VALUES ($1, $2, $3)',
        [ws.id, audience.dbId, ecid(2)],
      );
      const pending = upload(membersPath(audience.id), `${ecid(1)}\n${ecid(2)}\n${ecid(3)}\n`);
      // The upload's insert now waits on the other writer's uncommitted row.
      for (let i = 0; i < 200; i++) {
        const { rows } = await t.database.pool.query(
          `SELECT 1 FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND query LIKE '%INSERT INTO audience_member%'`,
        );
        if (rows.length > 0) break;
        await sleep(25);
      }
      await other.query('COMMIT');
      expect((await pending).body).toEqual({
        accepted: 2,
        duplicates: 1,
        rejected: 0,
        errors: [],
      });
    } finally {
      other.release();
    }
    expect(await members(audience.dbId)).toEqual([ecid(1), ecid(2), ecid(3)]);
  });

  it('concurrent adds to one audience end with the union and no duplicate rows', async () => {
    const audience = await createAudience(ws.id);
    const range = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => ecid(from + i)).join('\n');
    const results = await Promise.all([
      upload(membersPath(audience.id), range(0, 3000)),
      upload(membersPath(audience.id), range(2000, 5000)),
      upload(membersPath(audience.id), range(1000, 4000)),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const accepted = results.reduce((sum, r) => sum + r.body.accepted, 0);
    const duplicates = results.reduce((sum, r) => sum + r.body.duplicates, 0);
    expect(accepted).toBe(5000);
    expect(duplicates).toBe(9000 - 5000);
    const { rows } = await t.database.pool.query(
      `SELECT count(*)::int AS n, count(DISTINCT ecid)::int AS d FROM audience_member
        WHERE audience_id = $1`,
      [audience.dbId],
    );
    expect(rows[0]).toEqual({ n: 5000, d: 5000 });
  });
});
