import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAndMatched } from '../src/sync/resolve.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import {
  cookie,
  gid,
  recordChange,
  Seed,
  settled,
  startedJob,
  startSync,
} from './support/sync-seed.js';
import { ecid, waitFor } from './support/util.js';

const AddListMembers = `
  mutation AddListMembers($input: AddListMembersInput!) {
    addListMembers(input: $input) {
      __typename
      ... on AddListMembersSuccess { count list { memberCount } }
    }
  }`;

const RemoveListMembers = `
  mutation RemoveListMembers($input: RemoveListMembersInput!) {
    removeListMembers(input: $input) {
      __typename
      ... on RemoveListMembersSuccess { count list { memberCount } }
    }
  }`;

let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;
let audience: string;
let listId: string;
let jobId: string;
/** Leads matched by the audience (through ECIDs 9001..9003), in order. */
let matched: string[];
/** A lead the audience does not match. */
let unmatched: string;

beforeAll(async () => {
  t = await startTestApp({ worker: { watchdogMs: 500 }, config: { syncDebounceMs: 100 } });
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
  audience = await seed.audience('Counted');
  matched = [];
  for (const i of [1, 2, 3]) matched.push(await matchedLead(i));
  unmatched = await seed.lead('unmatched@example.com');
  const job = startedJob(
    await startSync(t, ws.token, {
      audienceId: gid('Audience', audience),
      newListName: 'Counted list',
    }),
  );
  jobId = decodeGlobalID(job.id).id;
  listId = decodeGlobalID(job.list.id).id;
  await settled(t, ws.token, jobId);
});
afterAll(() => t?.close());

/** A lead matched by the audience through its own cookie and ECID 9000 + i. */
async function matchedLead(i: number): Promise<string> {
  const lead = await seed.lead(`matched-${i}@example.com`);
  await seed.cookie(cookie(`counted-${i}`), lead);
  await seed.cookieSync(ecid(9000 + i), cookie(`counted-${i}`));
  await seed.members(audience, [ecid(9000 + i)]);
  return lead;
}

/** The list's member count and its rows counted one by one. */
async function counts(list: string): Promise<{ counter: number; rows: number }> {
  const { rows } = await t.database.pool.query<{ counter: string; rows: number }>(
    `select l.member_count as counter,
       (select count(*)::int from list_membership lm
         where lm.workspace_id = l.workspace_id and lm.list_id = l.id) as rows
     from static_list l where l.id = $1`,
    [list],
  );
  return { counter: Number(rows[0]?.counter), rows: rows[0]?.rows ?? -1 };
}

/**
 * The list's size and matched leads counted over every member (the synced members plus the
 * manual members the audience matches), to compare listAndMatched with.
 */
async function countedOverEveryMember(): Promise<{ listSize: number; matchedLeads: number }> {
  const { rows } = await t.database.pool.query<{ listSize: number; matchedLeads: number }>(
    `select count(*)::int as "listSize",
       (count(*) filter (where lm.source = 'SYNC' or exists (
         select 1 from munchkin_cookie mc
         join cookie_sync cs on cs.workspace_id = $1 and cs.cookie_id = mc.cookie_id
         join audience_member am on am.workspace_id = $1 and am.audience_id = $3 and am.ecid = cs.ecid
         where mc.workspace_id = $1 and mc.lead_id = lm.lead_id)))::int as "matchedLeads"
     from list_membership lm where lm.workspace_id = $1 and lm.list_id = $2`,
    [ws.id, listId, audience],
  );
  return rows[0] as { listSize: number; matchedLeads: number };
}

/** Checks the counter, listAndMatched and the count over every member all agree. */
async function expectCounts(expected: { listSize: number; matchedLeads: number }) {
  expect(await counts(listId)).toEqual({ counter: expected.listSize, rows: expected.listSize });
  expect(await countedOverEveryMember()).toEqual(expected);
  expect(
    await listAndMatched(t.database.pool, { workspaceId: ws.id, listId, audienceId: audience }),
  ).toEqual(expected);
}

/** The job's runs so far. */
async function runCount(): Promise<number> {
  const { rows } = await t.database.pool.query<{ n: number }>(
    'select count(*)::int as n from sync_run where sync_job_id = $1',
    [jobId],
  );
  return rows[0]?.n ?? 0;
}

/**
 * Waits for what is queued to end, then has the job run once more (a change of its audience
 * that touches no ECID) and returns that run.
 */
async function nextRun() {
  await settled(t, ws.token, jobId);
  const before = await runCount();
  await recordChange(t, { workspaceId: ws.id, kind: 'AUDIENCE_MEMBERS', audienceIds: [audience] });
  await waitFor(async () => ((await runCount()) > before ? true : undefined), 10_000, 'a run');
  return (await settled(t, ws.token, jobId)).lastRun;
}

async function manual(
  document: string,
  leadIds: string[],
): Promise<{ count: number; memberCount: number }> {
  const res = await t.gql(
    document as never,
    { input: { listId: gid('List', listId), leadIds: leadIds.map((id) => gid('Lead', id)) } },
    ws.token,
  );
  const answer = Object.values(res.data as Record<string, { count: number; list: never }>)[0];
  const list = answer?.list as { memberCount: number } | undefined;
  return { count: answer?.count ?? -1, memberCount: list?.memberCount ?? -1 };
}

describe('list member count', () => {
  it('is the INITIAL run inserted members', async () => {
    expect((await settled(t, ws.token, jobId)).lastRun).toMatchObject({
      trigger: 'INITIAL',
      stats: { added: 3, listSize: 3, matchedLeads: 3 },
    });
    await expectCounts({ listSize: 3, matchedLeads: 3 });
  });

  it('follows incremental additions and removals', async () => {
    const fourth = await matchedLead(4);
    await recordChange(t, {
      workspaceId: ws.id,
      kind: 'AUDIENCE_MEMBERS',
      audienceIds: [audience],
      ecids: [ecid(9004)],
    });
    await waitFor(async () => ((await seed.listMembers(listId))[fourth] ? true : undefined));
    expect((await settled(t, ws.token, jobId)).lastRun).toMatchObject({
      trigger: 'INCREMENTAL',
      stats: { added: 1, removed: 0, listSize: 4, matchedLeads: 4 },
    });
    await expectCounts({ listSize: 4, matchedLeads: 4 });

    await seed.removeMembers(audience, [ecid(9004)]);
    await recordChange(t, {
      workspaceId: ws.id,
      kind: 'AUDIENCE_MEMBERS',
      audienceIds: [audience],
      ecids: [ecid(9004)],
    });
    await waitFor(async () => ((await seed.listMembers(listId))[fourth] ? undefined : true));
    expect((await settled(t, ws.token, jobId)).lastRun).toMatchObject({
      trigger: 'INCREMENTAL',
      stats: { added: 0, removed: 1, listSize: 3, matchedLeads: 3 },
    });
    await expectCounts({ listSize: 3, matchedLeads: 3 });
  });

  it('follows manual additions and removals of matched and unmatched leads', async () => {
    // An unmatched lead added by hand is a member, not a matched lead.
    expect(await manual(AddListMembers, [unmatched])).toEqual({ count: 1, memberCount: 4 });
    expect(await nextRun()).toMatchObject({
      trigger: 'INCREMENTAL',
      stats: { listSize: 4, matchedLeads: 3 },
    });
    await expectCounts({ listSize: 4, matchedLeads: 3 });

    // A synced member taken over by hand stays one member, and still a matched one.
    const [first] = matched as [string];
    expect(await manual(AddListMembers, [first])).toEqual({ count: 0, memberCount: 4 });
    expect((await seed.listMembers(listId))[first]).toBe('MANUAL');
    expect(await nextRun()).toMatchObject({ stats: { listSize: 4, matchedLeads: 3 } });
    await expectCounts({ listSize: 4, matchedLeads: 3 });

    // A matched lead removed by hand leaves; its sync puts it back, as a synced member.
    expect(await manual(RemoveListMembers, [first])).toEqual({ count: 1, memberCount: 3 });
    await waitFor(async () => ((await seed.listMembers(listId))[first] ? true : undefined));
    expect((await seed.listMembers(listId))[first]).toBe('SYNC');
    expect(await nextRun()).toMatchObject({ stats: { listSize: 4, matchedLeads: 3 } });
    await expectCounts({ listSize: 4, matchedLeads: 3 });

    // A manual member the audience comes to match counts as matched.
    await seed.cookie(cookie('counted-late'), unmatched);
    await seed.cookieSync(ecid(9005), cookie('counted-late'));
    await seed.members(audience, [ecid(9005)]);
    await expectCounts({ listSize: 4, matchedLeads: 4 });
    await seed.removeMembers(audience, [ecid(9005)]);

    expect(await manual(RemoveListMembers, [unmatched])).toEqual({ count: 1, memberCount: 3 });
    expect(await nextRun()).toMatchObject({ stats: { listSize: 3, matchedLeads: 3 } });
    await expectCounts({ listSize: 3, matchedLeads: 3 });
  });

  it('follows statements over several lists, moves between lists and a list emptied', async () => {
    const other = await seed.list('Other');
    const third = await seed.list('Third');
    for (const lead of matched) await seed.listMember(other, lead, 'MANUAL');
    await seed.listMember(third, unmatched, 'SYNC');
    expect(await counts(other)).toEqual({ counter: 3, rows: 3 });
    // One statement that moves a member from one list to another.
    await t.database.pool.query(
      'update list_membership set list_id = $2 where workspace_id = $3 and list_id = $1 and lead_id = $4',
      [other, third, ws.id, matched[0]],
    );
    expect(await counts(other)).toEqual({ counter: 2, rows: 2 });
    expect(await counts(third)).toEqual({ counter: 2, rows: 2 });
    // One statement that empties both lists, then the lists deleted.
    await t.database.pool.query(
      'delete from list_membership where workspace_id = $1 and list_id = any($2::bigint[])',
      [ws.id, [other, third]],
    );
    expect(await counts(other)).toEqual({ counter: 0, rows: 0 });
    expect(await counts(third)).toEqual({ counter: 0, rows: 0 });
    await t.database.pool.query('delete from static_list where id = any($1::bigint[])', [
      [other, third],
    ]);
    await expectCounts({ listSize: 3, matchedLeads: 3 });
  });
});
