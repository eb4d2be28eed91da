import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { captureChanges, configuredWorkspace, IMS_ORG } from './support/identity.js';
import { ecid } from './support/util.js';

let t: TestApp;

const cookie = (n: number) => `_mch-example.com-${n}`;

interface Summary {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: { line: number; value: string; reason: string }[];
  error?: string;
  code?: string;
}

async function upload(
  ws: TestWorkspace,
  path: string,
  body: string,
  type = 'text/csv',
): Promise<{ status: number; body: Summary }> {
  const response = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': type, authorization: `Bearer ${ws.token}` },
    body,
  });
  return { status: response.status, body: await response.json() };
}

/** A workspace with the Experience Cloud integration configured. */
async function rows<T>(sql: string, params: unknown[]): Promise<T[]> {
  return (await t.database.pool.query(sql, params)).rows as T[];
}

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('POST /ingest/cookie-syncs', () => {
  it('stores each pair once, creates anonymous cookies and announces the change', async () => {
    const ws = await configuredWorkspace(t);
    const body = [
      'ecid,cookieId',
      `${ecid(1)},${cookie(1)}`,
      `${ecid(1)},${cookie(2)}`,
      `${ecid(2)},"${cookie(2)}"`,
      `${ecid(1)},${cookie(1)}`,
      `${ecid(3)},not-a-cookie`,
      `${ecid(3)}`,
      '',
    ].join('\r\n');
    let res!: Awaited<ReturnType<typeof upload>>;
    const changes = await captureChanges(async () => {
      res = await upload(ws, '/ingest/cookie-syncs', body);
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 3, duplicates: 1, rejected: 2 });
    expect(res.body.errors.map((e) => [e.line, e.reason])).toEqual([
      [6, expect.stringMatching(/^cookieId: cookie id must start with _mch-/)],
      [7, 'cookieId is missing'],
    ]);
    expect(
      await rows('SELECT ecid, cookie_id FROM cookie_sync WHERE workspace_id = $1 ORDER BY 1, 2', [
        ws.id,
      ]),
    ).toEqual([
      { ecid: ecid(1), cookie_id: cookie(1) },
      { ecid: ecid(1), cookie_id: cookie(2) },
      { ecid: ecid(2), cookie_id: cookie(2) },
    ]);
    expect(
      await rows(
        'SELECT cookie_id, lead_id FROM munchkin_cookie WHERE workspace_id = $1 ORDER BY 1',
        [ws.id],
      ),
    ).toEqual([
      { cookie_id: cookie(1), lead_id: null },
      { cookie_id: cookie(2), lead_id: null },
    ]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ workspaceId: ws.id, kind: 'COOKIE_SYNCS' });
    expect(changes[0].ecids?.sort()).toEqual([ecid(1), ecid(2)]);
    expect(changes[0].cookieIds?.sort()).toEqual([cookie(1), cookie(2)]);

    const again = await captureChanges(async () => {
      res = await upload(ws, '/ingest/cookie-syncs', body);
    });
    expect(res.body).toMatchObject({ accepted: 0, duplicates: 4, rejected: 2 });
    expect(again).toEqual([]);
  });

  it('reads NDJSON, and a header in another column order', async () => {
    const ws = await configuredWorkspace(t);
    const ndjson = `${JSON.stringify({ ecid: ecid(1), cookieId: cookie(1) })}\n`;
    const a = await upload(ws, '/ingest/cookie-syncs', ndjson, 'application/x-ndjson');
    expect(a.body).toMatchObject({ accepted: 1, rejected: 0 });
    const csv = `cookie_id,ECID\n${cookie(2)},${ecid(2)}\n`;
    const b = await upload(ws, '/ingest/cookie-syncs', csv, 'text/plain');
    expect(b.body).toMatchObject({ accepted: 1, rejected: 0 });
    expect(
      await rows('SELECT ecid FROM cookie_sync WHERE workspace_id = $1 AND cookie_id = $2', [
        ws.id,
        cookie(2),
      ]),
    ).toEqual([{ ecid: ecid(2) }]);
  });

  it('answers 400 to a header that lacks a column, storing nothing', async () => {
    const ws = await configuredWorkspace(t);
    const res = await upload(ws, '/ingest/cookie-syncs', `ecid\n${ecid(1)}\n`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/lacks the column cookieId/);
    expect(await rows('SELECT 1 FROM cookie_sync WHERE workspace_id = $1', [ws.id])).toEqual([]);
  });

  it('is refused, before reading the body, where recordCookieSync is', async () => {
    const line = `${ecid(1)},${cookie(1)}\n`;
    const hipaa = await t.workspace({ hipaaReady: true });
    const notConfigured = await t.workspace();
    const disabled = await configuredWorkspace(t, false);
    const enabled = await configuredWorkspace(t);
    const cases: [TestWorkspace, string, number, string][] = [
      [hipaa, '/ingest/cookie-syncs', 403, 'HIPAA_RESTRICTED'],
      [notConfigured, '/ingest/cookie-syncs', 409, 'INTEGRATION_NOT_CONFIGURED'],
      [disabled, '/ingest/cookie-syncs', 403, 'COOKIE_SYNC_DISABLED'],
      [
        enabled,
        '/ingest/cookie-syncs?imsOrgId=FFFFFFFFFFFFFFFFFFFFFFFF@AdobeOrg',
        409,
        'IMS_ORG_MISMATCH',
      ],
      [enabled, '/ingest/cookie-syncs?imsOrgId=nope', 400, 'VALIDATION'],
    ];
    for (const [ws, path, status, code] of cases) {
      const res = await upload(ws, path, line);
      expect([res.status, res.body.code]).toEqual([status, code]);
    }
    const ok = await upload(enabled, `/ingest/cookie-syncs?imsOrgId=${IMS_ORG}`, line);
    expect(ok.body).toMatchObject({ accepted: 1 });
    const stored = await rows<{ workspace_id: string }>(
      'SELECT workspace_id FROM cookie_sync WHERE workspace_id = ANY($1)',
      [[hipaa.id, notConfigured.id, disabled.id, enabled.id]],
    );
    expect(stored).toEqual([{ workspace_id: enabled.id }]);
  });
});

describe('POST /ingest/leads', () => {
  it('creates leads, updates names, counts unchanged and repeated lines as duplicates', async () => {
    const ws = await t.workspace();
    const first = await upload(
      ws,
      '/ingest/leads',
      [
        'email,firstName,lastName',
        'Ada@Example.com,Ada,Lovelace',
        '"grace@example.com","Hopper, Grace",',
        'alan@example.com',
        'not-an-email,X,Y',
        'alan@example.com,Alan,Turing',
      ].join('\n'),
    );
    expect(first.body).toMatchObject({ accepted: 3, duplicates: 1, rejected: 1 });
    expect(first.body.errors).toEqual([
      {
        line: 5,
        value: 'not-an-email,X,Y',
        reason: 'email: not a valid email address',
      },
    ]);
    const leads = () =>
      rows('SELECT email, first_name, last_name FROM lead WHERE workspace_id = $1 ORDER BY email', [
        ws.id,
      ]);
    expect(await leads()).toEqual([
      { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace' },
      { email: 'alan@example.com', first_name: 'Alan', last_name: 'Turing' },
      { email: 'grace@example.com', first_name: 'Hopper, Grace', last_name: null },
    ]);
    const second = await upload(
      ws,
      '/ingest/leads',
      [
        { email: 'ada@example.com' },
        { email: 'ADA@example.com', firstName: 'Ada', lastName: 'Lovelace' },
        { email: 'grace@example.com', lastName: 'Hopper' },
        { email: 'new@example.com', firstName: null },
      ]
        .map((lead) => JSON.stringify(lead))
        .join('\n'),
      'application/x-ndjson',
    );
    expect(second.body).toMatchObject({ accepted: 2, duplicates: 2, rejected: 0 });
    expect(await leads()).toEqual([
      { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace' },
      { email: 'alan@example.com', first_name: 'Alan', last_name: 'Turing' },
      { email: 'grace@example.com', first_name: 'Hopper, Grace', last_name: 'Hopper' },
      { email: 'new@example.com', first_name: null, last_name: null },
    ]);
  });

  it('announces the leads it created or changed', async () => {
    const ws = await t.workspace();
    const changes = await captureChanges(async () => {
      await upload(ws, '/ingest/leads', 'a@example.com\nb@example.com\n');
    });
    const ids = await rows<{ id: string }>('SELECT id FROM lead WHERE workspace_id = $1', [ws.id]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ workspaceId: ws.id, kind: 'LEADS' });
    expect(changes[0].leadIds?.sort()).toEqual(ids.map((row) => row.id).sort());
  });
});

describe('POST /ingest/associations', () => {
  it('ties cookies to leads, creating unknown leads; the latest line wins and moves are recorded', async () => {
    const ws = await t.workspace();
    await upload(ws, '/ingest/leads', 'known@example.com,Known,Lead\n');
    await upload(ws, '/ingest/associations', `${cookie(1)},known@example.com\n`);
    const [known] = await rows<{ id: string }>('SELECT id FROM lead WHERE email = $1', [
      'known@example.com',
    ]);

    let res!: Awaited<ReturnType<typeof upload>>;
    const changes = await captureChanges(async () => {
      res = await upload(
        ws,
        '/ingest/associations?source=FORM_FILL',
        [
          'cookieId,email',
          `${cookie(1)},first@example.com`,
          `${cookie(1)},Second@Example.com`,
          `${cookie(2)},known@example.com`,
          `${cookie(3)},known@example.com`,
          `${cookie(3)},known@example.com`,
          `bad-cookie,known@example.com`,
        ].join('\n'),
      );
    });
    // cookie 1 moves (known -> second), cookies 2 and 3 are new; 2 lines change nothing.
    expect(res.body).toMatchObject({ accepted: 3, duplicates: 2, rejected: 1 });
    const [second] = await rows<{ id: string }>('SELECT id FROM lead WHERE email = $1', [
      'second@example.com',
    ]);
    const [firstLead] = await rows<{ id: string }>('SELECT id FROM lead WHERE email = $1', [
      'first@example.com',
    ]);
    expect(firstLead).toBeDefined();
    expect(
      await rows(
        `SELECT cookie_id, lead_id, association_source FROM munchkin_cookie
          WHERE workspace_id = $1 ORDER BY cookie_id`,
        [ws.id],
      ),
    ).toEqual([
      { cookie_id: cookie(1), lead_id: second.id, association_source: 'FORM_FILL' },
      { cookie_id: cookie(2), lead_id: known.id, association_source: 'FORM_FILL' },
      { cookie_id: cookie(3), lead_id: known.id, association_source: 'FORM_FILL' },
    ]);
    expect(
      await rows(
        `SELECT cookie_id, lead_id, previous_lead_id, source FROM lead_association
          WHERE workspace_id = $1 ORDER BY id`,
        [ws.id],
      ),
    ).toEqual([
      { cookie_id: cookie(1), lead_id: known.id, previous_lead_id: null, source: 'API' },
      { cookie_id: cookie(1), lead_id: second.id, previous_lead_id: known.id, source: 'FORM_FILL' },
      { cookie_id: cookie(2), lead_id: known.id, previous_lead_id: null, source: 'FORM_FILL' },
      { cookie_id: cookie(3), lead_id: known.id, previous_lead_id: null, source: 'FORM_FILL' },
    ]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ workspaceId: ws.id, kind: 'ASSOCIATIONS' });
    expect(changes[0].cookieIds?.sort()).toEqual([cookie(1), cookie(2), cookie(3)]);
    expect(changes[0].leadIds?.sort()).toEqual([known.id, second.id].sort());

    const again = await upload(ws, '/ingest/associations', `${cookie(1)},second@example.com\n`);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
  });

  it('answers 400 to an unknown source', async () => {
    const ws = await t.workspace();
    const res = await upload(ws, '/ingest/associations?source=SMS', `${cookie(1)},a@example.com`);
    expect(res.status).toBe(400);
    expect(await rows('SELECT 1 FROM lead WHERE workspace_id = $1', [ws.id])).toEqual([]);
  });
});
