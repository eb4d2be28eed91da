import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { cookie, gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';
import { ecid, waitFor } from './support/util.js';

let t: TestApp;
let ws: TestWorkspace;
let listId: string;
let runId: string;
let jobId: string;
let audienceId: string;
const LEADS = 40;

const Counts = graphql(/* GraphQL */ `
  query ExportCounts($list: ID!, $run: ID!) {
    list(id: $list) {
      memberCount
    }
    node(id: $run) {
      ... on SyncRun {
        changes {
          totalCount
        }
      }
    }
  }
`);

const RUN_NOW = `mutation ExportRunNow($input: RunSyncJobNowInput!) {
  runSyncJobNow(input: $input) { __typename }
}`;

/** A synced list of LEADS leads (one with a name that needs quoting) plus one manual member. */
beforeAll(async () => {
  t = await startTestApp({ worker: { watchdogMs: 500 }, config: { syncDebounceMs: 50 } });
  ws = await t.workspace();
  const seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
  audienceId = await seed.audience('Export');
  const ecids: string[] = [];
  for (let n = 1; n <= LEADS; n++) {
    const lead = await seed.lead(`e${n}@example.com`);
    await seed.cookie(cookie(`e${n}`), lead);
    await seed.cookieSync(ecid(n), cookie(`e${n}`));
    ecids.push(ecid(n));
  }
  await t.database.pool.query(
    `update lead set first_name = $2, last_name = 'Back\\slash' where workspace_id = $1 and email = 'e1@example.com'`,
    [ws.id, 'O"Brien, Jr.\nthe first'],
  );
  await seed.members(audienceId, ecids);
  const job = startedJob(
    await startSync(t, ws.token, { audienceId: gid('Audience', audienceId), newListName: 'Exp' }),
  );
  jobId = decodeGlobalID(job.id).id;
  const done = await settled(t, ws.token, jobId);
  listId = job.list.id;
  runId = done.lastRun?.id as string;
  const manual = await seed.lead('manual@example.com');
  await seed.listMember(decodeGlobalID(listId).id, manual, 'MANUAL');
});
afterAll(() => t?.close());

const seed = () => new Seed(t.database.pool, ws.id);

function get(path: string, token?: string, headers: Record<string, string> = {}) {
  return fetch(`${t.url}${path}`, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}

/** A minimal RFC 4180 reader, enough to check what the export wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

describe('exports', () => {
  it("streams a list's members as CSV and NDJSON, as many rows as the list has members", async () => {
    const counts = await t.gql(Counts, { list: listId, run: runId }, ws.token);
    const memberCount = counts.data.list?.memberCount;
    expect(memberCount).toBe(LEADS + 1);

    const csv = await get(
      `/export/lists/${encodeURIComponent(listId)}/members?format=csv`,
      ws.token,
    );
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
    const rows = parseCsv(await csv.text());
    expect(rows[0]).toEqual(['email', 'firstName', 'lastName', 'source', 'addedAt']);
    expect(rows.length - 1).toBe(memberCount);
    const first = rows.find((row) => row[0] === 'e1@example.com');
    expect(first?.slice(1, 4)).toEqual(['O"Brien, Jr.\nthe first', 'Back\\slash', 'SYNC']);
    expect(Number.isNaN(Date.parse(first?.[4] ?? ''))).toBe(false);
    expect(rows.filter((row) => row[3] === 'MANUAL').map((row) => row[0])).toEqual([
      'manual@example.com',
    ]);

    const ndjson = await get(
      `/export/lists/${encodeURIComponent(listId)}/members?format=ndjson`,
      ws.token,
    );
    expect(ndjson.status).toBe(200);
    expect(ndjson.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await ndjson.text()).split('\n').filter(Boolean);
    expect(lines.length).toBe(memberCount);
    const records = lines.map((line) => JSON.parse(line));
    expect(records.find((record) => record.email === 'e1@example.com')).toMatchObject({
      firstName: 'O"Brien, Jr.\nthe first',
      lastName: 'Back\\slash',
      source: 'SYNC',
    });
    expect(Object.keys(records[0])).toEqual([
      'email',
      'firstName',
      'lastName',
      'source',
      'addedAt',
    ]);
  });

  it("streams a run's changes in both formats, as many rows as SyncRun.changes counts", async () => {
    const counts = await t.gql(Counts, { list: listId, run: runId }, ws.token);
    const node = counts.data.node as { changes: { totalCount: number } };
    expect(node.changes.totalCount).toBe(LEADS);
    const csv = await get(`/export/sync-runs/${encodeURIComponent(runId)}/changes`, ws.token);
    expect(csv.status).toBe(200);
    const rows = parseCsv(await csv.text());
    expect(rows[0]).toEqual(['email', 'kind', 'at']);
    expect(rows.length - 1).toBe(node.changes.totalCount);
    expect(new Set(rows.slice(1).map((row) => row[1]))).toEqual(new Set(['ENTERED']));
    const ndjson = await get(
      `/export/sync-runs/${encodeURIComponent(runId)}/changes?format=ndjson`,
      ws.token,
    );
    const lines = (await ndjson.text()).split('\n').filter(Boolean);
    expect(lines.length).toBe(node.changes.totalCount);
    expect(Object.keys(JSON.parse(lines[0]))).toEqual(['email', 'kind', 'at']);
  });

  it('neutralises CSV cells a spreadsheet would run as formulas; NDJSON keeps the values as stored', async () => {
    const list = await t.database.pool.query<{ id: string }>(
      `insert into static_list (workspace_id, name) values ($1, 'Formulas') returning id`,
      [ws.id],
    );
    // OWASP's CSV injection rule: a cell starting with =, +, -, @, tab or carriage return.
    const names = [
      '=HYPERLINK("http://x","y")',
      '+1+2',
      '-3+4',
      '@SUM(A1)',
      '\t=1+1',
      '\r=1+1',
      'Plain = fine',
    ];
    for (const [n, name] of names.entries()) {
      const lead = await seed().lead(`formula${n}@example.com`);
      await t.database.pool.query('update lead set first_name = $2 where id = $1', [lead, name]);
      await seed().listMember(list.rows[0].id, lead, 'MANUAL');
    }
    const formula = await seed().lead('=cmd|calc@example.com');
    await seed().listMember(list.rows[0].id, formula, 'MANUAL');
    const path = `/export/lists/${encodeURIComponent(gid('List', list.rows[0].id))}/members`;

    const text = await (await get(`${path}?format=csv`, ws.token)).text();
    // Quoted as CSV requires: the cell holds quotes and a comma.
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    const rows = parseCsv(text).slice(1);
    expect(rows.map((row) => row[1])).toEqual([
      ...names.map((name, n) => (n < 6 ? `'${name}` : name)),
      '',
    ]);
    expect(rows.at(-1)?.[0]).toBe("'=cmd|calc@example.com");

    const records = (await (await get(`${path}?format=ndjson`, ws.token)).text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { email: string; firstName: string | null });
    expect(records.map((record) => record.firstName)).toEqual([...names, null]);
    expect(records.at(-1)?.email).toBe('=cmd|calc@example.com');
  });

  it('answers 401 without a token, 403 without the read scope, 404 for another workspace', async () => {
    const path = `/export/lists/${encodeURIComponent(listId)}/members`;
    expect((await get(path)).status).toBe(401);
    expect((await get(path, 'not-a-token')).status).toBe(401);
    expect((await get(path, await ws.tokenWith(['write']))).status).toBe(403);
    const other = await t.workspace();
    const foreign = await get(path, other.token);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      (await get(`/export/sync-runs/${encodeURIComponent(runId)}/changes`, other.token)).status,
    ).toBe(404);
    expect((await get(`/export/lists/nonsense/members`, ws.token)).status).toBe(404);
    const badFormat = await get(`${path}?format=xml`, ws.token);
    expect(badFormat.status).toBe(400);
    expect(await badFormat.json()).toMatchObject({ code: 'VALIDATION' });
  });

  it('gives the pool its connection back when a client leaves mid-export', async () => {
    const controller = new AbortController();
    const response = await fetch(`${t.url}/export/lists/${encodeURIComponent(listId)}/members`, {
      headers: { authorization: `Bearer ${ws.token}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    controller.abort();
    // Every connection of the export pool is still usable afterwards.
    for (let i = 0; i < t.app.config.exportConnections + 1; i++) {
      const again = await get(`/export/sync-runs/${encodeURIComponent(runId)}/changes`, ws.token);
      expect(again.status).toBe(200);
      await again.text();
    }
  });

  it('exports a run that removed leads with its LEFT rows, one per removed lead', async () => {
    await t.database.pool.query(
      'delete from audience_member where workspace_id = $1 and audience_id = $2 and ecid = any($3::text[])',
      [ws.id, audienceId, [ecid(2), ecid(3)]],
    );
    await t.gql(RUN_NOW, { input: { id: gid('SyncJob', jobId) } }, ws.token);
    const done = await waitFor(async () => {
      const job = await settled(t, ws.token, jobId);
      return job.lastRun?.id !== runId ? job : undefined;
    });
    expect(done.lastRun?.stats).toMatchObject({ added: 0, removed: 2 });
    const path = `/export/sync-runs/${encodeURIComponent(done.lastRun?.id as string)}/changes`;
    const rows = parseCsv(await (await get(path, ws.token)).text());
    expect(rows[0]).toEqual(['email', 'kind', 'at']);
    expect(rows.slice(1).map(([email, kind]) => [email, kind])).toEqual([
      ['e2@example.com', 'LEFT'],
      ['e3@example.com', 'LEFT'],
    ]);
    expect(rows.slice(1).every(([, , at]) => !Number.isNaN(Date.parse(at)))).toBe(true);
    const lines = (await (await get(`${path}?format=ndjson`, ws.token)).text())
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { email: string; kind: string });
    expect(lines.map(({ email, kind }) => [email, kind])).toEqual([
      ['e2@example.com', 'LEFT'],
      ['e3@example.com', 'LEFT'],
    ]);
  });

  it('cuts the response off, not ends it, when the COPY fails after the headers went out', async () => {
    // A list big enough that its export is still being written while the client is not reading.
    const bulk = await t.database.pool.query<{ id: string }>(
      `insert into static_list (workspace_id, name) values ($1, 'Bulk') returning id`,
      [ws.id],
    );
    await t.database.pool.query(
      `with leads as (
         insert into lead (workspace_id, email)
         select $1, 'bulk' || g || '@example.com' from generate_series(1, 200000) g returning id)
       insert into list_membership (workspace_id, list_id, lead_id, source)
       select $1, $2, id, 'MANUAL' from leads`,
      [ws.id, bulk.rows[0].id],
    );
    const response = await get(
      `/export/lists/${encodeURIComponent(gid('List', bulk.rows[0].id))}/members`,
      ws.token,
    );
    expect(response.status).toBe(200);
    // The COPY is held by backpressure; its backend goes away (a failover, an operator).
    const copy = await waitFor(async () => {
      const { rows } = await t.database.pool.query<{ pid: number }>(
        `select pid from pg_stat_activity where query like 'copy (select %l.email%' and pid <> pg_backend_pid()`,
      );
      return rows[0];
    });
    await t.database.pool.query('select pg_terminate_backend($1)', [copy.pid]);
    await expect(response.text()).rejects.toThrow();
  });
});
