import { decodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorCaller } from '../src/auth/tokens.js';
import { checkOut, type Queryable } from '../src/db/transaction.js';
import {
  dropStage,
  prepareStage,
  resolutionPlan,
  resolutionRanges,
  resolveChunk,
  type Scope,
} from '../src/sync/resolve.js';
import { CHUNK_SIZE } from '../src/sync/runner.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';

/**
 * A new customer's first sync, right after the bulk uploads, before anything has analyzed the
 * tables: the resolution must not be planned as if they were empty.
 */

/** Enough ECIDs for several resolution ranges (src/sync/resolve.ts: MIN_PROGRESS_CHUNK). */
const ECIDS = 60_000;
/** The first ECIDs are cookie-synced, each with a cookie of its own ... */
const COOKIE_SYNCS = 36_000;
/** ... and every other one of those cookies is tied to a lead. */
const ASSOCIATIONS = COOKIE_SYNCS / 2;

/** The tables the resolution reads: autovacuum stays away, as it does for its first minute. */
const RESOLUTION_TABLES = ['audience_member', 'cookie_sync', 'munchkin_cookie'];

let t: TestApp;
let ws: TestWorkspace;
let audienceId: string;
/** A small audience of the same workspace: the first SMALL ECIDs of the large one. */
let smallAudienceId: string;
const SMALL = 3_000;

async function upload(path: string, lines: string[]): Promise<void> {
  const response = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', authorization: `Bearer ${ws.token}` },
    body: lines.join('\n'),
  });
  const summary = (await response.json()) as { accepted: number; rejected: number };
  expect(response.status).toBe(200);
  expect(summary).toMatchObject({ accepted: lines.length, rejected: 0 });
}

/** Whether any of the resolution's tables has statistics (analyzed or vacuumed since loaded). */
async function anyStatistics(): Promise<boolean> {
  const { rows } = await t.database.pool.query<{ analyzed: boolean }>(
    `select bool_or(reltuples >= 0) as analyzed from pg_class where relname = any($1::text[])`,
    [RESOLUTION_TABLES],
  );
  return rows[0]?.analyzed ?? false;
}

beforeAll(async () => {
  t = await startTestApp({ worker: true });
  ws = await t.workspace();
  for (const table of RESOLUTION_TABLES) {
    await t.database.pool.query(`alter table ${table} set (autovacuum_enabled = off)`);
  }
  const seed = new Seed(t.database.pool, ws.id);
  await seed.integration();
  audienceId = await seed.audience('First upload');
  // Random 38-digit ECIDs over the whole ECID space, as real ones are.
  const ecids = Array.from(
    { length: ECIDS },
    (_, i) =>
      String(Math.floor(Math.random() * 1e15)).padStart(15, '0') + String(i).padStart(23, '0'),
  );
  await upload(`/ingest/audiences/${gid('Audience', audienceId)}/members?mode=add`, ecids);
  smallAudienceId = await seed.audience('Small upload');
  await upload(
    `/ingest/audiences/${gid('Audience', smallAudienceId)}/members?mode=add`,
    ecids.slice(0, SMALL),
  );
  await upload(
    '/ingest/cookie-syncs',
    ecids.slice(0, COOKIE_SYNCS).map((ecid, i) => `${ecid},_mch-first-${i}`),
  );
  await upload(
    '/ingest/associations',
    Array.from({ length: ASSOCIATIONS }, (_, i) => `_mch-first-${2 * i},lead${i}@example.com`),
  );
}, 120_000);
afterAll(() => t?.close());

/**
 * The plans of the resolution statements `resolve` sends: each is explained instead of run
 * (planned blind, it could read the whole cookie-sync range once per audience ECID), and
 * everything around it runs.
 */
async function resolutionPlans(resolve: (db: Queryable) => Promise<void>): Promise<string[]> {
  const { client, release } = await checkOut(t.database.pool);
  try {
    await prepareStage(client);
    const plans: string[] = [];
    const explaining = {
      async query(text: string, values?: unknown[]) {
        if (!text.includes('cookie_sync')) return client.query(text, values);
        const plan = await client.query<{ 'QUERY PLAN': string }>(`explain ${text}`, values);
        plans.push(plan.rows.map((row) => row['QUERY PLAN']).join('\n'));
        return { rows: [], rowCount: 0 };
      },
    } as unknown as Queryable;
    await resolve(explaining);
    return plans;
  } finally {
    await dropStage(client).catch(() => undefined);
    release();
  }
}

describe('identity resolution on tables without statistics', () => {
  it('plans each ECID range of a large audience without nested loops', async () => {
    expect(await anyStatistics()).toBe(false);
    const scope: Scope = { workspaceId: ws.id, audienceId, listId: '0' };
    const ranges = resolutionRanges(ECIDS, CHUNK_SIZE);
    expect(ranges.length).toBeGreaterThan(1);
    const plans = await resolutionPlans(async (db) => {
      for (const [from, to] of ranges) {
        await resolveChunk(db, scope, from, to, resolutionPlan(ECIDS));
      }
    });
    expect(plans).toHaveLength(ranges.length);
    for (const plan of plans) {
      expect(plan).toMatch(/Hash|Merge/);
      expect(plan).not.toContain('Nested Loop');
    }
  });

  it('plans a small audience as key probes, one per ECID and per cookie', async () => {
    expect(await anyStatistics()).toBe(false);
    const scope: Scope = { workspaceId: ws.id, audienceId: smallAudienceId, listId: '0' };
    const plans = await resolutionPlans(async (db) => {
      await resolveChunk(db, scope, '', null, resolutionPlan(SMALL));
    });
    expect(plans).toHaveLength(1);
    const plan = plans[0] as string;
    // The only scans of the identity tables are probes by key, driven by the audience.
    expect(plan).toMatch(
      /Index (Only )?Scan using cookie_sync_pkey on cookie_sync[^\n]*\n\s*Index Cond: [^\n]*ecid = \(am\.ecid\)/,
    );
    expect(plan).toMatch(
      /Index Scan using munchkin_cookie_pkey on munchkin_cookie[^\n]*\n\s*Index Cond: [^\n]*cookie_id\)::text = \(cs\.cookie_id\)/,
    );
    expect(plan).not.toMatch(/Hash Join|Merge Join|Seq Scan on (cookie_sync|munchkin_cookie)/);
  });

  it('previews and runs a first sync right after the uploads, with no analyze in between', {
    timeout: 90_000,
  }, async () => {
    const expected = {
      audienceSize: ECIDS,
      ecidsWithCookie: COOKIE_SYNCS,
      ecidsWithLead: ASSOCIATIONS,
      matchedLeads: ASSOCIATIONS,
    };
    const preview = await t.app.services.syncJobs.preview(operatorCaller(ws.id), audienceId);
    expect(preview).toMatchObject(expected);
    const job = startedJob(
      await startSync(t, ws.token, {
        audienceId: gid('Audience', audienceId),
        newListName: 'First upload list',
      }),
    );
    const done = await settled(t, ws.token, decodeGlobalID(job.id).id, 60_000);
    expect(done.lastRun).toMatchObject({
      status: 'SUCCEEDED',
      stats: { ...expected, added: ASSOCIATIONS, listSize: ASSOCIATIONS },
    });
    const small = await t.app.services.syncJobs.preview(operatorCaller(ws.id), smallAudienceId);
    expect(small).toMatchObject({
      audienceSize: SMALL,
      ecidsWithCookie: SMALL,
      ecidsWithLead: SMALL / 2,
      matchedLeads: SMALL / 2,
    });
    // The plans held without statistics: nothing analyzed the tables meanwhile.
    expect(await anyStatistics()).toBe(false);
  });
});
