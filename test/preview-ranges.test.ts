import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_RANGE_ECIDS, PROBE_LIMIT, resolvePreview } from '../src/sync/resolve.js';
import { PreviewSync } from './support/fragments.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';

/**
 * previewAudienceSync of an audience over PREVIEW_MAX_RANGE ECIDs resolves it in ECID ranges,
 * as a full run does, so that no statement nears the request's statement limit at any size:
 * its figures must be exactly a run's and the one statement's, with leads reached from
 * several ranges counted once. The ranges are tried here on a smaller audience through
 * resolvePreview's `maxRange`.
 */

/** Large enough for the `hash` form and several ranges (the first is FIRST_RANGE_ECIDS). */
const AUDIENCE_SIZE = 60_000;
/** Leads shared by the synced ECIDs: each is reached from about eight ECIDs across the space. */
const LEADS = 2_500;

let t: TestApp;
let ws: TestWorkspace;
let seed: Seed;

beforeAll(async () => {
  t = await startTestApp({ worker: true });
  ws = await t.workspace();
  seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
});
afterAll(() => t?.close());

describe('previewAudienceSync of a large audience', () => {
  it('answers exactly what the INITIAL run then finds, in one statement or in ranges', {
    timeout: 120_000,
  }, async () => {
    expect(AUDIENCE_SIZE).toBeGreaterThan(PROBE_LIMIT);
    expect(AUDIENCE_SIZE).toBeGreaterThan(4 * FIRST_RANGE_ECIDS);
    const audienceId = await seed.audience('Large');
    // Random 38-digit ECIDs over the whole space; two in three are cookie-synced; of those
    // cookies, six in seven belong to one of LEADS leads (n % LEADS), the rest stay anonymous.
    await t.database.pool.query(
      `with ids as (
         select n, lpad((floor(random() * 1e15)::bigint)::text, 15, '0') || lpad(n::text, 23, '0') as ecid
         from generate_series(1, $3::int) n
       ), members as (
         insert into audience_member (workspace_id, audience_id, ecid) select $1, $2, ecid from ids
       ), leads as (
         insert into lead (workspace_id, email)
         select $1, 'preview' || k || '@example.com' from generate_series(0, $4::int - 1) k
         returning id, email
       ), cookies as (
         insert into munchkin_cookie (workspace_id, cookie_id, lead_id, associated_at, association_source)
         select $1, '_mch-preview' || i.n, l.id, case when l.id is not null then now() end,
                case when l.id is not null then 'FORM_FILL' end
         from ids i
         left join leads l on i.n % 7 <> 0
           and l.email = 'preview' || (i.n % $4::int) || '@example.com'
         where i.n % 3 <> 0
       )
       insert into cookie_sync (workspace_id, ecid, cookie_id)
       select $1, ecid, '_mch-preview' || n from ids where n % 3 <> 0`,
      [ws.id, audienceId, AUDIENCE_SIZE, LEADS],
    );

    const preview = await t.gql(PreviewSync, { id: gid('Audience', audienceId) }, ws.token);
    expect(preview.errors).toBeUndefined();
    const stats = preview.data?.previewAudienceSync;
    const synced = AUDIENCE_SIZE - Math.floor(AUDIENCE_SIZE / 3);
    expect(stats).toMatchObject({
      audienceSize: AUDIENCE_SIZE,
      ecidsWithCookie: synced,
      ecidsWithoutCookie: AUDIENCE_SIZE - synced,
      matchedLeads: LEADS,
      listSize: LEADS,
      added: LEADS,
      removed: 0,
    });
    // The same dry run in ranges of at most 20,000 ECIDs: each lead reached from several.
    const ranged = await resolvePreview(t.database.pool, ws.id, audienceId, { maxRange: 20_000 });
    expect(ranged).toEqual({
      audienceSize: stats?.audienceSize,
      withCookie: stats?.ecidsWithCookie,
      withLead: stats?.ecidsWithLead,
      matchedLeads: stats?.matchedLeads,
    });
    // A dry run writes nothing.
    const runs = await t.database.pool.query('select 1 from sync_run where workspace_id = $1', [
      ws.id,
    ]);
    expect(runs.rowCount).toBe(0);

    const job = startedJob(
      await startSync(t, ws.token, {
        audienceId: gid('Audience', audienceId),
        newListName: 'Large list',
      }),
    );
    const done = await settled(t, ws.token, decodeGlobalID(job.id).id, 90_000);
    expect(done.lastRun?.status).toBe('SUCCEEDED');
    expect(done.lastRun?.stats).toEqual(stats);
  });
});
