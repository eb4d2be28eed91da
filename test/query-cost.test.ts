import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
          totalCount
          edges {
            node {
              memberCount
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
    expect(children.every((c) => c.audiences.totalCount === 10)).toBe(true);
    expect(large).toBe(small);
  });
});
