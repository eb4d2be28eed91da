/**
 * A push works on several pages of its outbox at once (src/marketo/push.ts, its lanes): a
 * second call goes out while the first is still unanswered, never more at once than the
 * connection's concurrentCalls, and the outcome is the same as one call at a time: every
 * member added once, one push record per lead, the counters exact, the outbox empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../src/db/transaction.js';
import { queueInitialPush } from '../src/marketo/push-queue.js';
import { sealSecret } from '../src/marketo/secrets.js';
import { type FakeMarketo, startFakeMarketo } from './helpers/fake-marketo.js';
import { startTestApp, type TestApp } from './support/harness.js';
import { waitFor } from './support/util.js';

let t: TestApp;
let fake: FakeMarketo | undefined;

beforeAll(async () => {
  t = await startTestApp({
    worker: { watchdogMs: 300 },
    config: {
      outboundAllowPrivateNetworks: true,
      marketoPushDebounceMs: 100,
      progressThrottleMs: 0,
    },
    background: {
      marketo: { client: { retry: { baseDelayMs: 10, maxDelayMs: 100 } } },
    },
  });
});
afterAll(async () => {
  fake?.releaseHung();
  await fake?.close();
  await t?.close();
});

describe('a push with more than one page of outbox', () => {
  it('has a second call out while the first is unanswered, within concurrentCalls, and loses nothing', async () => {
    const ws = await t.workspace();
    const pool = t.database.pool;
    // Three pages of outbox (1,500 leads a page), every lead in Marketo.
    const emails = Array.from({ length: 3_100 }, (_, i) => `lane${i}@example.com`);
    fake = await startFakeMarketo({
      lists: [{ name: 'Lanes' }],
      leads: emails.map((email) => ({ email })),
    });
    const marketoListId = (fake.listByName('Lanes') as { id: number }).id;
    const list = await pool.query<{ id: string }>(
      `insert into static_list (workspace_id, name) values ($1, 'Lanes') returning id::text`,
      [ws.id],
    );
    const listId = list.rows[0]?.id as string;
    await pool.query(
      `with made as (
         insert into lead (workspace_id, email) select $1, unnest($3::text[]) returning id
       )
       insert into list_membership (workspace_id, list_id, lead_id, source)
       select $1, $2, id, 'MANUAL' from made`,
      [ws.id, listId, emails],
    );
    await pool.query(
      `insert into marketo_connection (workspace_id, rest_endpoint, identity_endpoint, client_id,
         client_secret_sealed, calls_per20_seconds, concurrent_calls, daily_call_budget, status)
       values ($1, $2, $3, $4, $5, 1000, 2, 10000, 'CONNECTED')`,
      [
        ws.id,
        fake.restEndpoint,
        fake.identityEndpoint,
        fake.clientId,
        sealSecret(t.app.config.secretsKey, fake.clientSecret),
      ],
    );
    // The push's first lookup is held unanswered until released.
    fake.hangNext('getLeads', 1);
    const mirrorId = await withTransaction(pool, async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `insert into marketo_mirror (workspace_id, list_id, marketo_list_id, marketo_list_name, lead_matching, status)
         values ($1, $2, $3, 'Lanes', 'EXISTING_LEADS', 'ACTIVE') returning id`,
        [ws.id, listId, marketoListId],
      );
      const id = rows[0]?.id as string;
      await queueInitialPush(tx, { id, workspaceId: ws.id, listId });
      return id;
    });
    const held = fake;
    await held.waitForHung(1, 30_000);
    // Another lane's call reaches Marketo while the first is still held.
    await waitFor(
      async () =>
        held.hungCount === 1 && held.requests.filter((r) => r.operation !== 'identity').length >= 2
          ? true
          : undefined,
      30_000,
      'a second call while the first is unanswered',
    );
    held.releaseHung();
    const ended = await waitFor(
      async () => {
        const { rows } = await pool.query<{
          status: string;
          added: number;
          not_in_marketo: number;
          skipped: number;
          calls: number;
        }>(
          `select status, added, not_in_marketo, skipped, calls from marketo_push
            where mirror_id = $1 and status <> 'RUNNING' and status <> 'QUEUED'`,
          [mirrorId],
        );
        return rows[0];
      },
      60_000,
      'the push to end',
    );
    expect(ended).toMatchObject({
      status: 'SUCCEEDED',
      added: 3_100,
      not_in_marketo: 0,
      skipped: 0,
    });
    expect(held.peakInFlight).toBeLessThanOrEqual(2);
    expect(held.listMemberEmails(marketoListId).sort()).toEqual([...emails].sort());
    const rest = held.requests.filter((r) => r.operation !== 'identity');
    // 11 lookups and 11 adds of at most 300 (pages of 1,500, 1,500 and 100), as one lane makes.
    expect(rest.filter((r) => r.operation === 'getLeads')).toHaveLength(11);
    expect(rest.filter((r) => r.operation === 'addToList')).toHaveLength(11);
    expect(ended.calls).toBe(22);
    const records = await pool.query<{ n: number; leads: number; seqs: number; top: number }>(
      `select count(*)::int as n, count(distinct lead_id)::int as leads,
              count(distinct seq)::int as seqs, max(seq)::int as top
         from marketo_push_record r join marketo_push p on p.id = r.push_id
        where p.mirror_id = $1 and r.outcome = 'ADDED'`,
      [mirrorId],
    );
    expect(records.rows[0]).toEqual({ n: 3_100, leads: 3_100, seqs: 3_100, top: 3_100 });
    const members = await pool.query('select 1 from marketo_mirror_member where mirror_id = $1', [
      mirrorId,
    ]);
    expect(members.rowCount).toBe(3_100);
    const outbox = await pool.query('select 1 from marketo_outbox where mirror_id = $1', [
      mirrorId,
    ]);
    expect(outbox.rowCount).toBe(0);
  }, 120_000);
});
