import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { PreviewSync } from './support/fragments.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { cookie, gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';
import { ecid } from './support/util.js';

let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;
const ids: Record<string, string> = {};

/*
 * The hand-built data set of the matching rule (audience A unless noted):
 *   e1: no cookie                      e2: cookie c2, anonymous
 *   e3, e4: cookies c3, c4 of lead L1  (two ECIDs of one lead: counts once)
 *   e5: cookies c5a -> L2, c5b -> L3   (one ECID, two cookies of two leads)
 *   e6: in A and in B, cookie c6 -> L4 (shared ECID)
 *   e7: only in B, cookie c7 -> L5
 * List "Existing": L6 manual (not matched), L2 manual (also matched), L7 synced earlier but
 * no longer matched. Another workspace holds e1 with a cookie of its own lead: never leaks.
 */
beforeAll(async () => {
  t = await startTestApp({ worker: { watchdogMs: 500 }, config: { syncDebounceMs: 50 } });
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
  ids.A = await seed.audience('A');
  ids.B = await seed.audience('B');
  await seed.members(ids.A, [1, 2, 3, 4, 5, 6].map(ecid));
  await seed.members(ids.B, [6, 7].map(ecid));
  for (const n of [1, 2, 3, 4, 5, 6, 7]) ids[`L${n}`] = await seed.lead(`l${n}@example.com`);
  await seed.cookie(cookie('c2'));
  await seed.cookie(cookie('c3'), ids.L1);
  await seed.cookie(cookie('c4'), ids.L1);
  await seed.cookie(cookie('c5a'), ids.L2);
  await seed.cookie(cookie('c5b'), ids.L3);
  await seed.cookie(cookie('c6'), ids.L4);
  await seed.cookie(cookie('c7'), ids.L5);
  await seed.cookieSync(ecid(2), cookie('c2'));
  await seed.cookieSync(ecid(3), cookie('c3'));
  await seed.cookieSync(ecid(4), cookie('c4'));
  await seed.cookieSync(ecid(5), cookie('c5a'));
  await seed.cookieSync(ecid(5), cookie('c5b'));
  await seed.cookieSync(ecid(6), cookie('c6'));
  await seed.cookieSync(ecid(7), cookie('c7'));
  ids.existing = await seed.list('Existing');
  await seed.listMember(ids.existing, ids.L6, 'MANUAL');
  await seed.listMember(ids.existing, ids.L2, 'MANUAL');
  await seed.listMember(ids.existing, ids.L7, 'SYNC');

  const other = new Seed(t.database.pool, (await t.workspace()).id);
  const stranger = await other.lead('stranger@example.com');
  await other.cookie(cookie('c1'), stranger);
  await other.cookieSync(ecid(1), cookie('c1'));
});
afterAll(() => t?.close());

const ExplainMatch = graphql(/* GraphQL */ `
  query ExplainMatch($id: ID!, $ecid: String!) {
    audience(id: $id) {
      explainMatch(ecid: $ecid) {
        ecid
        inAudience
        reason
        cookieIds
        leads {
          email
        }
      }
    }
  }
`);

describe('matching rule', () => {
  it('previews the statistics without writing anything', async () => {
    const res = await t.gql(PreviewSync, { id: gid('Audience', ids.A) }, ws.token);
    expect(res.data).toEqual({
      previewAudienceSync: {
        audienceSize: 6,
        ecidsWithCookie: 5,
        ecidsWithLead: 4,
        ecidsWithoutCookie: 1,
        ecidsAnonymousOnly: 1,
        matchedLeads: 4,
        listSize: 4,
        added: 4,
        removed: 0,
      },
    });
    const runs = await t.database.pool.query('select 1 from sync_run');
    expect(runs.rowCount).toBe(0);
  });

  it('syncs an audience into an existing list: mirror of matched leads, manual members kept', async () => {
    const started = await startSync(t, ws.token, {
      audienceId: gid('Audience', ids.A),
      listId: gid('List', ids.existing),
    });
    expect(started).toMatchObject({
      __typename: 'StartAudienceSyncSuccess',
      syncJob: { status: 'ACTIVE', list: { name: 'Existing' }, audience: { name: 'A' } },
    });
    const jobId = decodeGlobalID(startedJob(started).id).id;
    const job = await settled(t, ws.token, jobId);
    expect(job.lastRun).toMatchObject({
      trigger: 'INITIAL',
      status: 'SUCCEEDED',
      phase: 'COMPLETED',
      error: null,
      stats: {
        audienceSize: 6,
        ecidsWithCookie: 5,
        ecidsWithLead: 4,
        ecidsWithoutCookie: 1,
        ecidsAnonymousOnly: 1,
        matchedLeads: 4,
        listSize: 5,
        added: 3,
        removed: 1,
      },
    });
    expect(job.progress).toMatchObject({ status: 'SUCCEEDED', phase: 'COMPLETED', percent: 100 });
    expect(await seed.listMembers(ids.existing)).toEqual({
      [ids.L1]: 'SYNC',
      [ids.L2]: 'MANUAL',
      [ids.L3]: 'SYNC',
      [ids.L4]: 'SYNC',
      [ids.L6]: 'MANUAL',
    });
  });

  it('syncs an ECID shared by two audiences into both lists', async () => {
    const started = await startSync(t, ws.token, {
      audienceId: gid('Audience', ids.B),
      newListName: 'From B',
    });
    const job = await settled(t, ws.token, decodeGlobalID(startedJob(started).id).id);
    const listId = decodeGlobalID(job.list.id).id;
    expect(await seed.listMembers(listId)).toEqual({ [ids.L4]: 'SYNC', [ids.L5]: 'SYNC' });
    expect(job.lastRun).toMatchObject({
      stats: {
        audienceSize: 2,
        ecidsWithLead: 2,
        matchedLeads: 2,
        listSize: 2,
        added: 2,
        removed: 0,
      },
    });
  });

  it('resolves ECIDs anywhere in the ECID space, range boundaries included', async () => {
    const spread = await seed.audience('Spread');
    const boundary = (10n ** 38n / 64n).toString().padStart(38, '0');
    const values = [
      '0'.repeat(38),
      boundary,
      (BigInt(boundary) - 1n).toString().padStart(38, '0'),
      '9'.repeat(38),
    ];
    const leads: Record<string, string> = {};
    for (const [i, value] of values.entries()) {
      const lead = await seed.lead(`spread${i}@example.com`);
      await seed.cookie(cookie(`spread${i}`), lead);
      await seed.cookieSync(value, cookie(`spread${i}`));
      leads[lead] = 'SYNC';
    }
    await seed.members(spread, values);
    const started = await startSync(t, ws.token, {
      audienceId: gid('Audience', spread),
      newListName: 'Spread list',
    });
    const job = await settled(t, ws.token, decodeGlobalID(startedJob(started).id).id);
    const listId = decodeGlobalID(job.list.id).id;
    expect(await seed.listMembers(listId)).toEqual(leads);
    expect(job.lastRun).toMatchObject({
      stats: { audienceSize: 4, ecidsWithLead: 4, matchedLeads: 4 },
    });
  });

  it('publishes progress through the phases, in sequence, processed never going down', async () => {
    const events = await t.database.pool.query<{
      sequence: number;
      phase: string;
      status: string;
      processed: number;
    }>(
      `select e.sequence, e.phase, e.status, e.processed from sync_event e
       join sync_job j on j.id = e.sync_job_id where j.list_id = $1 order by e.sequence`,
      [ids.existing],
    );
    const phases = events.rows.map((row) => row.phase);
    expect(phases[0]).toBe('LOADING_AUDIENCE');
    expect(phases).toContain('RESOLVING_IDENTITIES');
    expect(phases).toContain('WRITING_MEMBERSHIPS');
    expect(events.rows.at(-1)).toMatchObject({ phase: 'COMPLETED', status: 'SUCCEEDED' });
    expect(events.rows.map((row) => row.sequence)).toEqual(events.rows.map((_, i) => i + 1));
    const processed = events.rows.map((row) => row.processed);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
  });
});

describe('explainMatch', () => {
  const explain = async (audience: string, value: string) => {
    const res = await t.gql(ExplainMatch, { id: gid('Audience', audience), ecid: value }, ws.token);
    return res.data.audience!.explainMatch;
  };

  it('names the reason and the path for each case', async () => {
    expect(await explain(ids.A, ecid(1))).toEqual({
      ecid: ecid(1),
      inAudience: true,
      reason: 'NO_COOKIE_SYNC',
      cookieIds: [],
      leads: [],
    });
    expect(await explain(ids.A, ecid(2))).toMatchObject({
      reason: 'ANONYMOUS_COOKIE',
      cookieIds: [cookie('c2')],
      leads: [],
    });
    const two = await explain(ids.A, ecid(5));
    expect(two.reason).toBe('MATCHED');
    expect(two.cookieIds).toEqual([cookie('c5a'), cookie('c5b')]);
    expect(two.leads.map((lead) => lead.email).sort()).toEqual([
      'l2@example.com',
      'l3@example.com',
    ]);
    expect(await explain(ids.A, ecid(7))).toMatchObject({
      inAudience: false,
      reason: 'NOT_IN_AUDIENCE',
      cookieIds: [cookie('c7')],
      leads: [{ email: 'l5@example.com' }],
    });
  });

  it('rejects a malformed ECID', async () => {
    const res = await t.gql(ExplainMatch, { id: gid('Audience', ids.A), ecid: '123' }, ws.token);
    expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION');
  });
});
