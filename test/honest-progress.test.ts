import { decodeGlobalID } from '@pothos/plugin-relay';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvedProgress } from '../src/sync/progress.js';
import { largestRange, resolutionRanges } from '../src/sync/resolve.js';
import { CHUNK_SIZE } from '../src/sync/runner.js';
import { graphql } from './gql/index.js';
import { type ProgressPayload, SYNC_PROGRESS, subscribeWs, wsClient } from './realtime-fixtures.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { cookie, gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';
import { ecid, waitFor } from './support/util.js';

/**
 * What a person reads of a run: `total` is the audience's size, progress moves inside what
 * used to be one resolution range, and a retried run says so (`SyncRun.attempts`).
 */

/** Large enough for several resolution ranges (src/sync/resolve.ts: resolutionRanges). */
const AUDIENCE_SIZE = 100_000;

const RunAttempts = graphql(/* GraphQL */ `
  query HonestProgressRun($id: ID!) {
    syncJob(id: $id) {
      lastRun {
        status
        processed
        total
        attempts
      }
      runs(first: 5) {
        edges {
          node {
            attempts
          }
        }
      }
    }
  }
`);

let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;
const clients: { client: { dispose(): unknown } }[] = [];

beforeAll(async () => {
  // No throttle: every report of the runner becomes an event, so the test sees each one.
  t = await startTestApp({ worker: true, config: { progressThrottleMs: 0 } });
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
});
afterAll(async () => {
  for (const c of clients) await c.client.dispose();
  await t?.close();
});

describe('progress that tells the truth', () => {
  it('counts the audience as total and moves inside the first range', {
    timeout: 120_000,
  }, async () => {
    expect(resolutionRanges(AUDIENCE_SIZE, CHUNK_SIZE).length).toBeGreaterThan(1);
    const audienceId = await seed.audience('Honest');
    // Random 38-digit ECIDs over the whole ECID space, as real ones are; every fourth one is
    // cookie-synced with a cookie of its own lead.
    await t.database.pool.query(
      `with ids as (
         select n, lpad((floor(random() * 1e15)::bigint)::text, 15, '0') || lpad(n::text, 23, '0') as ecid
         from generate_series(1, $3::int) n
       ), members as (
         insert into audience_member (workspace_id, audience_id, ecid) select $1, $2, ecid from ids
       ), leads as (
         insert into lead (workspace_id, email)
         select $1, 'honest' || n || '@example.com' from ids where n % 4 = 0 returning id, email
       ), cookies as (
         insert into munchkin_cookie (workspace_id, cookie_id, lead_id, associated_at, association_source)
         select $1, '_mch-' || split_part(email, '@', 1), id, now(), 'FORM_FILL' from leads
       )
       insert into cookie_sync (workspace_id, ecid, cookie_id)
       select $1, ecid, '_mch-honest' || n from ids where n % 4 = 0`,
      [ws.id, audienceId, AUDIENCE_SIZE],
    );
    const job = startedJob(
      await startSync(t, ws.token, {
        audienceId: gid('Audience', audienceId),
        newListName: 'Honest list',
      }),
    );
    const done = await settled(t, ws.token, decodeGlobalID(job.id).id, 90_000);
    expect(done.lastRun).toMatchObject({
      status: 'SUCCEEDED',
      processed: AUDIENCE_SIZE,
      total: AUDIENCE_SIZE,
      stats: { audienceSize: AUDIENCE_SIZE },
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

    // Once the audience is counted, every event's total is its size: "N of 100,000".
    const counted = events.filter((e) => e.phase !== 'QUEUED' && e.phase !== 'LOADING_AUDIENCE');
    expect(counted.length).toBeGreaterThan(0);
    expect(counted.every((e) => e.total === AUDIENCE_SIZE)).toBe(true);
    // An event strictly inside what resolutionRanges makes the first range: progress does not
    // stand still until that range is resolved.
    const firstRangeEnd = resolvedProgress(largestRange(AUDIENCE_SIZE, CHUNK_SIZE));
    const inside = events.filter(
      (e) => e.phase === 'RESOLVING_IDENTITIES' && e.processed > 0 && e.processed < firstRangeEnd,
    );
    expect(inside.length).toBeGreaterThan(0);
    const processed = events.map((e) => e.processed);
    expect(processed).toEqual([...processed].sort((a, b) => a - b));
    expect(events.at(-1)).toMatchObject({ processed: AUDIENCE_SIZE, total: AUDIENCE_SIZE });
  });

  it('shows a run retried once as attempts 2', { timeout: 60_000 }, async () => {
    const audienceId = await seed.audience('Retried');
    const lead = await seed.lead('retried@example.com');
    await seed.cookie(cookie('retried'), lead);
    await seed.cookieSync(ecid(424_242), cookie('retried'));
    await seed.members(audienceId, [ecid(424_242)]);

    // Hold the first attempt at its list write, then end its connection there: the attempt
    // fails, and the queue retries the run.
    const blocker = new pg.Client(t.databaseUrl);
    await blocker.connect();
    await blocker.query('begin; lock table list_membership in share mode');
    let job: ReturnType<typeof startedJob>;
    try {
      job = startedJob(
        await startSync(t, ws.token, {
          audienceId: gid('Audience', audienceId),
          newListName: 'Retried list',
        }),
      );
      const waiting = await waitFor(
        async () => {
          const { rows } = await t.database.pool.query<{ pid: number }>(
            `select l.pid from pg_locks l join pg_class c on c.oid = l.relation
              where not l.granted and c.relname = 'list_membership'`,
          );
          return rows[0];
        },
        20_000,
        'the run to wait on the list_membership lock',
      );
      await t.database.pool.query('select pg_terminate_backend($1)', [waiting.pid]);
    } finally {
      await blocker.query('commit');
      await blocker.end();
    }

    const jobId = decodeGlobalID(job.id).id;
    const done = await settled(t, ws.token, jobId, 40_000);
    expect(done.lastRun?.status).toBe('SUCCEEDED');
    const res = await t.gql(RunAttempts, { id: job.id }, ws.token);
    expect(res.errors).toBeUndefined();
    expect(res.data.syncJob?.lastRun).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    expect(res.data.syncJob?.runs.edges.map(({ node }) => node.attempts)).toEqual([2]);
  });
});
