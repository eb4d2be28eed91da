import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;
let audience: string;
let listId: string;
let jobId: string;

beforeAll(async () => {
  t = await startTestApp({ worker: { watchdogMs: 500 }, config: { syncDebounceMs: 100 } });
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
  audience = await seed.audience('Live');
  await seed.members(audience, [ecid(1), ecid(2)]);
  const started = await startSync(t, ws.token, {
    audienceId: gid('Audience', audience),
    newListName: 'Live list',
  });
  const job = startedJob(started);
  jobId = decodeGlobalID(job.id).id;
  listId = decodeGlobalID(job.list.id).id;
  await settled(t, ws.token, jobId);
});
afterAll(() => t?.close());

/** Waits (without any manual trigger) until the list has exactly `expected` members. */
const listBecomes = (expected: Record<string, string>) =>
  waitFor(
    async () => {
      const members = await seed.listMembers(listId);
      return JSON.stringify(members) === JSON.stringify(expected) ? members : undefined;
    },
    10_000,
    `list to become ${JSON.stringify(expected)}`,
  );

const lastRun = async () => {
  const job = await settled(t, ws.token, jobId);
  return job.lastRun;
};

describe('incremental sync', () => {
  it('adds a lead after a new association', async () => {
    const lead = await seed.lead('assoc@example.com');
    await seed.cookie(cookie('one'));
    await seed.cookieSync(ecid(1), cookie('one'));
    await seed.cookie(cookie('one'), lead);
    await recordChange(t, {
      workspaceId: ws.id,
      kind: 'ASSOCIATIONS',
      cookieIds: [cookie('one')],
      leadIds: [lead],
    });
    await listBecomes({ [lead]: 'SYNC' });
    expect(await lastRun()).toMatchObject({
      trigger: 'INCREMENTAL',
      stats: { added: 1, removed: 0, listSize: 1, matchedLeads: 1 },
    });
  });

  it('adds a lead after a new cookie sync, and after a new audience member', async () => {
    const [first] = Object.keys(await seed.listMembers(listId));
    const synced = await seed.lead('synced@example.com');
    await seed.cookie(cookie('two'), synced);
    await seed.cookieSync(ecid(2), cookie('two'));
    await recordChange(t, {
      workspaceId: ws.id,
      kind: 'COOKIE_SYNCS',
      ecids: [ecid(2)],
      cookieIds: [cookie('two')],
    });
    await listBecomes({ [first as string]: 'SYNC', [synced]: 'SYNC' });

    const member = await seed.lead('member@example.com');
    await seed.cookie(cookie('three'), member);
    await seed.cookieSync(ecid(3), cookie('three'));
    await seed.members(audience, [ecid(3)]);
    await recordChange(t, {
      workspaceId: ws.id,
      kind: 'AUDIENCE_MEMBERS',
      audienceIds: [audience],
      ecids: [ecid(3)],
    });
    await listBecomes({ [first as string]: 'SYNC', [synced]: 'SYNC', [member]: 'SYNC' });
  });

  it('removes only a sync-owned member when its ECID leaves the audience', async () => {
    const members = await seed.listMembers(listId);
    const [first, synced, member] = Object.keys(members) as [string, string, string];
    // `member` is also added by hand: leaving the audience must not remove it.
    await t.database.pool.query(
      `update list_membership set source = 'MANUAL' where list_id = $1 and lead_id = $2`,
      [listId, member],
    );
    await seed.removeMembers(audience, [ecid(2), ecid(3)]);
    await recordChange(t, {
      workspaceId: ws.id,
      kind: 'AUDIENCE_MEMBERS',
      audienceIds: [audience],
      ecids: [ecid(2), ecid(3)],
    });
    await listBecomes({ [first]: 'SYNC', [member]: 'MANUAL' });
    expect(synced).toBeDefined();
    expect(await lastRun()).toMatchObject({
      trigger: 'INCREMENTAL',
      stats: { removed: 1, added: 0, listSize: 2, matchedLeads: 1 },
    });
  });

  it('removes a lead whose cookie moved to another lead', async () => {
    const [first] = Object.keys(await seed.listMembers(listId)) as [string];
    const newcomer = await seed.lead('newcomer@example.com');
    await seed.cookie(cookie('one'), newcomer);
    await recordChange(t, {
      workspaceId: ws.id,
      kind: 'ASSOCIATIONS',
      cookieIds: [cookie('one')],
      leadIds: [newcomer],
    });
    const members = await listBecomes({
      ...Object.fromEntries(
        Object.entries(await seed.listMembers(listId)).filter(([lead]) => lead !== first),
      ),
      [newcomer]: 'SYNC',
    });
    expect(members[first]).toBeUndefined();
  });

  it('recomputes in full when a change names no ids, folding a burst into one run', async () => {
    const runsBefore = await t.database.pool.query(
      'select id from sync_run where sync_job_id = $1',
      [jobId],
    );
    const late = await seed.lead('late@example.com');
    await seed.cookie(cookie('late'), late);
    await seed.cookieSync(ecid(1), cookie('late'));
    for (let i = 0; i < 5; i++) {
      await recordChange(t, { workspaceId: ws.id, kind: 'COOKIE_SYNCS' });
    }
    await waitFor(
      async () => ((await seed.listMembers(listId))[late] ? true : undefined),
      10_000,
      'late lead',
    );
    await lastRun();
    const runsAfter = await t.database.pool.query(
      'select id from sync_run where sync_job_id = $1',
      [jobId],
    );
    expect((runsAfter.rowCount ?? 0) - (runsBefore.rowCount ?? 0)).toBe(1);
  });

  it('repairs drift with a SCHEDULED reconcile when it falls due', async () => {
    const members = await seed.listMembers(listId);
    const [drifted] = Object.entries(members).find(([, source]) => source === 'SYNC') ?? [];
    await t.database.pool.query('delete from list_membership where list_id = $1 and lead_id = $2', [
      listId,
      drifted,
    ]);
    await t.database.pool.query('update sync_job set next_run_at = now() where id = $1', [jobId]);
    await listBecomes(members);
    expect(await lastRun()).toMatchObject({
      trigger: 'SCHEDULED',
      stats: { added: 1, removed: 0 },
    });
    const next = await t.database.pool.query<{ due: boolean }>(
      `select next_run_at > now() + interval '50 minutes' as due from sync_job where id = $1`,
      [jobId],
    );
    expect(next.rows[0]).toEqual({ due: true });
  });

  it('leaves other audiences alone, even those holding the same ECID', async () => {
    const other = await seed.audience('Unrelated');
    // The ECID is in both audiences: its membership changing in one says nothing of the other.
    await seed.members(other, [ecid(9)]);
    const otherJob = await startSync(t, ws.token, {
      audienceId: gid('Audience', other),
      newListName: 'Unrelated list',
    });
    const otherJobId = decodeGlobalID(startedJob(otherJob).id).id;
    await settled(t, ws.token, otherJobId);
    await recordChange(t, {
      workspaceId: ws.id,
      kind: 'AUDIENCE_MEMBERS',
      audienceIds: [audience],
      ecids: [ecid(9)],
    });
    await settled(t, ws.token, jobId);
    const runs = await t.database.pool.query(
      'select trigger from sync_run where sync_job_id = $1',
      [otherJobId],
    );
    expect(runs.rows).toEqual([{ trigger: 'INITIAL' }]);
  });
});
