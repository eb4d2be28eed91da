import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import {
  countStatements,
  startTestApp,
  type TestApp,
  type TestWorkspace,
} from './support/harness.js';
import {
  cookie,
  gid,
  Seed,
  type StartSyncResult,
  settled,
  startedJob,
  startSync,
} from './support/sync-seed.js';
import { ecid, sleep } from './support/util.js';

let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;
let audienceId: string;
let otherAudienceId: string;
let leadId: string;

beforeAll(async () => {
  t = await startTestApp({ worker: { watchdogMs: 500 }, config: { syncDebounceMs: 50 } });
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
  audienceId = gid('Audience', await seed.audience('Main'));
  otherAudienceId = gid('Audience', await seed.audience('Other'));
  leadId = await seed.lead('ada@example.com');
  await seed.cookie(cookie('ada'), leadId);
  await seed.cookieSync(ecid(1), cookie('ada'));
  await seed.members(decodeGlobalID(audienceId).id, [ecid(1)]);
});
afterAll(() => t?.close());

const PauseJob = graphql(/* GraphQL */ `
  mutation PauseJob($id: ID!) {
    pauseSyncJob(input: { id: $id }) {
      __typename
      ...ErrorFields
      ... on PauseSyncJobSuccess {
        syncJob {
          ...SyncJobFields
        }
      }
    }
  }
`);

const ResumeJob = graphql(/* GraphQL */ `
  mutation ResumeJob($id: ID!) {
    resumeSyncJob(input: { id: $id }) {
      __typename
      ...ErrorFields
      ... on ResumeSyncJobSuccess {
        syncJob {
          ...SyncJobFields
        }
      }
    }
  }
`);

const RunJobNow = graphql(/* GraphQL */ `
  mutation RunJobNow($id: ID!) {
    runSyncJobNow(input: { id: $id }) {
      __typename
      ...ErrorFields
      ... on RunSyncJobNowSuccess {
        syncJob {
          id
          lastRun {
            trigger
            status
          }
        }
      }
    }
  }
`);

const DeleteJob = graphql(/* GraphQL */ `
  mutation DeleteJob($id: ID!) {
    deleteSyncJob(input: { id: $id }) {
      __typename
      ...ErrorFields
      ... on DeleteSyncJobSuccess {
        deletedId
      }
    }
  }
`);

const JobRuns = graphql(/* GraphQL */ `
  query JobRuns($id: ID!) {
    syncJob(id: $id) {
      runs(first: 10) {
        totalCount
        edges {
          node {
            trigger
            status
          }
        }
      }
    }
  }
`);

const JobExists = graphql(/* GraphQL */ `
  query JobExists($id: ID!) {
    syncJob(id: $id) {
      id
    }
  }
`);

const ListJob = graphql(/* GraphQL */ `
  query ListJob($id: ID!) {
    node(id: $id) {
      ... on List {
        name
        syncJob {
          id
        }
      }
    }
  }
`);

const JobsPage = graphql(/* GraphQL */ `
  query JobsPage($first: Int) {
    syncJobs(first: $first) {
      totalCount
      edges {
        node {
          ...SyncJobFields
        }
      }
    }
  }
`);

const AudienceJobs = graphql(/* GraphQL */ `
  query AudienceJobs($id: ID!) {
    audience(id: $id) {
      syncJobs {
        list {
          name
          syncJob {
            audience {
              name
            }
          }
        }
      }
    }
  }
`);

const listCount = async () =>
  Number((await t.database.pool.query('select count(*) from static_list')).rows[0].count);
const jobCount = async () =>
  Number((await t.database.pool.query('select count(*) from sync_job')).rows[0].count);

describe('startAudienceSync errors', () => {
  it('needs exactly one of listId and newListName', async () => {
    const before = await listCount();
    expect(await startSync(t, ws.token, { audienceId })).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION',
      fieldErrors: [{ path: ['input', 'listId'] }, { path: ['input', 'newListName'] }],
    });
    const list = gid('List', await seed.list('Both'));
    expect(
      await startSync(t, ws.token, { audienceId, listId: list, newListName: 'New' }),
    ).toMatchObject({ code: 'VALIDATION' });
    expect(await startSync(t, ws.token, { audienceId, newListName: '   ' })).toMatchObject({
      code: 'VALIDATION',
      fieldErrors: [{ path: ['input', 'newListName'] }],
    });
    expect(await listCount()).toBe(before + 1);
    expect(await jobCount()).toBe(0);
  });

  it('answers HIPAA_RESTRICTED and INTEGRATION_NOT_CONFIGURED', async () => {
    const hipaa = await t.workspace({ hipaaReady: true });
    const hipaaAudience = gid('Audience', await new Seed(t.database.pool, hipaa.id).audience('H'));
    expect(
      await startSync(t, hipaa.token, { audienceId: hipaaAudience, newListName: 'H' }),
    ).toMatchObject({ __typename: 'HipaaRestrictedError', code: 'HIPAA_RESTRICTED' });
    const bare = await t.workspace();
    const bareAudience = gid('Audience', await new Seed(t.database.pool, bare.id).audience('N'));
    expect(
      await startSync(t, bare.token, { audienceId: bareAudience, newListName: 'N' }),
    ).toMatchObject({ code: 'INTEGRATION_NOT_CONFIGURED' });
    expect(await jobCount()).toBe(0);
  });

  it('answers NOT_FOUND for an audience or list of another workspace', async () => {
    const other = await t.workspace();
    const otherSeed = new Seed(t.database.pool, other.id);
    const foreignAudience = gid('Audience', await otherSeed.audience('Foreign'));
    const foreignList = gid('List', await otherSeed.list('Foreign list'));
    expect(
      await startSync(t, ws.token, { audienceId: foreignAudience, newListName: 'X' }),
    ).toMatchObject({ code: 'NOT_FOUND' });
    expect(await startSync(t, ws.token, { audienceId, listId: foreignList })).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(
      await startSync(t, ws.token, { audienceId: 'bm90LWFuLWlk', newListName: 'X' }),
    ).toMatchObject({
      code: 'VALIDATION',
    });
    expect(await jobCount()).toBe(0);
  });

  it('answers NAME_TAKEN for a list name in use, in any case', async () => {
    await seed.list('Customers');
    expect(await startSync(t, ws.token, { audienceId, newListName: 'customers' })).toMatchObject({
      __typename: 'NameTakenError',
      code: 'NAME_TAKEN',
    });
    expect(await jobCount()).toBe(0);
  });

  it('answers ALREADY_SYNCING and LIST_ALREADY_SYNCED', async () => {
    const first = await startSync(t, ws.token, { audienceId, newListName: 'Synced' });
    expect(first.__typename).toBe('StartAudienceSyncSuccess');
    const listId = startedJob(first).list.id;
    expect(await startSync(t, ws.token, { audienceId, listId })).toMatchObject({
      __typename: 'AlreadySyncingError',
      code: 'ALREADY_SYNCING',
    });
    expect(await startSync(t, ws.token, { audienceId: otherAudienceId, listId })).toMatchObject({
      __typename: 'ListAlreadySyncedError',
      code: 'LIST_ALREADY_SYNCED',
    });
    expect(await jobCount()).toBe(1);
  });

  it('needs the write scope', async () => {
    const reader = await ws.tokenWith(['read']);
    expect(await startSync(t, reader, { audienceId, newListName: 'Nope' })).toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('concurrent starts', () => {
  // A workspace of its own: these jobs must not show up in the dashboard counts below.
  let cw: TestWorkspace;
  let cseed: Seed;
  beforeAll(async () => {
    cw = await t.workspace();
    cseed = new Seed(t.database.pool, cw.id);
    await cseed.integration();
  });

  const codes = (results: StartSyncResult[]) =>
    results.map((result) => ('code' in result ? result.code : result.__typename));
  const tally = (values: string[]) => {
    const counts: Record<string, number> = {};
    for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
    return counts;
  };
  const jobsOfList = async (listId: string) =>
    Number(
      (await t.database.pool.query('select count(*) from sync_job where list_id = $1', [listId]))
        .rows[0].count,
    );

  it('ten identical starts on one list: one success and nine ALREADY_SYNCING', async () => {
    const audience = gid('Audience', await cseed.audience('Race list'));
    const listDbId = await cseed.list('Race target');
    const listId = gid('List', listDbId);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => startSync(t, cw.token, { audienceId: audience, listId })),
    );
    expect(tally(codes(results))).toEqual({ StartAudienceSyncSuccess: 1, ALREADY_SYNCING: 9 });
    expect(results.find((r) => 'code' in r)).toMatchObject({ __typename: 'AlreadySyncingError' });
    expect(await jobsOfList(listDbId)).toBe(1);
  });

  it('ten identical starts into one new list name: one success and nine ALREADY_SYNCING', async () => {
    const audience = gid('Audience', await cseed.audience('Race name'));
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        startSync(t, cw.token, { audienceId: audience, newListName: 'Race new list' }),
      ),
    );
    expect(tally(codes(results))).toEqual({ StartAudienceSyncSuccess: 1, ALREADY_SYNCING: 9 });
    const lists = await t.database.pool.query(
      `select id from static_list where workspace_id = $1 and name = 'Race new list'`,
      [cw.id],
    );
    expect(lists.rowCount).toBe(1);
    expect(await jobsOfList(lists.rows[0].id)).toBe(1);
    // A later start of the same audience into the same name is the same sync: started once.
    expect(
      await startSync(t, cw.token, { audienceId: audience, newListName: 'race NEW list' }),
    ).toMatchObject({ code: 'ALREADY_SYNCING' });
  });

  it('concurrent starts of two audiences on one list: the loser audience gets LIST_ALREADY_SYNCED', async () => {
    const a = gid('Audience', await cseed.audience('Race A'));
    const b = gid('Audience', await cseed.audience('Race B'));
    const listDbId = await cseed.list('Race shared');
    const listId = gid('List', listDbId);
    const audiences = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b));
    const results = await Promise.all(
      audiences.map((audienceId) => startSync(t, cw.token, { audienceId, listId })),
    );
    const winner = results.findIndex((r) => r.__typename === 'StartAudienceSyncSuccess');
    expect(winner).toBeGreaterThanOrEqual(0);
    const expected = audiences.map((audienceId, i) =>
      i === winner
        ? 'StartAudienceSyncSuccess'
        : audienceId === audiences[winner]
          ? 'ALREADY_SYNCING'
          : 'LIST_ALREADY_SYNCED',
    );
    expect(codes(results)).toEqual(expected);
    expect(await jobsOfList(listDbId)).toBe(1);
    // And afterwards, a start on that list by another audience.
    const c = gid('Audience', await cseed.audience('Race C'));
    expect(await startSync(t, cw.token, { audienceId: c, listId })).toMatchObject({
      __typename: 'ListAlreadySyncedError',
      code: 'LIST_ALREADY_SYNCED',
    });
  });

  it('concurrent starts of two audiences into one new list name: the other audience gets NAME_TAKEN', async () => {
    const a = gid('Audience', await cseed.audience('Name A'));
    const b = gid('Audience', await cseed.audience('Name B'));
    const audiences = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b));
    const results = await Promise.all(
      audiences.map((audienceId) =>
        startSync(t, cw.token, { audienceId, newListName: 'Race contested' }),
      ),
    );
    const winner = results.findIndex((r) => r.__typename === 'StartAudienceSyncSuccess');
    expect(winner).toBeGreaterThanOrEqual(0);
    const expected = audiences.map((audienceId, i) =>
      i === winner
        ? 'StartAudienceSyncSuccess'
        : audienceId === audiences[winner]
          ? 'ALREADY_SYNCING'
          : 'NAME_TAKEN',
    );
    expect(codes(results)).toEqual(expected);
  });
});

describe('sync job lifecycle', () => {
  it('pauses (no triggers run), resumes (one run), runs on demand, deletes (list kept)', async () => {
    const started = await startSync(t, ws.token, {
      audienceId: otherAudienceId,
      newListName: 'Life',
    });
    const { id, list: startedList } = startedJob(started);
    const jobId = decodeGlobalID(id).id;
    const listId = decodeGlobalID(startedList.id).id;
    await settled(t, ws.token, jobId);
    await seed.members(decodeGlobalID(otherAudienceId).id, [ecid(1)]);

    const paused = await t.gql(PauseJob, { id }, ws.token);
    expect(paused.data).toMatchObject({
      pauseSyncJob: { syncJob: { status: 'PAUSED', nextRunAt: null } },
    });
    const runsBefore = await t.database.pool.query(
      'select id from sync_run where sync_job_id = $1',
      [jobId],
    );
    expect(await t.gql(RunJobNow, { id }, ws.token)).toMatchObject({
      data: { runSyncJobNow: { code: 'VALIDATION' } },
    });
    const { recordChange } = await import('./support/sync-seed.js');
    await recordChange(t, {
      workspaceId: ws.id,
      kind: 'AUDIENCE_MEMBERS',
      audienceIds: [decodeGlobalID(otherAudienceId).id],
      ecids: [ecid(1)],
    });
    // Nothing to wait for: this proves that a paused job gets no run meanwhile.
    await sleep(300);
    const runsPaused = await t.database.pool.query(
      'select id from sync_run where sync_job_id = $1',
      [jobId],
    );
    expect(runsPaused.rowCount).toBe(runsBefore.rowCount);
    expect(await seed.listMembers(listId)).toEqual({});

    const resumed = await t.gql(ResumeJob, { id }, ws.token);
    expect(resumed.data).toMatchObject({ resumeSyncJob: { syncJob: { status: 'ACTIVE' } } });
    const afterResume = await settled(t, ws.token, jobId);
    expect(afterResume.lastRun).toMatchObject({ trigger: 'MANUAL', status: 'SUCCEEDED' });
    expect(await seed.listMembers(listId)).toEqual({ [leadId]: 'SYNC' });

    const ran = await t.gql(RunJobNow, { id }, ws.token);
    expect(ran.data).toMatchObject({
      runSyncJobNow: { syncJob: { lastRun: { trigger: 'MANUAL' } } },
    });
    await settled(t, ws.token, jobId);

    const history = await t.gql(JobRuns, { id }, ws.token);
    expect(history.errors).toBeUndefined();
    expect(history.data).toMatchObject({
      syncJob: {
        runs: {
          totalCount: 3,
          edges: [
            { node: { trigger: 'MANUAL', status: 'SUCCEEDED' } },
            { node: { trigger: 'MANUAL', status: 'SUCCEEDED' } },
            { node: { trigger: 'INITIAL', status: 'SUCCEEDED' } },
          ],
        },
      },
    });

    expect(await t.gql(DeleteJob, { id }, ws.token)).toMatchObject({
      data: { deleteSyncJob: { __typename: 'DeleteSyncJobSuccess', deletedId: id } },
    });
    const gone = await t.gql(JobExists, { id }, ws.token);
    expect(gone.data).toEqual({ syncJob: null });
    expect(await seed.listMembers(listId)).toEqual({ [leadId]: 'SYNC' });
    const list = await t.gql(ListJob, { id: gid('List', listId) }, ws.token);
    expect(list.data).toEqual({ node: { name: 'Life', syncJob: null } });
    const notFound = { code: 'NOT_FOUND' };
    expect((await t.gql(PauseJob, { id }, ws.token)).data.pauseSyncJob).toMatchObject(notFound);
    expect((await t.gql(ResumeJob, { id }, ws.token)).data.resumeSyncJob).toMatchObject(notFound);
    expect((await t.gql(RunJobNow, { id }, ws.token)).data.runSyncJobNow).toMatchObject(notFound);
    expect((await t.gql(DeleteJob, { id }, ws.token)).data.deleteSyncJob).toMatchObject(notFound);
  });
});

describe('dashboard', () => {
  it('lists sync jobs with audience, list, last run and progress in a constant number of statements', async () => {
    for (let i = 0; i < 8; i++) {
      const audience = gid('Audience', await seed.audience(`Dash ${i}`));
      const started = await startSync(t, ws.token, {
        audienceId: audience,
        newListName: `Dash ${i}`,
      });
      await settled(t, ws.token, decodeGlobalID(startedJob(started).id).id);
    }
    // The counter sees every statement on the request pool, and the worker's watchdog tick
    // (every 500 ms in this file) sends some there too (queueDueReconciles): a tick can only
    // add to a window's count, so each size takes the fewest statements over three requests.
    const measure = async (first: number) => {
      let fewest = Number.POSITIVE_INFINITY;
      let rows: number | undefined;
      for (let attempt = 0; attempt < 3; attempt++) {
        let result: { data?: { syncJobs: { edges: unknown[] } }; errors?: unknown } = {};
        const statements = await countStatements(t, async () => {
          result = await t.gql(JobsPage, { first }, ws.token);
        });
        expect(result.errors).toBeUndefined();
        fewest = Math.min(fewest, statements);
        rows = result.data?.syncJobs.edges.length;
      }
      return { statements: fewest, rows };
    };
    const one = await measure(1);
    const page = await measure(50);
    expect(one.rows).toBe(1);
    expect(page.rows).toBe(9);
    expect(page.statements).toBe(one.statements);
  });

  it('shows the sync jobs of an audience and the job of a list', async () => {
    const res = await t.gql(AudienceJobs, { id: audienceId }, ws.token);
    expect(res.data).toEqual({
      audience: {
        syncJobs: [{ list: { name: 'Synced', syncJob: { audience: { name: 'Main' } } } }],
      },
    });
  });
});
