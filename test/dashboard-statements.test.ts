import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countStatements,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from './support/harness.js';

/** What a dashboard asks for (the same selection as bench/read-api.ts): a page of sync jobs. */
const DASHBOARD = /* GraphQL */ `
  query DashboardStatements($first: Int!) {
    syncJobs(first: $first) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          id status createdAt nextRunAt
          audience { id name externalId folder { id path } }
          list { id name }
          lastRun {
            id trigger status phase startedAt finishedAt error
            stats {
              audienceSize ecidsWithCookie ecidsWithLead ecidsWithoutCookie ecidsAnonymousOnly
              matchedLeads listSize added removed
            }
          }
        }
      }
    }
  }
`;

interface DashboardNode {
  id: string;
  audience: { name: string; folder: { path: string } };
  list: { name: string };
  lastRun: { trigger: string; status: string; stats: { matchedLeads: number } | null } | null;
}
interface Dashboard {
  syncJobs: { totalCount: number; edges: { node: DashboardNode }[] };
}

let t: TestApp;
let ws: TestWorkspace;

/** 120 sync jobs, each feeding its own list from an audience in a folder of its own, 3 runs each. */
async function seed(workspaceId: string) {
  const sql = (text: string) => t.database.pool.query(text, [workspaceId]);
  await sql(
    `insert into audience_folder (workspace_id, name, path)
     select $1, 'F' || n, 'Root/F' || n from generate_series(1, 120) n`,
  );
  await sql(
    `insert into audience (workspace_id, folder_id, external_id, name)
     select $1, f.id, 'seg-' || f.id, 'Audience ' || f.name from audience_folder f where f.workspace_id = $1`,
  );
  await sql(
    `insert into static_list (workspace_id, name) select $1, 'List ' || n from generate_series(1, 120) n`,
  );
  await sql(
    `insert into sync_job (workspace_id, audience_id, list_id)
     select $1, a.id, s.id
       from (select id, row_number() over (order by id) n from audience where workspace_id = $1) a
       join (select id, row_number() over (order by id) n from static_list where workspace_id = $1) s
         on s.n = a.n`,
  );
  // Two finished runs and, last, a queued one per job: lastRun must be the queued one.
  await sql(
    `insert into sync_run (workspace_id, sync_job_id, trigger, status, phase, stats, started_at, finished_at)
     select $1, sj.id, t.trigger, t.status, t.phase,
            case when t.status = 'SUCCEEDED' then jsonb_build_object(
              'audienceSize', 10, 'ecidsWithCookie', 8, 'ecidsWithLead', 6, 'ecidsWithoutCookie', 2,
              'ecidsAnonymousOnly', 2, 'matchedLeads', sj.id::int % 7, 'listSize', 5, 'added', 1,
              'removed', 0) end,
            case when t.status = 'SUCCEEDED' then now() end,
            case when t.status = 'SUCCEEDED' then now() end
       from sync_job sj,
            (values (1, 'INITIAL', 'SUCCEEDED', 'COMPLETED'), (2, 'INCREMENTAL', 'SUCCEEDED', 'COMPLETED'),
                    (3, 'SCHEDULED', 'QUEUED', 'QUEUED')) t(n, trigger, status, phase)
      where sj.workspace_id = $1
      order by sj.id, t.n`,
  );
}

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace({ name: 'Dashboard' });
  await seed(ws.id);
});
afterAll(() => t?.close());

/** Statements one request costs, after a warm-up request of the same query. */
async function statementsOf(first: number): Promise<{ statements: number; page: Dashboard }> {
  await t.gql(DASHBOARD, { first }, ws.token);
  let result: Awaited<ReturnType<typeof t.gql<Dashboard, { first: number }>>> | undefined;
  const statements = await countStatements(t, async () => {
    result = await t.gql<Dashboard, { first: number }>(DASHBOARD, { first }, ws.token);
  });
  expect(result?.errors).toBeUndefined();
  return { statements, page: (result as { data: Dashboard }).data };
}

describe('the dashboard query', () => {
  it('costs at most 3 statements, the same for a page of 10 and of 100', async () => {
    const small = await statementsOf(10);
    const large = await statementsOf(100);
    expect(large.page.syncJobs.totalCount).toBe(120);
    expect(large.page.syncJobs.edges).toHaveLength(100);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(3);
  });

  it('answers every job with its own audience, folder, list and latest run', async () => {
    const { page } = await statementsOf(100);
    const { rows } = await t.database.pool.query<{
      id: string;
      audience: string;
      path: string;
      list: string;
    }>(
      `select sj.id, a.name as audience, f.path, l.name as list
         from sync_job sj join audience a on a.id = sj.audience_id
         join audience_folder f on f.id = a.folder_id join static_list l on l.id = sj.list_id
        where sj.workspace_id = $1 order by sj.id limit 100`,
      [ws.id],
    );
    expect(
      page.syncJobs.edges.map(({ node }) => ({
        audience: node.audience.name,
        path: node.audience.folder.path,
        list: node.list.name,
        lastRun: node.lastRun && { trigger: node.lastRun.trigger, status: node.lastRun.status },
      })),
    ).toEqual(
      rows.map((row) => ({
        audience: row.audience,
        path: row.path,
        list: row.list,
        lastRun: { trigger: 'SCHEDULED', status: 'QUEUED' },
      })),
    );
  });
});
