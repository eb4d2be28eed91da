import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { cookie, gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';
import { ecid } from './support/util.js';

let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;
let audienceId: string;
const leads: Record<string, string> = {};

/*
 * Audience A holds e1..e4. One lead per reason:
 *   matched:   cookie cm synced with e1 (in A) and e9 (not in A)
 *   second:    cookie s1 synced with e7 (not in A), cookie s2 synced with e2 (in A)
 *   nocookie:  no cookie
 *   nosync:    cookie cn, synced with no ECID
 *   outside:   cookie co synced with e8 (not in A)
 *   (no lead): ghost@example.com
 * An anonymous cookie is synced with e3; another workspace has a lead "stranger" whose cookie
 * is synced with e4 there: neither may show up here.
 */
beforeAll(async () => {
  t = await startTestApp({ worker: { watchdogMs: 500 }, config: { syncDebounceMs: 50 } });
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
  audienceId = await seed.audience('A');
  await seed.members(audienceId, [1, 2, 3, 4].map(ecid));
  for (const name of ['matched', 'second', 'nocookie', 'nosync', 'outside']) {
    leads[name] = await seed.lead(`${name}@example.com`);
  }
  await seed.cookie(cookie('cm'), leads.matched);
  await seed.cookieSync(ecid(1), cookie('cm'));
  await seed.cookieSync(ecid(9), cookie('cm'));
  await seed.cookie(cookie('s1'), leads.second);
  await seed.cookie(cookie('s2'), leads.second);
  await seed.cookieSync(ecid(7), cookie('s1'));
  await seed.cookieSync(ecid(2), cookie('s2'));
  await seed.cookie(cookie('cn'), leads.nosync);
  await seed.cookie(cookie('co'), leads.outside);
  await seed.cookieSync(ecid(8), cookie('co'));
  await seed.cookie(cookie('anon'));
  await seed.cookieSync(ecid(3), cookie('anon'));

  const other = new Seed(t.database.pool, (await t.workspace()).id);
  const stranger = await other.lead('stranger@example.com');
  await other.cookie(cookie('st'), stranger);
  await other.cookieSync(ecid(4), cookie('st'));
});
afterAll(() => t?.close());

const EXPLAIN = `query Explain($id: ID!, $email: String!) {
  audience(id: $id) {
    explainLead(email: $email) {
      email
      lead { id email }
      reason
      cookieIds
      ecids
      audienceEcids
    }
  }
}`;

type Explanation = {
  email: string;
  lead: { id: string; email: string } | null;
  reason: string;
  cookieIds: string[];
  ecids: string[];
  audienceEcids: string[];
};

async function explain(email: string, token = ws.token) {
  return t.gql<{ audience: { explainLead: Explanation } | null }, unknown>(
    EXPLAIN,
    { id: gid('Audience', audienceId), email },
    token,
  );
}

async function explained(email: string): Promise<Explanation> {
  const res = await explain(email);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.audience?.explainLead as Explanation;
}

describe('Audience.explainLead', () => {
  it('answers each reason with the path the matching rule took', async () => {
    expect(await explained('matched@example.com')).toEqual({
      email: 'matched@example.com',
      lead: { id: gid('Lead', leads.matched), email: 'matched@example.com' },
      reason: 'MATCHED',
      cookieIds: [cookie('cm')],
      ecids: [ecid(1), ecid(9)],
      audienceEcids: [ecid(1)],
    });
    expect(await explained('second@example.com')).toMatchObject({
      reason: 'MATCHED',
      cookieIds: [cookie('s1'), cookie('s2')],
      ecids: [ecid(2), ecid(7)],
      audienceEcids: [ecid(2)],
    });
    expect(await explained('nocookie@example.com')).toMatchObject({
      lead: { id: gid('Lead', leads.nocookie) },
      reason: 'NO_COOKIE',
      cookieIds: [],
      ecids: [],
      audienceEcids: [],
    });
    expect(await explained('nosync@example.com')).toMatchObject({
      reason: 'NO_COOKIE_SYNC',
      cookieIds: [cookie('cn')],
      ecids: [],
      audienceEcids: [],
    });
    expect(await explained('outside@example.com')).toMatchObject({
      reason: 'NOT_IN_AUDIENCE',
      cookieIds: [cookie('co')],
      ecids: [ecid(8)],
      audienceEcids: [],
    });
    expect(await explained('ghost@example.com')).toEqual({
      email: 'ghost@example.com',
      lead: null,
      reason: 'NOT_A_LEAD',
      cookieIds: [],
      ecids: [],
      audienceEcids: [],
    });
  });

  it('finds the lead whatever the case and spaces of the email, and never another workspace’s', async () => {
    expect(await explained('  Matched@EXAMPLE.com ')).toMatchObject({
      email: 'matched@example.com',
      reason: 'MATCHED',
    });
    expect(await explained('stranger@example.com')).toMatchObject({
      lead: null,
      reason: 'NOT_A_LEAD',
    });
  });

  it('refuses an invalid email with VALIDATION, and needs the read scope', async () => {
    const invalid = await explain('not-an-email');
    expect(invalid.errors?.[0].extensions?.code).toBe('VALIDATION');
    expect(invalid.errors?.[0].message).toContain('email');
    const writeOnly = await explain('matched@example.com', await ws.tokenWith(['write']));
    expect(writeOnly.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('says MATCHED exactly for the leads a sync puts on its list, before and after a change', async () => {
    const started = await startSync(t, ws.token, {
      audienceId: gid('Audience', audienceId),
      newListName: 'Explained',
    });
    const jobId = decodeGlobalID(startedJob(started).id).id;
    const job = await settled(t, ws.token, jobId);
    const listId = decodeGlobalID(job.list.id).id;

    const compare = async () => {
      const members = await seed.listMembers(listId);
      for (const name of Object.keys(leads)) {
        const { reason } = await explained(`${name}@example.com`);
        expect({ name, matched: reason === 'MATCHED' }).toEqual({
          name,
          matched: members[leads[name]] === 'SYNC',
        });
      }
      return members;
    };
    expect(Object.keys(await compare()).sort()).toEqual([leads.matched, leads.second].sort());

    // The lead without a cookie sync gets one with an ECID of the audience; the matched one
    // loses its only audience ECID. A new run follows, and so does the explanation.
    await seed.cookieSync(ecid(3), cookie('cn'));
    await seed.removeMembers(audienceId, [ecid(1)]);
    expect((await explained('nosync@example.com')).reason).toBe('MATCHED');
    expect((await explained('matched@example.com')).reason).toBe('NOT_IN_AUDIENCE');
    const rerun = await t.gql(
      `mutation($input: RunSyncJobNowInput!) { runSyncJobNow(input: $input) { __typename } }`,
      { input: { id: gid('SyncJob', jobId) } },
      ws.token,
    );
    expect(rerun.data).toEqual({ runSyncJobNow: { __typename: 'RunSyncJobNowSuccess' } });
    await settled(t, ws.token, jobId);
    expect(Object.keys(await compare()).sort()).toEqual([leads.second, leads.nosync].sort());
  });
});
