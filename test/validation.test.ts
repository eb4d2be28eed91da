import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkText } from '../src/domain/validation.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { configuredWorkspace } from './support/identity.js';

/**
 * The text rule of every input: no control characters (C0 including TAB, DEL, C1) and no
 * unpaired surrogates. Mutations answer a ValidationError naming the field and store nothing;
 * uploads reject the offending line and commit the others.
 */

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

/** One bad character of each kind the rule refuses, placed inside the value (not trimmed). */
const BAD = {
  nul: '\u0000',
  tab: '\t',
  escape: '\u001b',
  del: '\u007f',
  c1: '\u0085',
  loneSurrogate: '\ud800',
} as const;

const MUTATION_FIELDS = `
  __typename
  ... on Error { code message }
  ... on ValidationError { fieldErrors { path message } }
`;

type Result = {
  __typename: string;
  code?: string;
  message?: string;
  fieldErrors?: { path: string[]; message: string }[];
};

async function mutate(
  ws: TestWorkspace,
  name: string,
  inputType: string,
  input: Record<string, unknown>,
): Promise<Result> {
  const res = await t.gql<Record<string, Result>, { input: Record<string, unknown> }>(
    `mutation($input: ${inputType}!) { ${name}(input: $input) { ${MUTATION_FIELDS} } }`,
    { input },
    ws.token,
  );
  expect(res.errors).toBeUndefined();
  return res.data[name];
}

async function count(sql: string, params: unknown[]): Promise<number> {
  return Number((await t.database.pool.query(sql, params)).rows[0].count);
}

const counts = async (ws: TestWorkspace) => ({
  leads: await count('select count(*) from lead where workspace_id = $1', [ws.id]),
  lists: await count('select count(*) from static_list where workspace_id = $1', [ws.id]),
  folders: await count('select count(*) from audience_folder where workspace_id = $1', [ws.id]),
  audiences: await count('select count(*) from audience where workspace_id = $1', [ws.id]),
  cookies: await count('select count(*) from munchkin_cookie where workspace_id = $1', [ws.id]),
  jobs: await count('select count(*) from sync_job where workspace_id = $1', [ws.id]),
});

function expectRefused(result: Result, path: string[], reason: RegExp) {
  expect(result).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION' });
  expect(result.fieldErrors).toEqual([{ path, message: expect.stringMatching(reason) }]);
}

const CONTROL = /must not contain control characters \(U\+[0-9A-F]{4} found\)/;
const SURROGATE = /must not contain an unpaired surrogate \(U\+D800\)/;

describe('the text rule', () => {
  it('refuses C0 (TAB included), DEL, C1 and unpaired surrogates; allows pairs and line breaks only where asked', () => {
    for (const bad of [BAD.nul, BAD.tab, BAD.escape, BAD.del, BAD.c1, '\n', '\r']) {
      expect(checkText(`a${bad}b`)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(CONTROL),
      });
    }
    expect(checkText('a\ud800')).toEqual({ ok: false, reason: expect.stringMatching(SURROGATE) });
    expect(checkText('\udc00a')).toMatchObject({ ok: false });
    // A surrogate pair is one valid character; so are other non-ASCII letters.
    expect(checkText('Zoë 😀 Ærø')).toEqual({ ok: true, value: 'Zoë 😀 Ærø' });
    expect(checkText('line 1\n\tline 2\r\n', { multiline: true })).toMatchObject({ ok: true });
    expect(checkText(`a${BAD.nul}`, { multiline: true })).toMatchObject({ ok: false });
    expect(checkText('\ud800', { multiline: true })).toMatchObject({ ok: false });
  });
});

describe('mutations answer VALIDATION with the field and store nothing', () => {
  const cases = [
    ['NUL', BAD.nul, CONTROL],
    ['a control character', BAD.escape, CONTROL],
    ['a C1 control', BAD.c1, CONTROL],
    ['a lone surrogate', BAD.loneSurrogate, SURROGATE],
  ] as const;

  for (const [label, bad, reason] of cases) {
    it(`upsertLeads: ${label} in an email or a name`, async () => {
      const ws = await t.workspace();
      for (const [field, lead] of [
        ['email', { email: `ada${bad}@example.com` }],
        ['firstName', { email: 'ada@example.com', firstName: `A${bad}da` }],
        ['lastName', { email: 'ada@example.com', lastName: `Love${bad}lace` }],
      ] as const) {
        const result = await mutate(ws, 'upsertLeads', 'UpsertLeadsInput', {
          leads: [{ email: 'fine@example.com' }, lead],
        });
        expectRefused(result, ['input', 'leads', '1', field], reason);
      }
      expect((await counts(ws)).leads).toBe(0);
    });

    it(`associateLead: ${label} in the email or the cookie id`, async () => {
      const ws = await t.workspace();
      expectRefused(
        await mutate(ws, 'associateLead', 'AssociateLeadInput', {
          cookieId: '_mch-example.com-1',
          email: `ada${bad}@example.com`,
          source: 'API',
        }),
        ['input', 'email'],
        reason,
      );
      expectRefused(
        await mutate(ws, 'associateLead', 'AssociateLeadInput', {
          cookieId: `_mch-example${bad}.com-1`,
          email: 'ada@example.com',
          source: 'API',
        }),
        ['input', 'cookieId'],
        reason,
      );
      expect(await counts(ws)).toMatchObject({ leads: 0, cookies: 0 });
    });

    it(`createList: ${label} in the name`, async () => {
      const ws = await t.workspace();
      expectRefused(
        await mutate(ws, 'createList', 'CreateListInput', { name: `Q4${bad} leads` }),
        ['input', 'name'],
        reason,
      );
      expect((await counts(ws)).lists).toBe(0);
    });

    it(`createAudienceFolder: ${label} in the name`, async () => {
      const ws = await t.workspace();
      expectRefused(
        await mutate(ws, 'createAudienceFolder', 'CreateAudienceFolderInput', {
          name: `Campaigns${bad}`,
        }),
        ['input', 'name'],
        reason,
      );
      expect((await counts(ws)).folders).toBe(0);
    });

    it(`upsertAudience: ${label} in the externalId, name or description`, async () => {
      const ws = await t.workspace();
      const folder = await mutate(ws, 'createAudienceFolder', 'CreateAudienceFolderInput', {
        name: 'Campaigns',
      });
      expect(folder.__typename).toBe('CreateAudienceFolderSuccess');
      const folderId = await folderGlobalId(ws);
      for (const [field, input] of [
        ['externalId', { externalId: `seg${bad}1`, name: 'Buyers' }],
        ['name', { externalId: 'seg-1', name: `Buy${bad}ers` }],
        ['description', { externalId: 'seg-1', name: 'Buyers', description: `All${bad} buyers` }],
      ] as const) {
        expectRefused(
          await mutate(ws, 'upsertAudience', 'UpsertAudienceInput', { folderId, ...input }),
          ['input', field],
          reason,
        );
      }
      expect((await counts(ws)).audiences).toBe(0);
    });

    it(`startAudienceSync: ${label} in newListName`, async () => {
      const ws = await configuredWorkspace(t);
      await mutate(ws, 'createAudienceFolder', 'CreateAudienceFolderInput', { name: 'F' });
      const audience = await t.gql<
        { upsertAudience: { audience: { id: string } } },
        { input: Record<string, unknown> }
      >(
        `mutation($input: UpsertAudienceInput!) {
           upsertAudience(input: $input) { ... on UpsertAudienceSuccess { audience { id } } }
         }`,
        { input: { folderId: await folderGlobalId(ws), externalId: 'seg-1', name: 'Buyers' } },
        ws.token,
      );
      const audienceId = audience.data.upsertAudience.audience.id;
      expectRefused(
        await mutate(ws, 'startAudienceSync', 'StartAudienceSyncInput', {
          audienceId,
          newListName: `Buyers${bad} list`,
        }),
        ['input', 'newListName'],
        reason,
      );
      expect(await counts(ws)).toMatchObject({ lists: 0, jobs: 0 });
    });
  }

  it('refuses a TAB inside a name, while surrounding whitespace is trimmed as before', async () => {
    const ws = await t.workspace();
    expectRefused(
      await mutate(ws, 'createList', 'CreateListInput', { name: 'Q4\tleads' }),
      ['input', 'name'],
      CONTROL,
    );
    const trimmed = await t.gql<
      { createList: { __typename: string; list?: { name: string } } },
      { input: { name: string } }
    >(
      `mutation($input: CreateListInput!) {
         createList(input: $input) { __typename ... on CreateListSuccess { list { name } } }
       }`,
      { input: { name: '\t Q4 leads \r\n' } },
      ws.token,
    );
    expect(trimmed.data.createList).toEqual({
      __typename: 'CreateListSuccess',
      list: { name: 'Q4 leads' },
    });
  });

  it('keeps line breaks and tabs in an audience description', async () => {
    const ws = await t.workspace();
    await mutate(ws, 'createAudienceFolder', 'CreateAudienceFolderInput', { name: 'F' });
    const result = await mutate(ws, 'upsertAudience', 'UpsertAudienceInput', {
      folderId: await folderGlobalId(ws),
      externalId: 'seg-1',
      name: 'Buyers',
      description: 'Line 1\n\tLine 2',
    });
    expect(result.__typename).toBe('UpsertAudienceSuccess');
    const { rows } = await t.database.pool.query(
      'select description from audience where workspace_id = $1',
      [ws.id],
    );
    expect(rows).toEqual([{ description: 'Line 1\n\tLine 2' }]);
  });

  it('refuses control characters in an ECID, a cookie id and an IMS org id', async () => {
    const ws = await configuredWorkspace(t);
    expectRefused(
      await mutate(ws, 'recordCookieSync', 'RecordCookieSyncInput', {
        imsOrgId: '0123456789ABCDEF01234567@AdobeOrg',
        ecid: `${'1'.repeat(37)}${BAD.nul}`,
        cookieId: '_mch-example.com-1',
      }),
      ['input', 'ecid'],
      CONTROL,
    );
    expectRefused(
      await mutate(ws, 'configureExperienceCloud', 'ConfigureExperienceCloudInput', {
        imsOrgId: `0123456789ABCDEF01234567@Adobe${BAD.nul}Org`,
        cookieSyncEnabled: true,
      }),
      ['input', 'imsOrgId'],
      CONTROL,
    );
  });
});

async function folderGlobalId(ws: TestWorkspace): Promise<string> {
  const res = await t.gql<{ audienceFolders: { id: string }[] }, Record<string, never>>(
    '{ audienceFolders { id } }',
    {},
    ws.token,
  );
  return res.data.audienceFolders[0].id;
}

describe('search arguments', () => {
  for (const [label, bad] of [
    ['NUL', BAD.nul],
    ['a lone surrogate', BAD.loneSurrogate],
  ] as const) {
    it(`answer a VALIDATION error for ${label} instead of an unexpected one`, async () => {
      const ws = await t.workspace();
      for (const [query, argument] of [
        [`query($s: String) { audiences(search: $s) { totalCount } }`, 'search'],
        [`query($s: String) { lists(search: $s) { totalCount } }`, 'search'],
        [`query($s: String) { leads(email: $s) { totalCount } }`, 'email'],
      ]) {
        const res = await t.gql(query, { s: `a${bad}b` }, ws.token);
        expect(res.errors).toEqual([
          expect.objectContaining({
            message: expect.stringMatching(new RegExp(`^${argument}: must not contain`)),
            extensions: expect.objectContaining({ code: 'VALIDATION' }),
          }),
        ]);
      }
    });
  }

  it('still find by a plain search', async () => {
    const ws = await t.workspace();
    await mutate(ws, 'createList', 'CreateListInput', { name: 'Q4 leads' });
    const res = await t.gql<{ lists: { totalCount: number } }, { s: string }>(
      'query($s: String) { lists(search: $s) { totalCount } }',
      { s: ' q4 ' },
      ws.token,
    );
    expect(res.data.lists.totalCount).toBe(1);
  });
});

interface Summary {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: { line: number; value: string; reason: string }[];
}

async function upload(
  ws: TestWorkspace,
  path: string,
  body: string,
  type: string,
): Promise<{ status: number; body: Summary }> {
  const response = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ws.token}`, 'content-type': type },
    body,
  });
  return { status: response.status, body: (await response.json()) as Summary };
}

const storedLeads = async (ws: TestWorkspace) =>
  (
    await t.database.pool.query(
      'select email, first_name, last_name from lead where workspace_id = $1 order by email',
      [ws.id],
    )
  ).rows;

describe('uploads reject the offending line only', () => {
  it('leads CSV: raw NUL and control bytes in an email or a name', async () => {
    const ws = await t.workspace();
    const body = [
      'email,firstName,lastName\n',
      'ada@example.com,Ada,Lovelace\n',
      'nul\u0000@example.com,Nul,Email\n',
      'grace@example.com,Gr\u0000ace,Hopper\n',
      'esc\u001b@example.com,Esc,Email\n',
      'alan@example.com,Alan,Tu\u0085ring\n',
      'linus@example.com,Linus,Tor\u007fvalds\n',
      '"tab@example.com","Ta\tb",Name\n',
      'edsger@example.com,Edsger,Dijkstra\n',
    ].join('');
    const res = await upload(ws, '/ingest/leads', body, 'text/plain');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 0, rejected: 6 });
    expect(res.body.errors.map((e) => [e.line, e.reason])).toEqual([
      [3, 'email: must not contain control characters (U+0000 found)'],
      [4, 'firstName: must not contain control characters (U+0000 found)'],
      [5, 'email: must not contain control characters (U+001B found)'],
      [6, 'lastName: must not contain control characters (U+0085 found)'],
      [7, 'lastName: must not contain control characters (U+007F found)'],
      [8, 'firstName: must not contain control characters (U+0009 found)'],
    ]);
    expect(res.body.errors[0].value).toBe('nul\u0000@example.com,Nul,Email');
    expect(await storedLeads(ws)).toEqual([
      { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace' },
      { email: 'edsger@example.com', first_name: 'Edsger', last_name: 'Dijkstra' },
    ]);
  });

  it('leads NDJSON: \\u0000 and lone-surrogate escapes', async () => {
    const ws = await t.workspace();
    const lines = [
      '{"email":"ada@example.com","firstName":"Ada"}',
      '{"email":"nul\\u0000@example.com"}',
      '{"email":"grace@example.com","lastName":"Hop\\u0000per"}',
      '{"email":"alan@example.com","firstName":"Al\\ud800an"}',
      '{"email":"lone\\udfff@example.com"}',
      '{"email":"zoe@example.com","firstName":"Zo\\u00eb \\ud83d\\ude00"}',
    ];
    const res = await upload(ws, '/ingest/leads', lines.join('\n'), 'application/x-ndjson');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, duplicates: 0, rejected: 4 });
    expect(res.body.errors.map((e) => [e.line, e.reason])).toEqual([
      [2, 'email: must not contain control characters (U+0000 found)'],
      [3, 'lastName: must not contain control characters (U+0000 found)'],
      [4, 'firstName: must not contain an unpaired surrogate (U+D800)'],
      [5, 'email: must not contain an unpaired surrogate (U+DFFF)'],
    ]);
    expect(await storedLeads(ws)).toEqual([
      { email: 'ada@example.com', first_name: 'Ada', last_name: null },
      { email: 'zoe@example.com', first_name: 'Zoë 😀', last_name: null },
    ]);
  });

  it('associations: a NUL in an email or a cookie id, CSV and NDJSON', async () => {
    const ws = await t.workspace();
    const csv = [
      '_mch-example.com-1,ada@example.com',
      '_mch-example.com-2,nul\u0000@example.com',
      '_mch-example.com-3,esc\u001b@example.com',
      '_mch-exam\u0000ple.com-4,grace@example.com',
      '_mch-example.com-5,alan@example.com',
    ].join('\n');
    const res = await upload(ws, '/ingest/associations', csv, 'text/csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accepted: 2, rejected: 3 });
    expect(res.body.errors.map((e) => [e.line, e.reason])).toEqual([
      [2, 'email: must not contain control characters (U+0000 found)'],
      [3, 'email: must not contain control characters (U+001B found)'],
      [4, 'cookieId: must not contain control characters (U+0000 found)'],
    ]);
    const ndjson = [
      '{"cookieId":"_mch-example.com-6","email":"nul\\u0000@example.com"}',
      '{"cookieId":"_mch-example.com-7","email":"lone\\ud800@example.com"}',
      '{"cookieId":"_mch-example.com-8","email":"edsger@example.com"}',
    ].join('\n');
    const res2 = await upload(ws, '/ingest/associations', ndjson, 'application/x-ndjson');
    expect(res2.status).toBe(200);
    expect(res2.body).toMatchObject({ accepted: 1, rejected: 2 });
    expect(res2.body.errors.map((e) => e.line)).toEqual([1, 2]);
    const { rows } = await t.database.pool.query(
      `select c.cookie_id, l.email from munchkin_cookie c join lead l on l.id = c.lead_id
        where c.workspace_id = $1 order by c.cookie_id`,
      [ws.id],
    );
    expect(rows).toEqual([
      { cookie_id: '_mch-example.com-1', email: 'ada@example.com' },
      { cookie_id: '_mch-example.com-5', email: 'alan@example.com' },
      { cookie_id: '_mch-example.com-8', email: 'edsger@example.com' },
    ]);
    expect(await storedLeads(ws)).toHaveLength(3);
  });
});
