import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scope } from '../src/auth/tokens.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { configuredWorkspace, IMS_ORG } from './support/identity.js';
import { ecid } from './support/util.js';

/** GraphQL answers, checked by shape. */
type Data = Record<string, any>;
type Answer = Awaited<ReturnType<TestApp['gql']>>;

let t: TestApp;
let ws: TestWorkspace;
const ids: Record<string, string> = {};
let serial = 0;
const unique = (prefix: string) => `${prefix} ${++serial}`;
const SECRET_EMAIL = 'secret.member@example.com';

/** Runs with the all-scope token and returns the success payload (asserted). */
async function must(field: string, inputType: string, input: unknown, select: string) {
  const res = await t.gql(
    `mutation($input: ${inputType}!) { ${field}(input: $input) {
       __typename ... on Error { code message } ... on ${successOf(field)} { ${select} } } }`,
    { input },
    ws.token,
  );
  expect(res.errors).toBeUndefined();
  const payload = (res.data as Data)[field];
  expect(payload.__typename).toBe(successOf(field));
  return payload;
}

const successOf = (field: string) => `${field.charAt(0).toUpperCase()}${field.slice(1)}Success`;
const inputOf = (field: string) => `${field.charAt(0).toUpperCase()}${field.slice(1)}Input`;

async function newSyncJob(): Promise<string> {
  const payload = await must(
    'startAudienceSync',
    'StartAudienceSyncInput',
    { audienceId: ids.audience, newListName: unique('Synced') },
    'syncJob { id }',
  );
  return payload.syncJob.id;
}

beforeAll(async () => {
  t = await startTestApp();
  ws = await configuredWorkspace(t);
  const folder = await must(
    'createAudienceFolder',
    'CreateAudienceFolderInput',
    { name: 'Library' },
    'folder { id }',
  );
  ids.folder = folder.folder.id;
  const audience = await must(
    'upsertAudience',
    'UpsertAudienceInput',
    { folderId: ids.folder, externalId: 'seg-1', name: 'Buyers' },
    'audience { id }',
  );
  ids.audience = audience.audience.id;
  const leads = await must(
    'upsertLeads',
    'UpsertLeadsInput',
    { leads: [{ email: SECRET_EMAIL }] },
    'leads { id }',
  );
  ids.lead = leads.leads[0].id;
  const list = await must('createList', 'CreateListInput', { name: 'Members' }, 'list { id }');
  ids.list = list.list.id;
  await must(
    'addListMembers',
    'AddListMembersInput',
    { listId: ids.list, leadIds: [ids.lead] },
    'count',
  );
  await must(
    'associateLead',
    'AssociateLeadInput',
    { cookieId: '_mch-secret', email: SECRET_EMAIL, source: 'API' },
    'lead { id }',
  );
  await must(
    'recordCookieSync',
    'RecordCookieSyncInput',
    { imsOrgId: IMS_ORG, ecid: ecid(1), cookieId: '_mch-secret' },
    'ecid',
  );
  ids.syncJob = await newSyncJob();
});
afterAll(() => t?.close());

/**
 * One mutation: its input (fresh for every call, since each call changes data), the scope it
 * needs, a selection of data in its success payload, and where the first field that reads
 * data sits in that selection.
 */
interface Case {
  field: string;
  scope: Scope;
  input: () => Promise<unknown> | unknown;
  /** Reads data; `expected` is part of what a caller with `read` gets. */
  select: string;
  expected: (payload: Data) => void;
  /** The path of a field refused to a caller without `read`. */
  forbiddenPath: (string | number)[];
  /** The mutated object's id alone, which a caller without `read` may select. */
  idOnly?: string;
}

const cases: Case[] = [
  {
    field: 'configureExperienceCloud',
    scope: 'admin',
    input: () => ({ imsOrgId: IMS_ORG, cookieSyncEnabled: true }),
    select: 'workspace { id name experienceCloud { imsOrgId } }',
    expected: (p) => expect(p.workspace.experienceCloud.imsOrgId).toBe(IMS_ORG),
    forbiddenPath: ['configureExperienceCloud', 'workspace', 'name'],
    idOnly: 'workspace { id }',
  },
  {
    field: 'createAudienceFolder',
    scope: 'write',
    input: () => ({ name: unique('Folder'), parentId: ids.folder }),
    select: 'folder { id path parent { name } }',
    expected: (p) => expect(p.folder.parent.name).toBe('Library'),
    forbiddenPath: ['createAudienceFolder', 'folder', 'path'],
    idOnly: 'folder { id }',
  },
  {
    field: 'upsertAudience',
    scope: 'write',
    input: () => ({ folderId: ids.folder, externalId: 'seg-1', name: 'Buyers' }),
    select: 'audience { id memberCount folder { name } }',
    expected: (p) => expect(p.audience.folder.name).toBe('Library'),
    forbiddenPath: ['upsertAudience', 'audience', 'memberCount'],
    idOnly: 'audience { id }',
  },
  {
    field: 'addAudienceMembers',
    scope: 'write',
    input: () => ({ audienceId: ids.audience, ecids: [ecid(1)] }),
    select: 'count audience { id memberCount }',
    expected: (p) => expect(p.audience.memberCount).toBe(1),
    forbiddenPath: ['addAudienceMembers', 'audience', 'memberCount'],
    idOnly: 'count audience { id }',
  },
  {
    field: 'removeAudienceMembers',
    scope: 'write',
    input: () => ({ audienceId: ids.audience, ecids: [ecid(2)] }),
    select: 'count audience { id memberCount }',
    expected: (p) => expect(p.audience.memberCount).toBe(1),
    forbiddenPath: ['removeAudienceMembers', 'audience', 'memberCount'],
    idOnly: 'count audience { id }',
  },
  {
    field: 'upsertLeads',
    scope: 'write',
    input: () => ({ leads: [{ email: SECRET_EMAIL }] }),
    select: 'leads { id email ecids }',
    expected: (p) => expect(p.leads[0]).toMatchObject({ email: SECRET_EMAIL, ecids: [ecid(1)] }),
    forbiddenPath: ['upsertLeads', 'leads', 0, 'email'],
    idOnly: 'leads { id }',
  },
  {
    field: 'associateLead',
    scope: 'write',
    input: () => ({ cookieId: '_mch-secret', email: SECRET_EMAIL, source: 'FORM_FILL' }),
    select: 'lead { id email }',
    expected: (p) => expect(p.lead.email).toBe(SECRET_EMAIL),
    forbiddenPath: ['associateLead', 'lead', 'email'],
    idOnly: 'lead { id }',
  },
  {
    field: 'createList',
    scope: 'write',
    input: () => ({ name: unique('List') }),
    select: 'list { id name memberCount }',
    expected: (p) => expect(p.list.memberCount).toBe(0),
    forbiddenPath: ['createList', 'list', 'name'],
    idOnly: 'list { id }',
  },
  {
    field: 'addListMembers',
    scope: 'write',
    input: () => ({ listId: ids.list, leadIds: [ids.lead] }),
    select: 'list { id members { edges { node { email ecids } } } }',
    expected: (p) => expect(p.list.members.edges[0].node.email).toBe(SECRET_EMAIL),
    forbiddenPath: ['addListMembers', 'list', 'members'],
    idOnly: 'list { id }',
  },
  {
    // The reported case: an empty removal that reads every member of the list.
    field: 'removeListMembers',
    scope: 'write',
    input: () => ({ listId: ids.list, leadIds: [] }),
    select: `list { id members { edges { node { email ecids lists { edges { node { name } } } } } } }`,
    expected: (p) =>
      expect(p.list.members.edges[0].node).toMatchObject({
        email: SECRET_EMAIL,
        ecids: [ecid(1)],
        lists: { edges: [{ node: { name: 'Members' } }] },
      }),
    forbiddenPath: ['removeListMembers', 'list', 'members'],
    idOnly: 'list { id }',
  },
  {
    field: 'startAudienceSync',
    scope: 'write',
    input: () => ({ audienceId: ids.audience, newListName: unique('Synced') }),
    select: 'syncJob { id status audience { name } list { name } }',
    expected: (p) => expect(p.syncJob.audience.name).toBe('Buyers'),
    forbiddenPath: ['startAudienceSync', 'syncJob', 'status'],
    idOnly: 'syncJob { id }',
  },
  ...(['pauseSyncJob', 'resumeSyncJob', 'runSyncJobNow'] as const).map(
    (field): Case => ({
      field,
      scope: 'write',
      input: () => ({ id: ids.syncJob }),
      select: 'syncJob { id status lastRun { status } }',
      expected: (p) => expect(p.syncJob.lastRun.status).toBeTypeOf('string'),
      forbiddenPath: [field, 'syncJob', 'status'],
      idOnly: 'syncJob { id }',
    }),
  ),
];

function mutate(c: Case, select: string, input: unknown, token: string): Promise<Answer> {
  return t.gql(
    `mutation($input: ${inputOf(c.field)}!) { ${c.field}(input: $input) {
       __typename ... on Error { code message } ... on ${successOf(c.field)} { ${select} } } }`,
    { input },
    token,
  );
}

describe('mutation payloads read data only with the read scope', () => {
  for (const c of cases) {
    it(`${c.field}: without read, FORBIDDEN and no data; with read, the data`, async () => {
      const without = await mutate(c, c.select, await c.input(), await ws.tokenWith([c.scope]));
      expect(without.errors?.length).toBeGreaterThan(0);
      for (const error of without.errors ?? []) {
        expect(error.extensions?.code).toBe('FORBIDDEN');
      }
      expect(without.errors?.[0]).toMatchObject({ path: c.forbiddenPath });
      // A refused non-null field empties the whole payload: nothing read leaks.
      expect(without.data).toBeNull();
      expect(JSON.stringify(without)).not.toContain(SECRET_EMAIL);

      const withRead = await mutate(
        c,
        c.select,
        await c.input(),
        await ws.tokenWith([c.scope, 'read']),
      );
      expect(withRead.errors).toBeUndefined();
      const payload = (withRead.data as Data)[c.field];
      expect(payload.__typename).toBe(successOf(c.field));
      c.expected(payload);
    });
  }

  it('the reported query: a write-only removeListMembers reads no emails, ECIDs or lists', async () => {
    const res = await t.gql(
      `mutation($input: RemoveListMembersInput!) { removeListMembers(input: $input) {
         ... on RemoveListMembersSuccess { list { members { edges { node {
           email ecids lists { edges { node { name } } } } } } } } } }`,
      { input: { listId: ids.list, leadIds: [] } },
      await ws.tokenWith(['write']),
    );
    expect(res.data).toBeNull();
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const body = JSON.stringify(res);
    for (const secret of [SECRET_EMAIL, ecid(1), '"Members"']) expect(body).not.toContain(secret);
  });

  it('without read, the mutated object still answers its id and __typename', async () => {
    for (const c of cases) {
      const res = await mutate(
        c,
        `__typename ${c.idOnly}`,
        await c.input(),
        await ws.tokenWith([c.scope]),
      );
      expect(res.errors, c.field).toBeUndefined();
      const payload = (res.data as Data)[c.field];
      expect(payload.__typename, c.field).toBe(successOf(c.field));
      const [key] = (c.idOnly ?? '').replace('count ', '').split(' ');
      const object = payload[key];
      const first = Array.isArray(object) ? object[0] : object;
      expect(first.id, c.field).toMatch(/^[A-Za-z0-9+/=]+$/);
    }
  });

  it('payload fields that only echo the write stay readable without read', async () => {
    const writeOnly = await ws.tokenWith(['write']);
    const recorded = await t.gql(
      `mutation($input: RecordCookieSyncInput!) { recordCookieSync(input: $input) {
         __typename ... on RecordCookieSyncSuccess { ecid cookieId } } }`,
      { input: { imsOrgId: IMS_ORG, ecid: ecid(3), cookieId: '_mch-other' } },
      writeOnly,
    );
    expect(recorded).toMatchObject({
      data: { recordCookieSync: { ecid: ecid(3), cookieId: '_mch-other' } },
    });
    expect(recorded.errors).toBeUndefined();
    const jobId = await newSyncJob();
    const deleted = await t.gql(
      `mutation($input: DeleteSyncJobInput!) { deleteSyncJob(input: $input) {
         __typename ... on DeleteSyncJobSuccess { deletedId } } }`,
      { input: { id: jobId } },
      writeOnly,
    );
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data).toEqual({
      deleteSyncJob: { __typename: 'DeleteSyncJobSuccess', deletedId: jobId },
    });
  });

  it('a nullable data field is refused alone, keeping the rest of the payload', async () => {
    const res = await mutate(
      cases[0],
      'workspace { id experienceCloud { imsOrgId } }',
      await cases[0].input(),
      await ws.tokenWith(['admin']),
    );
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      path: ['configureExperienceCloud', 'workspace', 'experienceCloud'],
    });
    expect(res.data).toEqual({
      configureExperienceCloud: {
        __typename: 'ConfigureExperienceCloudSuccess',
        workspace: { id: ws.globalId, experienceCloud: null },
      },
    });
  });
});

describe('scopes of mutations', () => {
  it('a read-only token cannot run any mutation', async () => {
    const readOnly = await ws.tokenWith(['read']);
    const all: Case[] = [
      ...cases,
      {
        field: 'recordCookieSync',
        scope: 'write',
        input: () => ({ imsOrgId: IMS_ORG, ecid: ecid(4), cookieId: '_mch-read' }),
        select: 'ecid',
        expected: () => {},
        forbiddenPath: [],
      },
      {
        field: 'deleteSyncJob',
        scope: 'write',
        input: () => ({ id: ids.syncJob }),
        select: 'deletedId',
        expected: () => {},
        forbiddenPath: [],
      },
    ];
    for (const c of all) {
      const res = await mutate(c, c.select, await c.input(), readOnly);
      expect(res.errors, c.field).toBeUndefined();
      expect((res.data as Data)[c.field], c.field).toMatchObject({
        __typename: 'ForbiddenError',
        code: 'FORBIDDEN',
      });
    }
    // Nothing was written: the sync job still exists and no cookie sync was recorded.
    const job = await t.gql(`query($id: ID!) { syncJob(id: $id) { id } }`, { id: ids.syncJob });
    expect((job.data as Data).syncJob).toEqual({ id: ids.syncJob });
    const synced = await t.database.pool.query(
      "select 1 from cookie_sync where workspace_id = $1 and cookie_id = '_mch-read'",
      [ws.id],
    );
    expect(synced.rowCount).toBe(0);
  });

  it('a write token without admin cannot configure the integration', async () => {
    const res = await mutate(
      cases[0],
      'workspace { id }',
      await cases[0].input(),
      await ws.tokenWith(['read', 'write']),
    );
    expect((res.data as Data).configureExperienceCloud).toMatchObject({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
    });
  });
});

describe('queries', () => {
  it('a write-only token reads nothing through node, nodes or top-level queries', async () => {
    const writeOnly = await ws.tokenWith(['write']);
    for (const query of [
      `{ node(id: "${ids.lead}") { id } }`,
      `{ nodes(ids: ["${ids.lead}"]) { id } }`,
      `{ lead(id: "${ids.lead}") { id } }`,
      '{ workspace { id } }',
    ]) {
      const res = await t.gql(query, {}, writeOnly);
      expect(res.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
      expect(JSON.stringify(res.data ?? null), query).not.toContain(ids.lead);
    }
  });

  it('a query runs its checks unless the token holds every scope they ask for', async () => {
    const query = '{ syncJobs(first: 1) { totalCount } webhooks(first: 1) { totalCount } }';
    // Twice each: the second run reuses the compiled query and the scopes found for it.
    for (const token of [await ws.tokenWith(['read', 'write']), await ws.tokenWith(['read'])]) {
      for (let run = 0; run < 2; run++) {
        const res = await t.gql(query, {}, token);
        expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
        expect((res.errors?.[0] as { path?: unknown } | undefined)?.path).toEqual(['webhooks']);
      }
    }
    for (let run = 0; run < 2; run++) {
      const res = await t.gql(query, {}, await ws.tokenWith(['read', 'admin']));
      expect(res.errors).toBeUndefined();
      expect(res.data).toMatchObject({ webhooks: { totalCount: 0 } });
    }
  });
});
