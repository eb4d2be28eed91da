import {
  type DocumentNode,
  getNamedType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  parse,
  print,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COST,
  COST_LIMIT_CODE,
  LIST_BOUNDS,
  MAX_QUERY_COST,
  operationCost,
} from '../src/schema/cost.js';
import { schema } from '../src/schema/index.js';
import * as webDocuments from '../web/src/documents.js';
import { graphql } from './gql/index.js';
import {
  countStatements,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from './support/harness.js';

const AudiencePage = graphql(/* GraphQL */ `
  query CostAudiences($first: Int!) {
    audiences(first: $first) {
      totalCount
      edges {
        node {
          id
          name
          memberCount
          folder {
            path
            parent {
              name
            }
          }
          syncJobs {
            status
            list {
              name
            }
          }
        }
      }
    }
  }
`);

const LeadPage = graphql(/* GraphQL */ `
  query CostLeads($first: Int!) {
    leads(first: $first) {
      totalCount
      edges {
        node {
          email
          ecids
          lists(first: 5) {
            totalCount
            edges {
              source
              node {
                name
                memberCount
              }
            }
          }
        }
      }
    }
  }
`);

const ListPage = graphql(/* GraphQL */ `
  query CostLists($first: Int!) {
    lists(first: $first) {
      edges {
        node {
          memberCount
          members(first: 3) {
            totalCount
            edges {
              node {
                email
              }
            }
          }
        }
      }
    }
  }
`);

const FolderTree = graphql(/* GraphQL */ `
  query CostFolders($first: Int!) {
    audienceFolders {
      children {
        path
        audiences(first: $first) {
          edges {
            node {
              name
              folder {
                name
              }
            }
          }
        }
      }
    }
  }
`);

let t: TestApp;
let ws: TestWorkspace;

/**
 * Seeds, set-based: 120 audiences over 12 subfolders (half with a sync job), 120 leads on 9
 * lists each, with ECIDs.
 */
async function seed(workspaceId: string) {
  const sql = (text: string) => t.database.pool.query(text, [workspaceId]);
  await sql(`insert into audience_folder (workspace_id, name, path) values ($1, 'Root', 'Root')`);
  await sql(
    `insert into audience_folder (workspace_id, parent_id, name, path)
     select $1, r.id, 'F' || n, 'Root/F' || n
       from generate_series(1, 12) n, audience_folder r where r.workspace_id = $1 and r.name = 'Root'`,
  );
  await sql(
    `insert into audience (workspace_id, folder_id, external_id, name)
     select $1, f.id, 'seg-' || f.id || '-' || n, 'Audience ' || n
       from audience_folder f, generate_series(1, 10) n
      where f.workspace_id = $1 and f.parent_id is not null`,
  );
  await sql(
    `insert into audience_member (workspace_id, audience_id, ecid)
     select $1, a.id, lpad((a.id * 100 + n)::text, 38, '0')
       from audience a, generate_series(1, 5) n where a.workspace_id = $1`,
  );
  await sql(
    `insert into lead (workspace_id, email)
     select $1, 'lead' || n || '@example.com' from generate_series(1, 120) n`,
  );
  await sql(
    `insert into static_list (workspace_id, name) select $1, 'List ' || n from generate_series(1, 120) n`,
  );
  await sql(
    `insert into list_membership (workspace_id, list_id, lead_id, source)
     select $1, s.id, l.id, case when (l.id + s.id) % 2 = 0 then 'MANUAL' else 'SYNC' end
       from lead l join static_list s on s.workspace_id = l.workspace_id
      where l.workspace_id = $1 and (l.id + s.id) % 40 < 3`,
  );
  // Every other audience feeds a list of its own.
  await sql(
    `insert into sync_job (workspace_id, audience_id, list_id)
     select $1, a.id, s.id
       from (select id, row_number() over (order by id) n from audience where workspace_id = $1) a
       join (select id, row_number() over (order by id) n from static_list where workspace_id = $1) s
         on s.n = a.n
      where a.n % 2 = 0`,
  );
  await sql(
    `insert into munchkin_cookie (workspace_id, cookie_id, lead_id)
     select $1, '_mch-' || l.id, l.id from lead l where l.workspace_id = $1`,
  );
  await sql(
    `insert into cookie_sync (workspace_id, ecid, cookie_id)
     select $1, lpad(l.id::text, 38, '0'), '_mch-' || l.id from lead l where l.workspace_id = $1`,
  );
}

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace({ name: 'Cost' });
  await seed(ws.id);
});
afterAll(() => t?.close());

/** Statements one request costs, after a warm-up so that one-off work does not count. */
async function cost(run: () => Promise<{ errors?: unknown }>): Promise<number> {
  await run();
  let result: { errors?: unknown } = {};
  const statements = await countStatements(t, async () => {
    result = await run();
  });
  expect(result.errors).toBeUndefined();
  return statements;
}

describe('query cost does not grow with page size', () => {
  it('a page of audiences with folder, parent folder, memberCount and sync jobs', async () => {
    const small = await cost(() => t.gql(AudiencePage, { first: 10 }, ws.token));
    const large = await cost(() => t.gql(AudiencePage, { first: 100 }, ws.token));
    const page = await t.gql(AudiencePage, { first: 100 }, ws.token);
    expect(page.data.audiences.edges).toHaveLength(100);
    expect(page.data.audiences.edges[0].node).toMatchObject({
      memberCount: 5,
      folder: { parent: { name: 'Root' } },
    });
    expect(large).toBe(small);
  });

  it('a page of leads with ecids and lists (with their memberCount)', async () => {
    const small = await cost(() => t.gql(LeadPage, { first: 10 }, ws.token));
    const large = await cost(() => t.gql(LeadPage, { first: 100 }, ws.token));
    const page = await t.gql(LeadPage, { first: 100 }, ws.token);
    expect(page.data.leads.edges).toHaveLength(100);
    expect(page.data.leads.edges.every((e) => e.node.ecids.length === 1)).toBe(true);
    // Every lead is on 9 lists; a page of its lists holds 5.
    expect(page.data.leads.edges.every((e) => e.node.lists.totalCount === 9)).toBe(true);
    expect(page.data.leads.edges.every((e) => e.node.lists.edges.length === 5)).toBe(true);
    expect(large).toBe(small);
  });

  it('a page of lists with members', async () => {
    const small = await cost(() => t.gql(ListPage, { first: 10 }, ws.token));
    const large = await cost(() => t.gql(ListPage, { first: 100 }, ws.token));
    expect(large).toBe(small);
  });

  it('a folder tree with the audiences of every folder', async () => {
    const small = await cost(() => t.gql(FolderTree, { first: 2 }, ws.token));
    const large = await cost(() => t.gql(FolderTree, { first: 10 }, ws.token));
    const tree = await t.gql(FolderTree, { first: 10 }, ws.token);
    const children = tree.data.audienceFolders[0].children;
    expect(children).toHaveLength(12);
    expect(children.every((c) => c.audiences.edges.length === 10)).toBe(true);
    expect(large).toBe(small);
  });
});

/** The only error of a refused operation, which executed nothing. */
function refusal(res: { data: unknown; errors?: { message: string; extensions?: unknown }[] }) {
  expect(res.data).toBeUndefined();
  expect(res.errors).toHaveLength(1);
  return res.errors?.[0];
}

async function anAudienceId(): Promise<string> {
  const res = await t.gql<{ audiences: { edges: { node: { id: string } }[] } }, object>(
    '{ audiences(first: 1) { edges { node { id } } } }',
    {},
    ws.token,
  );
  return res.data.audiences.edges[0].node.id;
}

const previews = (n: number, audienceId: string) =>
  `{ ${Array.from(
    { length: n },
    (_, i) =>
      `p${i}: previewAudienceSync(audienceId: "${audienceId}") { audienceSize matchedLeads }`,
  ).join(' ')} }`;

describe('the cost limit weighs what is expensive', () => {
  it('refuses 20 aliases of previewAudienceSync before executing any of them', async () => {
    const query = previews(20, await anAudienceId());
    // Statements of a request that executes nothing (authentication only), for comparison.
    const baseline = await countStatements(t, async () => {
      await t.gql('{ __typename }', {}, ws.token);
    });
    let res: Awaited<ReturnType<typeof t.gql>> | undefined;
    const statements = await countStatements(t, async () => {
      res = await t.gql(query, {}, ws.token);
    });
    if (!res) throw new Error('no answer');
    expect(refusal(res)).toEqual({
      message: `Query cost ${20 * COST.previewAudienceSync} exceeds the limit of ${MAX_QUERY_COST}: ask for smaller pages, fewer counts or fewer previews per request`,
      extensions: {
        code: COST_LIMIT_CODE,
        cost: 20 * COST.previewAudienceSync,
        maxCost: MAX_QUERY_COST,
      },
    });
    expect(statements).toBe(baseline);
  });

  it('allows as many previews as the limit holds, and refuses one more', async () => {
    const audienceId = await anAudienceId();
    const fit = Math.floor(MAX_QUERY_COST / COST.previewAudienceSync);
    expect(fit).toBeGreaterThanOrEqual(1);
    const allowed = await t.gql(previews(fit, audienceId), {}, ws.token);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data).toMatchObject({ p0: { audienceSize: 5 } });
    const refused = await t.gql(previews(fit + 1, audienceId), {}, ws.token);
    expect(refusal(refused)?.extensions).toMatchObject({ code: COST_LIMIT_CODE });
  });

  it('allows a page of 500 audiences with their folder', async () => {
    const res = await t.gql<
      { audiences: { edges: { node: { folder: { path: string } } }[] } },
      object
    >('{ audiences(first: 500) { edges { node { id name folder { path } } } } }', {}, ws.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.audiences.edges).toHaveLength(120);
    expect(res.data.audiences.edges[0].node.folder.path).toMatch(/^Root\/F\d+$/);
  });

  it('allows the dashboard: 50 sync jobs with audience, folder, list, last run and stats', async () => {
    const res = await t.gql<{ syncJobs: { totalCount: number; edges: unknown[] } }, object>(
      `query Dashboard { syncJobs(first: 50) { totalCount pageInfo { hasNextPage endCursor }
         edges { cursor node { id status createdAt nextRunAt
           audience { id name externalId folder { id path } }
           list { id name memberCount }
           lastRun { id trigger status phase startedAt finishedAt error
             stats { audienceSize ecidsWithCookie ecidsWithLead ecidsWithoutCookie
                     ecidsAnonymousOnly matchedLeads listSize added removed } } } } } }`,
      {},
      ws.token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.syncJobs.totalCount).toBe(60);
    expect(res.data.syncJobs.edges).toHaveLength(50);
  });

  it('multiplies the selection under a connection by first, given as a literal or a variable', async () => {
    const counts = 'edges { node { memberCount } }';
    const literal = await t.gql(`{ audiences(first: 500) { ${counts} } }`, {}, ws.token);
    expect(refusal(literal)).toMatchObject({
      message: expect.stringContaining(`Query cost ${1 + 500 * COST.audienceMemberCount} exceeds`),
      extensions: { code: COST_LIMIT_CODE },
    });
    const byVariable = `query($first: Int) { audiences(first: $first) { ${counts} } }`;
    expect(refusal(await t.gql(byVariable, { first: 500 }, ws.token))?.extensions).toMatchObject({
      code: COST_LIMIT_CODE,
    });
    const small = await t.gql<{ audiences: { edges: unknown[] } }, { first: number }>(
      byVariable,
      { first: 20 },
      ws.token,
    );
    expect(small.errors).toBeUndefined();
    expect(small.data.audiences.edges).toHaveLength(20);
    // The same page of audiences without the count is cheap.
    const plain = await t.gql(
      `{ audiences(first: 500) { edges { node { name } } } }`,
      {},
      ws.token,
    );
    expect(plain.errors).toBeUndefined();
  });

  it('counts every alias and every fragment use', async () => {
    const fragment = 'fragment Counted on Audience { memberCount }';
    const page = (alias: string) =>
      `${alias}: audiences(first: 100) { edges { node { ...Counted } } }`;
    const one = await t.gql(`{ ${page('a')} } ${fragment}`, {}, ws.token);
    expect(one.errors).toBeUndefined();
    const three = await t.gql(
      `{ ${page('a')} ${page('b')} ${page('c')} } ${fragment}`,
      {},
      ws.token,
    );
    expect(refusal(three)?.message).toContain(
      `Query cost ${3 * (1 + 100 * COST.audienceMemberCount)}`,
    );
  });
});

/** The list fields of the schema whose items are objects: `Type.field`. */
function objectListFields(): { name: string; bound: unknown }[] {
  const found: { name: string; bound: unknown }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
      if (!isListType(unwrapped) || !isCompositeType(getNamedType(field.type))) continue;
      found.push({ name: `${type.name}.${field.name}`, bound: field.extensions?.listBound });
    }
  }
  return found;
}

describe('every list counts its worst case', () => {
  it('declares a bound on every list of objects that is not a page or nodes(ids)', () => {
    const lists = objectListFields();
    expect(lists.map((l) => l.name)).toEqual(
      expect.arrayContaining([
        'AudienceFolder.children',
        'Query.audienceFolders',
        'Audience.syncJobs',
      ]),
    );
    const unbounded = lists
      .filter((l) => !l.name.endsWith('Connection.edges') && l.name !== 'Query.nodes')
      .filter((l) => l.bound === undefined)
      .map((l) => l.name);
    expect(unbounded).toEqual([]);
  });

  it('prices unpaged folders at the most a workspace keeps, and refuses the query over the limit', async () => {
    // 13 folders here; priced as if every level of the tree held all the folders there may be.
    const query = `query($ecid: String!) { audienceFolders { children { audiences(first: 100) {
      edges { node { explainMatch(ecid: $ecid) { reason } } } } } } }`;
    const folders = LIST_BOUNDS.folders;
    const expected = 1 + folders + folders + folders * 100 * COST.explainMatch;
    const baseline = await countStatements(t, async () => {
      await t.gql('{ __typename }', {}, ws.token);
    });
    let res: Awaited<ReturnType<typeof t.gql>> | undefined;
    const statements = await countStatements(t, async () => {
      res = await t.gql(query, { ecid: '0'.repeat(38) }, ws.token);
    });
    if (!res) throw new Error('no answer');
    expect(refusal(res)?.extensions).toEqual({
      code: COST_LIMIT_CODE,
      cost: expected,
      maxCost: MAX_QUERY_COST,
    });
    // Refused before it ran: no explainMatch, no folder read.
    expect(statements).toBe(baseline);
  });

  it("multiplies an audience's sync jobs by their bound, and nodes(ids) by its ids", async () => {
    const jobs = await t.gql(
      `{ audiences(first: 100) { edges { node { syncJobs { list { memberCount } } } } } }`,
      {},
      ws.token,
    );
    expect(refusal(jobs)?.extensions).toMatchObject({
      code: COST_LIMIT_CODE,
      cost: 1 + 100 + 100 * LIST_BOUNDS.syncJobsPerAudience * (1 + COST.listMemberCount),
    });
    const id = await anAudienceId();
    const byIds = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Audience { memberCount } } }`;
    const many = await t.gql(byIds, { ids: Array(300).fill(id) }, ws.token);
    expect(refusal(many)?.extensions).toMatchObject({
      code: COST_LIMIT_CODE,
      cost: 1 + 300 * COST.audienceMemberCount,
    });
    const few = await t.gql<{ nodes: { memberCount: number }[] }, { ids: string[] }>(
      byIds,
      { ids: Array(100).fill(id) },
      ws.token,
    );
    expect(few.errors).toBeUndefined();
    expect(few.data.nodes).toHaveLength(100);
  });

  it('keeps every operation of the web app within the limit (its folder tree five levels deep)', () => {
    const documents = Object.entries(webDocuments) as [string, DocumentNode][];
    expect(documents.length).toBeGreaterThan(10);
    for (const [name, document] of documents) {
      const cost = operationCost(schema, parse(print(document)));
      expect(cost, name).toBeLessThanOrEqual(MAX_QUERY_COST);
    }
    expect(operationCost(schema, parse(print(webDocuments.FolderTree)))).toBe(
      1 + 5 * LIST_BOUNDS.folders,
    );
  });
});

describe('data past a declared bound', () => {
  it('stop costing once the work done reaches the limit, the operation priced within it', async () => {
    const big = await t.workspace({ name: 'Many folders' });
    const folders = LIST_BOUNDS.folders + 1_100;
    await t.database.pool.query(
      `insert into audience_folder (workspace_id, name, path)
       select $1, 'R' || n, 'R' || n from generate_series(1, $2::int) n`,
      [big.id, folders],
    );
    const query = '{ audienceFolders { audiences(first: 1) { totalCount } } }';
    // Priced at the bound: every root folder there may be, with its count.
    expect(operationCost(schema, parse(query))).toBe(1 + LIST_BOUNDS.folders * (1 + COST.count));
    const res = await t.gql(query, {}, big.token);
    // The counts of the first MAX_QUERY_COST / COST.count folders ran; the next one was
    // refused instead of running, and with it the operation (its fields are non-null).
    expect(res.data).toBeNull();
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(res.errors?.[0]).toMatchObject({
      path: ['audienceFolders', MAX_QUERY_COST / COST.count, 'audiences', 'totalCount'],
    });
    for (const error of res.errors ?? []) {
      expect(error.extensions).toEqual({ code: COST_LIMIT_CODE, maxCost: MAX_QUERY_COST });
    }
    // Within the bound the same query answers in full.
    const small = await t.gql<{ audienceFolders: unknown[] }, object>(query, {}, ws.token);
    expect(small.errors).toBeUndefined();
    expect(small.data.audienceFolders).toHaveLength(1);
  });
});
