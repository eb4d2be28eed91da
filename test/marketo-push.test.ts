import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../src/db/transaction.js';
import { queueInitialPush, queueManualPush } from '../src/marketo/push-queue.js';
import { sealSecret } from '../src/marketo/secrets.js';
import {
  type FakeMarketo,
  type FakeMarketoOptions,
  startFakeMarketo,
} from './helpers/fake-marketo.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';
import { ecid, waitFor } from './support/util.js';

let t: TestApp;
const fakes: FakeMarketo[] = [];

beforeAll(async () => {
  t = await startTestApp({
    worker: { watchdogMs: 300 },
    config: {
      outboundAllowPrivateNetworks: true,
      marketoPushDebounceMs: 100,
      progressThrottleMs: 0,
    },
    background: {
      marketo: {
        client: {
          retry: { baseDelayMs: 10, maxDelayMs: 100 },
          limiter: { windowMs: 300, concurrencyBackoffMs: 20 },
        },
      },
    },
  });
});
afterAll(async () => {
  await t?.close();
  for (const fake of fakes) await fake.close();
});

interface Setup {
  ws: TestWorkspace;
  seed: Seed;
  fake: FakeMarketo;
  listId: string;
  marketoListId: number;
  /** Lead ids here by email. */
  leads: Record<string, string>;
}

/** A workspace with leads, a list holding `members`, and a fake Marketo connected to it. */
async function setup(
  emails: string[],
  members: string[],
  fakeOptions: FakeMarketoOptions = {},
  share: { callsPer20Seconds?: number } = {},
): Promise<Setup> {
  const ws = await t.workspace();
  const seed = new Seed(t.database.pool, ws.id);
  const fake = await startFakeMarketo({ lists: [{ name: 'Mirror' }], ...fakeOptions });
  fakes.push(fake);
  const leads: Record<string, string> = {};
  for (const email of emails) leads[email] = await seed.lead(email);
  const listId = await seed.list('Mirrored');
  for (const email of members) await seed.listMember(listId, leads[email] as string, 'MANUAL');
  await t.database.pool.query(
    `insert into marketo_connection (workspace_id, rest_endpoint, identity_endpoint, client_id,
       client_secret_sealed, calls_per20_seconds, concurrent_calls, daily_call_budget, status)
     values ($1, $2, $3, $4, $5, $6, 5, 10000, 'CONNECTED')`,
    [
      ws.id,
      fake.restEndpoint,
      fake.identityEndpoint,
      fake.clientId,
      sealSecret(t.app.config.secretsKey, fake.clientSecret),
      share.callsPer20Seconds ?? 50,
    ],
  );
  const marketoListId = (fake.listByName('Mirror') as { id: number }).id;
  return { ws, seed, fake, listId, marketoListId, leads };
}

/** Creates the mirror and queues its INITIAL push, as mirrorListToMarketo does. */
async function mirror(
  s: Setup,
  leadMatching: 'EXISTING_LEADS' | 'CREATE_MISSING' = 'EXISTING_LEADS',
): Promise<string> {
  return withTransaction(t.database.pool, async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `insert into marketo_mirror (workspace_id, list_id, marketo_list_id, marketo_list_name, lead_matching, status)
       values ($1, $2, $3, 'Mirror', $4, 'ACTIVE') returning id`,
      [s.ws.id, s.listId, s.marketoListId, leadMatching],
    );
    const id = rows[0]?.id as string;
    await queueInitialPush(tx, { id, workspaceId: s.ws.id, listId: s.listId });
    return id;
  });
}

interface PushRow {
  id: string;
  trigger: string;
  status: string;
  added: number;
  removed: number;
  leads_created: number;
  not_in_marketo: number;
  skipped: number;
  calls: number;
  error: string | null;
}

/** Waits for a push of the mirror, after push `afterId`, to end; returns it. */
async function pushEnded(mirrorId: string, afterId = '0'): Promise<PushRow> {
  return waitFor(
    async () => {
      const { rows } = await t.database.pool.query<PushRow>(
        `select id::text, trigger, status, added, removed, leads_created, not_in_marketo, skipped, calls, error
           from marketo_push where mirror_id = $1 and id > $2 and status in ('SUCCEEDED', 'PARTIAL', 'FAILED')
          order by id limit 1`,
        [mirrorId, afterId],
      );
      return rows[0];
    },
    30_000,
    `a push of mirror ${mirrorId} to end`,
  );
}

const memberEmails = (s: Setup) => s.fake.listMemberEmails(s.marketoListId).sort();

/** Waits until the Marketo list holds exactly `emails`. */
const marketoListBecomes = (s: Setup, emails: string[]) =>
  waitFor(
    async () =>
      JSON.stringify(memberEmails(s)) === JSON.stringify([...emails].sort()) ? true : undefined,
    30_000,
    `the Marketo list to become ${emails.join(', ')}`,
  );

const outboxSize = async (mirrorId: string) =>
  (
    await t.database.pool.query<{ n: number }>(
      'select count(*)::int as n from marketo_outbox where mirror_id = $1',
      [mirrorId],
    )
  ).rows[0]?.n;

const manualPush = (s: Setup, mirrorId: string) =>
  withTransaction(t.database.pool, (tx) =>
    queueManualPush(tx, { id: mirrorId, workspaceId: s.ws.id }),
  );

const lastPushId = async (mirrorId: string) =>
  (
    await t.database.pool.query<{ id: string }>(
      `select coalesce(max(id), 0)::text as id from marketo_push where mirror_id = $1`,
      [mirrorId],
    )
  ).rows[0]?.id as string;

function expectLimitsKept(fake: FakeMarketo) {
  for (const request of fake.requests) {
    expect(request.urlBytes).toBeLessThanOrEqual(8192);
    expect(request.status).not.toBe(414);
    const ids = request.params.id?.length ?? 0;
    const values = request.params.filterValues?.[0]?.split(',').length ?? 0;
    const json = request.body.startsWith('{')
      ? ((JSON.parse(request.body) as { input?: unknown[] }).input?.length ?? 0)
      : 0;
    expect(Math.max(ids, values, json)).toBeLessThanOrEqual(300);
  }
}

const ListMembers = (verb: 'add' | 'remove') =>
  `mutation ($input: ${
    verb === 'add' ? 'AddListMembersInput' : 'RemoveListMembersInput'
  }!) { ${verb}ListMembers(input: $input) { __typename } }`;

async function changeMembers(s: Setup, verb: 'add' | 'remove', emails: string[]) {
  const res = await t.gql(
    ListMembers(verb),
    {
      input: {
        listId: gid('List', s.listId),
        leadIds: emails.map((email) => gid('Lead', s.leads[email] as string)),
      },
    },
    s.ws.token,
  );
  expect(res.errors).toBeUndefined();
}

describe('pushes into Marketo', () => {
  it('adds every member Marketo has and reports the others NOT_IN_MARKETO; changes follow by themselves; others’ members stay', async () => {
    const s = await setup(
      ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'],
      ['a@example.com', 'b@example.com', 'c@example.com'],
      {
        leads: [
          { email: 'A@example.com' },
          { email: 'b@example.com' },
          { email: 'd@example.com' },
          { email: 'other@example.com' },
        ],
        lists: [{ name: 'Mirror', members: ['other@example.com'] }],
      },
    );
    await t.database.pool.query(
      `insert into webhook (workspace_id, url, events, secret) values ($1, 'http://127.0.0.1:9/', $2, 'whsec_x')`,
      [s.ws.id, ['MARKETO_PUSH_SUCCEEDED', 'MARKETO_PUSH_FAILED']],
    );
    const mirrorId = await mirror(s);
    const initial = await pushEnded(mirrorId);
    expect(initial).toMatchObject({
      trigger: 'INITIAL',
      status: 'SUCCEEDED',
      added: 2,
      not_in_marketo: 1,
      removed: 0,
      skipped: 0,
    });
    expect(memberEmails(s)).toEqual(['A@example.com', 'b@example.com', 'other@example.com'].sort());
    const records = await t.database.pool.query<{ email: string; outcome: string }>(
      'select email, outcome from marketo_push_record where push_id = $1 order by email',
      [initial.id],
    );
    expect(records.rows).toEqual([
      { email: 'a@example.com', outcome: 'ADDED' },
      { email: 'b@example.com', outcome: 'ADDED' },
      { email: 'c@example.com', outcome: 'NOT_IN_MARKETO' },
    ]);
    const delivery = await t.database.pool.query<{ event_type: string; payload: string }>(
      'select event_type, payload from webhook_delivery where workspace_id = $1',
      [s.ws.id],
    );
    expect(delivery.rows[0]?.event_type).toBe('marketo_push.succeeded');
    expect(JSON.parse(delivery.rows[0]?.payload as string).data).toMatchObject({
      listId: gid('List', s.listId),
      marketoListId: s.marketoListId,
      status: 'SUCCEEDED',
      added: 2,
      notInMarketo: 1,
    });
    expect(await outboxSize(mirrorId)).toBe(0);

    // A lead added by hand reaches the Marketo list; one removed by hand leaves it.
    await changeMembers(s, 'add', ['d@example.com']);
    await marketoListBecomes(s, [
      'A@example.com',
      'b@example.com',
      'd@example.com',
      'other@example.com',
    ]);
    await changeMembers(s, 'remove', ['a@example.com']);
    await marketoListBecomes(s, ['b@example.com', 'd@example.com', 'other@example.com']);

    // The NOT_IN_MARKETO email is looked up again by a manual push, which reconciles: a member
    // removed in Marketo by someone comes back, the other integration's member stays.
    s.fake.addLeads([{ email: 'c@example.com' }]);
    const bId = s.fake.leadsByEmail('b@example.com')[0]?.id as number;
    const before = await lastPushId(mirrorId);
    // Marketo's own list loses b behind our back.
    const remove = await fetch(
      `${s.fake.restEndpoint}/v1/lists/${s.marketoListId}/leads.json?id=${bId}`,
      {
        method: 'DELETE',
        headers: {
          authorization: `Bearer ${s.fake.issuedTokens().at(-1)}`,
          'content-type': 'application/json',
        },
      },
    );
    expect(remove.status).toBe(200);
    await manualPush(s, mirrorId);
    const manual = await pushEnded(mirrorId, before);
    expect(manual).toMatchObject({ trigger: 'MANUAL', status: 'SUCCEEDED', added: 2, removed: 0 });
    expect(memberEmails(s)).toEqual(
      ['b@example.com', 'c@example.com', 'd@example.com', 'other@example.com'].sort(),
    );
    // The only removes: a's by the mirror, and the test's own of b; the reconcile removed nothing.
    expect(s.fake.requestsFor('removeFromList').flatMap((r) => r.params.id ?? [])).toEqual([
      String(s.fake.leadsByEmail('a@example.com')[0]?.id),
      String(bId),
    ]);
    expectLimitsKept(s.fake);
  });

  it('creates a missing lead once (CREATE_MISSING), then adds it', async () => {
    const s = await setup(
      ['new1@example.com', 'new2@example.com'],
      ['new1@example.com', 'new2@example.com'],
    );
    const mirrorId = await mirror(s, 'CREATE_MISSING');
    const initial = await pushEnded(mirrorId);
    expect(initial).toMatchObject({ status: 'SUCCEEDED', added: 2, leads_created: 2 });
    expect(memberEmails(s)).toEqual(['new1@example.com', 'new2@example.com']);
    const before = await lastPushId(mirrorId);
    await manualPush(s, mirrorId);
    await pushEnded(mirrorId, before);
    expect(s.fake.requestsFor('syncLeads')).toHaveLength(1);
    expect(s.fake.leadsByEmail('new1@example.com')).toHaveLength(1);
    expect(s.fake.leadsByEmail('new2@example.com')).toHaveLength(1);
  });

  it('follows the leads a sync run adds and removes', async () => {
    const s = await setup([], [], {});
    await s.seed.integration();
    const audience = await s.seed.audience('Synced');
    const [first, second] = await s.seed.matchedLeads(audience, 'sync', 2);
    s.fake.addLeads([{ email: 'sync-0@example.com' }, { email: 'sync-1@example.com' }]);
    const started = startedJob(
      await startSync(t, s.ws.token, {
        audienceId: gid('Audience', audience),
        listId: gid('List', s.listId),
      }),
    );
    const jobId = decodeGlobalID(started.id).id;
    await settled(t, s.ws.token, jobId);
    const mirrorId = await mirror(s);
    await pushEnded(mirrorId);
    expect(memberEmails(s)).toEqual(['sync-0@example.com', 'sync-1@example.com']);
    expect(first && second).toBeTruthy();
    // The second lead's ECID leaves the audience: the next run removes it here and there.
    await s.seed.removeMembers(audience, [ecid(Number(audience) * 1000 + 1)]);
    await t.gql(
      'mutation ($id: ID!) { runSyncJobNow(input: { id: $id }) { __typename } }',
      { id: gid('SyncJob', jobId) },
      s.ws.token,
    );
    await marketoListBecomes(s, ['sync-0@example.com']);
  });

  it('keeps to 300 ids a call and 8 KB a URL, reuses its token, and pays one identity call for an expiry mid-push', async () => {
    const emails = Array.from(
      { length: 650 },
      (_, i) => `a-rather-long-local-part-to-fill-the-url-${i}@subdomain.example.com`,
    );
    const s = await setup(emails, emails, { leads: emails.map((email) => ({ email })) });
    s.fake.hangNext('addToList');
    const mirrorId = await mirror(s);
    await s.fake.waitForHung(1);
    s.fake.expireTokens();
    s.fake.releaseHung();
    const initial = await pushEnded(mirrorId);
    expect(initial).toMatchObject({ status: 'SUCCEEDED', added: 650 });
    expect(s.fake.listMembers(s.marketoListId)).toHaveLength(650);
    expect(s.fake.requestsFor('identity')).toHaveLength(2);
    expectLimitsKept(s.fake);
  });

  it('leaves the push PARTIAL and the connection QUOTA_EXHAUSTED on 607; a later push completes with nothing lost', async () => {
    const emails = Array.from({ length: 700 }, (_, i) => `q${i}@example.com`);
    const s = await setup(emails, emails, { leads: emails.map((email) => ({ email })) });
    s.fake.setDailyCallsUsed(50_000 - 3);
    const mirrorId = await mirror(s);
    const partial = await pushEnded(mirrorId);
    expect(partial.status).toBe('PARTIAL');
    const connection = await t.database.pool.query<{
      status: string;
      quota_resets_at: Date | null;
    }>('select status, quota_resets_at from marketo_connection where workspace_id = $1', [s.ws.id]);
    expect(connection.rows[0]?.status).toBe('QUOTA_EXHAUSTED');
    expect(connection.rows[0]?.quota_resets_at?.getTime()).toBeGreaterThan(Date.now());
    expect(await outboxSize(mirrorId)).toBeGreaterThan(0);
    s.fake.setDailyCallsUsed(0);
    await manualPush(s, mirrorId);
    const done = await pushEnded(mirrorId, partial.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(s.fake.listMembers(s.marketoListId)).toHaveLength(700);
    expect(await outboxSize(mirrorId)).toBe(0);
  });

  it('obeys a fake stricter than its share (606) and still completes', async () => {
    const emails = Array.from({ length: 400 }, (_, i) => `r${i}@example.com`);
    const s = await setup(
      emails,
      emails,
      { leads: emails.map((email) => ({ email })), callsPer20Seconds: 2 },
      { callsPer20Seconds: 50 },
    );
    // Marketo's 20 s pass as soon as it refused a call, so the test waits for no clock.
    const timer = setInterval(() => {
      if (s.fake.requests.some((r) => r.errorCodes.includes('606'))) s.fake.resetRateWindow();
    }, 20);
    try {
      const mirrorId = await mirror(s);
      const initial = await pushEnded(mirrorId);
      expect(initial.status).toBe('SUCCEEDED');
    } finally {
      clearInterval(timer);
    }
    expect(s.fake.requests.some((r) => r.errorCodes.includes('606'))).toBe(true);
    expect(s.fake.listMembers(s.marketoListId)).toHaveLength(400);
  });
});
