import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IdentityChange, onIdentityChange } from '../src/sync/changes.js';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { ecid } from './support/util.js';

const UpsertLeads = graphql(/* GraphQL */ `
  mutation UpsertLeads($input: UpsertLeadsInput!) {
    upsertLeads(input: $input) {
      __typename
      ...ErrorFields
      ... on UpsertLeadsSuccess {
        leads {
          id
          email
          firstName
          lastName
        }
      }
    }
  }
`);

const Leads = graphql(/* GraphQL */ `
  query Leads($email: String, $first: Int, $after: String) {
    leads(email: $email, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          email
        }
      }
    }
  }
`);

const LeadById = graphql(/* GraphQL */ `
  query LeadById($id: ID!) {
    lead(id: $id) {
      email
      ecids
      lists(first: 10) {
        totalCount
        edges {
          source
          node {
            name
          }
        }
      }
    }
  }
`);

const CreateList = graphql(/* GraphQL */ `
  mutation CreateList($input: CreateListInput!) {
    createList(input: $input) {
      __typename
      ...ErrorFields
      ... on CreateListSuccess {
        list {
          id
          name
          memberCount
        }
      }
    }
  }
`);

const AddListMembers = graphql(/* GraphQL */ `
  mutation AddListMembers($input: AddListMembersInput!) {
    addListMembers(input: $input) {
      __typename
      ...ErrorFields
      ... on AddListMembersSuccess {
        count
        list {
          memberCount
        }
      }
    }
  }
`);

const RemoveListMembers = graphql(/* GraphQL */ `
  mutation RemoveListMembers($input: RemoveListMembersInput!) {
    removeListMembers(input: $input) {
      __typename
      ...ErrorFields
      ... on RemoveListMembersSuccess {
        count
        list {
          memberCount
        }
      }
    }
  }
`);

const ListMembers = graphql(/* GraphQL */ `
  query ListMembers($id: ID!, $first: Int, $after: String) {
    list(id: $id) {
      name
      memberCount
      members(first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          source
          node {
            email
          }
        }
      }
    }
  }
`);

const Lists = graphql(/* GraphQL */ `
  query Lists($search: String) {
    lists(search: $search, first: 50) {
      totalCount
      edges {
        node {
          name
        }
      }
    }
  }
`);

const dbId = (globalId: string) => decodeGlobalID(globalId).id;

let t: TestApp;
let ws: TestWorkspace;
const changes: IdentityChange[] = [];
let stopListening: () => void;

async function leads(emails: string[], token = ws.token) {
  const res = await t.gql(
    UpsertLeads,
    { input: { leads: emails.map((email) => ({ email })) } },
    token,
  );
  const result = res.data.upsertLeads;
  if (result.__typename !== 'UpsertLeadsSuccess') throw new Error(result.__typename);
  return result.leads;
}

async function list(name: string, token = ws.token) {
  const res = await t.gql(CreateList, { input: { name } }, token);
  const result = res.data.createList;
  if (result.__typename !== 'CreateListSuccess') throw new Error(result.__typename);
  return result.list;
}

async function members(listId: string) {
  const res = await t.gql(ListMembers, { id: listId, first: 100 }, ws.token);
  return res.data.list?.members.edges.map((e) => [e.node.email, e.source]);
}

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace({ name: 'Leads' });
  stopListening = onIdentityChange((change) => {
    changes.push(change);
  });
});
afterAll(async () => {
  stopListening?.();
  await t?.close();
});

describe('upsertLeads', () => {
  it('creates leads with lower-cased emails, then updates them by email', async () => {
    changes.length = 0;
    const res = await t.gql(
      UpsertLeads,
      {
        input: {
          leads: [
            { email: ' Ada@Example.COM ', firstName: 'Ada', lastName: 'Lovelace' },
            { email: 'grace@example.com', firstName: 'Grace' },
          ],
        },
      },
      ws.token,
    );
    expect(res.data.upsertLeads).toMatchObject({
      __typename: 'UpsertLeadsSuccess',
      leads: [
        { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' },
        { email: 'grace@example.com', firstName: 'Grace', lastName: null },
      ],
    });
    if (res.data.upsertLeads.__typename !== 'UpsertLeadsSuccess') throw new Error();
    const [ada, grace] = res.data.upsertLeads.leads;

    // Same email in any case: same lead. A null name keeps, "" clears; the last entry wins.
    const again = await t.gql(
      UpsertLeads,
      {
        input: {
          leads: [
            { email: 'ADA@example.com', firstName: 'Augusta', lastName: null },
            { email: 'grace@example.com', firstName: 'Ignored' },
            { email: 'Grace@Example.com', firstName: '', lastName: 'Hopper' },
          ],
        },
      },
      ws.token,
    );
    expect(again.data.upsertLeads).toMatchObject({
      leads: [
        { id: ada.id, firstName: 'Augusta', lastName: 'Lovelace' },
        { id: grace.id, firstName: null, lastName: 'Hopper' },
        { id: grace.id, firstName: null, lastName: 'Hopper' },
      ],
    });
    const all = await t.gql(Leads, {}, ws.token);
    expect(all.data.leads.totalCount).toBe(2);
    expect(changes).toEqual([
      {
        workspaceId: ws.id,
        kind: 'LEADS',
        leadIds: expect.arrayContaining([dbId(ada.id), dbId(grace.id)]),
      },
      {
        workspaceId: ws.id,
        kind: 'LEADS',
        leadIds: expect.arrayContaining([dbId(ada.id), dbId(grace.id)]),
      },
    ]);
  });

  it('reports every invalid field by index and writes nothing', async () => {
    const res = await t.gql(
      UpsertLeads,
      {
        input: {
          leads: [
            { email: 'valid@example.com' },
            { email: 'not-an-email' },
            { email: 'ok@example.com', lastName: 'x'.repeat(256) },
          ],
        },
      },
      ws.token,
    );
    expect(res.data.upsertLeads).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION',
      fieldErrors: [
        { path: ['input', 'leads', '1', 'email'] },
        { path: ['input', 'leads', '2', 'lastName'] },
      ],
    });
    const found = await t.gql(Leads, { email: 'valid@example.com' }, ws.token);
    expect(found.data.leads.totalCount).toBe(0);
  });

  it('refuses more than 1,000 leads', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ email: `bulk${i}@example.com` }));
    const res = await t.gql(UpsertLeads, { input: { leads: many } }, ws.token);
    expect(res.data.upsertLeads).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'leads'] }],
    });
    expect(
      (await t.gql(Leads, { email: 'bulk0@example.com' }, ws.token)).data.leads.totalCount,
    ).toBe(0);
  });

  it('keeps emails unique per workspace, not across workspaces', async () => {
    const other = await t.workspace();
    const [mine] = await leads(['shared@example.com']);
    const [theirs] = await leads(['shared@example.com'], other.token);
    expect(theirs.id).not.toBe(mine.id);
    expect((await t.gql(LeadById, { id: theirs.id }, ws.token)).data.lead).toBeNull();
    const found = await t.gql(Leads, { email: 'SHARED@example.com' }, ws.token);
    expect(found.data.leads.edges).toEqual([{ node: { email: 'shared@example.com' } }]);
  });

  it('needs the write scope; no or a bad token is 401', async () => {
    const reader = await ws.tokenWith(['read']);
    const res = await t.gql(
      UpsertLeads,
      { input: { leads: [{ email: 'r@example.com' }] } },
      reader,
    );
    expect(res.data.upsertLeads.__typename).toBe('ForbiddenError');
    const bad = await t.gql(UpsertLeads, { input: { leads: [] } }, 'ast_wrong');
    expect(bad.status).toBe(401);
    const none = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation { createList(input: { name: "x" }) { __typename } }',
      }),
    });
    expect(none.status).toBe(401);
    expect((await t.gql(Lists, { search: 'x' }, ws.token)).data.lists.totalCount).toBe(0);
  });
});

describe('lead ecids and lists', () => {
  it('reaches ECIDs through associated cookies and cookie syncs, each once', async () => {
    const [lead, stranger] = await leads(['visitor@example.com', 'stranger@example.com']);
    const leadId = dbId(lead.id);
    await t.database.pool.query(
      `insert into munchkin_cookie (workspace_id, cookie_id, lead_id) values
         ($1, '_mch-a', $2), ($1, '_mch-b', $2), ($1, '_mch-anon', null)`,
      [ws.id, leadId],
    );
    await t.database.pool.query(
      `insert into cookie_sync (workspace_id, ecid, cookie_id) values
         ($1, $2, '_mch-a'), ($1, $3, '_mch-a'), ($1, $3, '_mch-b'), ($1, $4, '_mch-anon')`,
      [ws.id, ecid(2), ecid(1), ecid(3)],
    );
    const res = await t.gql(LeadById, { id: lead.id }, ws.token);
    expect(res.data.lead?.ecids).toEqual([ecid(1), ecid(2)]);
    expect((await t.gql(LeadById, { id: stranger.id }, ws.token)).data.lead?.ecids).toEqual([]);
  });
});

describe('lists', () => {
  it('creates lists; names are unique per workspace in any case', async () => {
    const created = await list('  Newsletter ');
    expect(created).toMatchObject({ name: 'Newsletter', memberCount: 0 });
    const dup = await t.gql(CreateList, { input: { name: 'NEWSLETTER' } }, ws.token);
    expect(dup.data.createList).toMatchObject({ __typename: 'NameTakenError', code: 'NAME_TAKEN' });
    const other = await t.workspace();
    expect((await list('Newsletter', other.token)).name).toBe('Newsletter');
    const blank = await t.gql(CreateList, { input: { name: ' ' } }, ws.token);
    expect(blank.data.createList).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'name'] }],
    });
    const reader = await ws.tokenWith(['read']);
    const forbidden = await t.gql(CreateList, { input: { name: 'Readers' } }, reader);
    expect(forbidden.data.createList.__typename).toBe('ForbiddenError');
    const search = await t.gql(Lists, { search: 'newslet' }, ws.token);
    expect(search.data.lists.edges).toEqual([{ node: { name: 'Newsletter' } }]);
  });

  it('adds members by hand, turns sync members manual, removes any membership', async () => {
    const target = await list('Manual');
    const [a, b, c] = await leads(['a@example.com', 'b@example.com', 'c@example.com']);
    // c is on the list through a sync already.
    await t.database.pool.query(
      `insert into list_membership (workspace_id, list_id, lead_id, source) values ($1, $2, $3, 'SYNC')`,
      [ws.id, dbId(target.id), dbId(c.id)],
    );
    changes.length = 0;
    const added = await t.gql(
      AddListMembers,
      { input: { listId: target.id, leadIds: [a.id, c.id, a.id] } },
      ws.token,
    );
    expect(added.data.addListMembers).toEqual({
      __typename: 'AddListMembersSuccess',
      count: 1,
      list: { memberCount: 2 },
    });
    expect(await members(target.id)).toEqual([
      ['a@example.com', 'MANUAL'],
      ['c@example.com', 'MANUAL'],
    ]);
    expect(changes).toEqual([
      {
        workspaceId: ws.id,
        kind: 'LEADS',
        leadIds: expect.arrayContaining([dbId(a.id), dbId(c.id)]),
      },
    ]);
    const byLead = await t.gql(LeadById, { id: c.id }, ws.token);
    expect(byLead.data.lead?.lists).toEqual({
      totalCount: 1,
      edges: [{ source: 'MANUAL', node: { name: 'Manual' } }],
    });

    const removed = await t.gql(
      RemoveListMembers,
      { input: { listId: target.id, leadIds: [c.id, b.id] } },
      ws.token,
    );
    expect(removed.data.removeListMembers).toMatchObject({ count: 1, list: { memberCount: 1 } });
    // A sync-owned membership goes too.
    await t.database.pool.query(
      `insert into list_membership (workspace_id, list_id, lead_id, source) values ($1, $2, $3, 'SYNC')`,
      [ws.id, dbId(target.id), dbId(b.id)],
    );
    const removeSync = await t.gql(
      RemoveListMembers,
      { input: { listId: target.id, leadIds: [b.id] } },
      ws.token,
    );
    expect(removeSync.data.removeListMembers).toMatchObject({ count: 1 });
    expect(await members(target.id)).toEqual([['a@example.com', 'MANUAL']]);
  });

  it('pages members with totalCount', async () => {
    const target = await list('Paged members');
    const people = await leads(['p1@example.com', 'p2@example.com', 'p3@example.com']);
    await t.gql(
      AddListMembers,
      { input: { listId: target.id, leadIds: people.map((p) => p.id) } },
      ws.token,
    );
    const first = await t.gql(ListMembers, { id: target.id, first: 2 }, ws.token);
    expect(first.data.list?.members).toMatchObject({
      totalCount: 3,
      pageInfo: { hasNextPage: true },
    });
    const rest = await t.gql(
      ListMembers,
      { id: target.id, first: 2, after: first.data.list?.members.pageInfo.endCursor },
      ws.token,
    );
    expect(rest.data.list?.members.edges.map((e) => e.node.email)).toEqual(['p3@example.com']);
    const tooMany = await t.gql(ListMembers, { id: target.id, first: 501 }, ws.token);
    expect(tooMany.errors?.[0].extensions?.code).toBe('VALIDATION');
  });

  it('answers NOT_FOUND for foreign or unknown lists and leads, and changes nothing', async () => {
    const target = await list('Guarded');
    const [mine] = await leads(['guarded@example.com']);
    const other = await t.workspace();
    const theirList = await list('Theirs', other.token);
    const [theirLead] = await leads(['theirs@example.com'], other.token);
    const cases = [
      { listId: theirList.id, leadIds: [mine.id] },
      { listId: encodeGlobalID('List', '777777'), leadIds: [mine.id] },
      { listId: target.id, leadIds: [mine.id, theirLead.id] },
      { listId: target.id, leadIds: [encodeGlobalID('Lead', '777777')] },
      { listId: target.id, leadIds: [target.id] },
    ];
    for (const input of cases) {
      const add = await t.gql(AddListMembers, { input }, ws.token);
      expect(add.data.addListMembers).toMatchObject({
        __typename: 'NotFoundError',
        code: 'NOT_FOUND',
      });
      const remove = await t.gql(RemoveListMembers, { input }, ws.token);
      expect(remove.data.removeListMembers.__typename).toBe('NotFoundError');
    }
    const garbage = await t.gql(
      AddListMembers,
      { input: { listId: target.id, leadIds: [mine.id, 'garbage'] } },
      ws.token,
    );
    expect(garbage.data.addListMembers).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'leadIds', '1'] }],
    });
    const reader = await ws.tokenWith(['read']);
    const forbidden = await t.gql(
      AddListMembers,
      { input: { listId: target.id, leadIds: [mine.id] } },
      reader,
    );
    expect(forbidden.data.addListMembers.__typename).toBe('ForbiddenError');
    expect((await t.gql(ListMembers, { id: target.id }, ws.token)).data.list?.memberCount).toBe(0);
    expect((await t.gql(ListMembers, { id: theirList.id }, ws.token)).data.list).toBeNull();
    expect(
      (await t.gql(ListMembers, { id: theirList.id }, other.token)).data.list?.memberCount,
    ).toBe(0);
  });
});
