import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProgressPayload, SYNC_PROGRESS, subscribeWs, wsClient } from './realtime-fixtures.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';

/** Large enough for several resolution statements (src/sync/resolve.ts: MIN_PROGRESS_CHUNK). */
const AUDIENCE_SIZE = 100_000;

let t: TestApp;
let ws: TestWorkspace;
let audienceId: string;
const clients: { client: { dispose(): unknown } }[] = [];

beforeAll(async () => {
  // No throttle: every report of the runner becomes an event, so the test sees each step.
  t = await startTestApp({ worker: true, config: { progressThrottleMs: 0 } });
  ws = await t.workspace();
  const seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
  audienceId = await seed.audience('Large');
  // Random 38-digit ECIDs spread over the whole ECID space, as real ones do; every fourth one
  // is cookie-synced with a cookie of its own lead.
  await t.database.pool.query(
    `with ids as (
       select n, lpad((floor(random() * 1e15)::bigint)::text, 15, '0') || lpad(n::text, 23, '0') as ecid
       from generate_series(1, $3::int) n
     ), members as (
       insert into audience_member (workspace_id, audience_id, ecid) select $1, $2, ecid from ids
     ), leads as (
       insert into lead (workspace_id, email)
       select $1, 'lead' || n || '@example.com' from ids where n % 4 = 0 returning id, email
     ), cookies as (
       insert into munchkin_cookie (workspace_id, cookie_id, lead_id, associated_at, association_source)
       select $1, '_mch-' || split_part(email, '@', 1), id, now(), 'FORM_FILL' from leads
     )
     insert into cookie_sync (workspace_id, ecid, cookie_id)
     select $1, ecid, '_mch-lead' || n from ids where n % 4 = 0`,
    [ws.id, audienceId, AUDIENCE_SIZE],
  );
});
afterAll(async () => {
  for (const c of clients) await c.client.dispose();
  await t?.close();
});

describe('sync progress', () => {
  it('moves during identity resolution and writing, and reaches 100 only at COMPLETED', {
    timeout: 90_000,
  }, async () => {
    const started = await startSync(t, ws.token, {
      audienceId: gid('Audience', audienceId),
      newListName: 'Large list',
    });
    const job = startedJob(started);
    const settledJob = await settled(t, ws.token, decodeGlobalID(job.id).id, 60_000);
    expect(settledJob.lastRun).toMatchObject({
      status: 'SUCCEEDED',
      stats: { audienceSize: AUDIENCE_SIZE, matchedLeads: AUDIENCE_SIZE / 4 },
    });

    const c = wsClient(t.url, ws.token);
    clients.push(c);
    const sub = subscribeWs<ProgressPayload>(
      c.client,
      SYNC_PROGRESS,
      { syncJobId: job.id, afterSequence: 0 },
      'syncProgress',
    );
    const events = await sub.until((all) => all.at(-1)?.status === 'SUCCEEDED');
    sub.stop();

    const resolving = events.filter((e) => e.phase === 'RESOLVING_IDENTITIES');
    const writing = events.filter((e) => e.phase === 'WRITING_MEMBERSHIPS');
    // Resolution reports between its start and its end, not only once at the end.
    const midResolution = resolving.filter((e) => e.percent > 0 && e.percent < 100);
    expect(new Set(midResolution.map((e) => e.percent)).size).toBeGreaterThanOrEqual(3);
    // Writing moves processed past what resolution reached, and stays below 100.
    const resolved = Math.max(...resolving.map((e) => e.processed));
    expect(Math.max(...writing.map((e) => e.processed))).toBeGreaterThan(resolved);
    expect(writing.every((e) => e.percent < 100)).toBe(true);
    // Only the SUCCEEDED event shows 100, with processed = total.
    expect(events.filter((e) => e.percent === 100)).toEqual([events.at(-1)]);
    expect(events.at(-1)).toMatchObject({ phase: 'COMPLETED', percent: 100 });
    expect(events.at(-1)?.processed).toBe(events.at(-1)?.total);
    const processed = events.map((e) => e.processed);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    const percents = events.map((e) => e.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
  });
});
