/**
 * Sync engine benchmark (issue sections 2 and 3). Entry point for `npm run bench`:
 *
 *   benchSync(options: SyncBenchOptions): Promise<SyncBenchResult>
 *
 * Given the bench database and its seeded workspace (big audience of 1,000,000 ECIDs, 700,000
 * cookie syncs, 400,000 known leads at scale 1), it runs a sync worker in this process and:
 *  1. INITIAL run: starts a sync of the big audience into a new list and times it from the
 *     start to SUCCEEDED; the baseline is the same resolution as ONE bare SQL statement
 *     (three-way join + insert of the memberships into another new list, and of the same
 *     ENTERED rows of membership history the run writes), timed right before and right after
 *     the run (the mean of the two). Goal:
 *     < 10 s and <= 1.3x the bare statement.
 *  2. Incremental latency: `trials` times, an anonymous cookie synced with an ECID of the big
 *     audience gets associated with a new lead through the API's `associateLead` mutation
 *     (the API process announces the change, this worker runs it); timed from sending the
 *     mutation to the lead being on the list. SYNC_DEBOUNCE_MS = `debounceMs` (500). Goal:
 *     p99 within SYNC_DEBOUNCE_MS + 300 ms (800 ms).
 * Everything it creates (lists, sync job, cookies, leads) stays in the bench database.
 *
 *   benchFirstSync(options: FirstSyncBenchOptions): Promise<FirstSyncBenchResult>
 *
 * A new customer's first sync: on a fresh database beside the bench's (dropped afterwards),
 * an app with a worker in this process takes `ecids` ECIDs of a new audience, 6 cookie syncs
 * per 10 of them and 3 associations per 10 through the /ingest endpoints, and a sync of the
 * audience into a new list starts the moment the uploads answered: nothing has analyzed the
 * tables (autovacuum may not have come by yet). Timed from the start to SUCCEEDED, beside the
 * same sync into another new list once the tables are analyzed (ANALYZE only: no VACUUM, so
 * the two differ in statistics alone). Goal: <= 1.5x.
 */
import { randomBytes } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { operatorCaller, SCOPES } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase, ensureDatabase } from '../src/db/database.js';
import type { SyncStats } from '../src/entities/sync-run.js';

export interface SyncBenchOptions {
  /** The bench database (migrated, seeded). */
  databaseUrl: string;
  workspaceId: string;
  /** Database id of the big audience. */
  audienceId: string;
  /** The API server (any role but `worker`) and a token with the write scope. */
  api: { url: string; token: string };
  /** Incremental trials (default 50). */
  trials?: number;
  /** SYNC_DEBOUNCE_MS of the worker and of the API process (default 500). */
  debounceMs?: number;
  log?: (message: string) => void;
}

export interface SyncBenchResult {
  initial: {
    /** Start of the sync to SUCCEEDED, seconds. */
    seconds: number;
    /**
     * The one bare statement doing the same resolution and membership writes, seconds: the
     * mean of its runs right before and right after the sync run (bareRuns).
     */
    bareSeconds: number;
    bareRuns: [number, number];
    ratio: number;
    stats: SyncStats | null;
    /** Time of each phase of the run (seconds from its start), from its progress events. */
    phases: Record<string, number>;
  };
  incremental: {
    trials: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    samplesMs: number[];
    /** p50 of the associateLead response time alone (part of every sample). */
    acceptedP50Ms: number;
    /** Trials whose lead never arrived within 30 s. */
    timeouts: number;
  };
}

/**
 * Goals of the issue, for the report. The incremental p99 is bounded by the debounce plus
 * 300 ms: everything but the debounce (the mutation, waking the worker, the run) gets 300 ms.
 * It assumes the default debounceMs (500); the report compares with `<`, a hair stricter
 * than the issue's `<=`.
 */
export const SYNC_GOALS = { initialSeconds: 10, initialRatio: 1.3, incrementalP99Ms: 800 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export async function benchSync(options: SyncBenchOptions): Promise<SyncBenchResult> {
  const log = options.log ?? (() => undefined);
  const trials = options.trials ?? 50;
  const debounceMs = options.debounceMs ?? 500;
  const database = await connectDatabase(options.databaseUrl);
  const config = { ...loadConfig({}), logLevel: 'silent' as const, syncDebounceMs: debounceMs };
  const app = await createApp(
    { ...config, role: 'worker' },
    { database, worker: { concurrency: 1 } },
  );
  const { pool } = database;
  const benchPool = new pg.Pool({ connectionString: options.databaseUrl, max: 1 });
  benchPool.on('error', () => undefined);
  const ws = options.workspaceId;
  const operator = operatorCaller(ws);
  try {
    const tag = randomBytes(3).toString('hex');

    log('warming the caches with a dry run of the resolution');
    await app.services.syncJobs.preview(operator, options.audienceId);

    // The bare statement runs right before and right after the run, and the baseline is the
    // mean of the two: on a shared machine the speed drifts from minute to minute, and a
    // baseline that brackets the run follows the drift better than one measured on one side.
    // The bench's own statement, on a pool of its own without the service's statement limit
    // (at 10,000,000 ECIDs it runs for about 40 s).
    const bare = (label: string) =>
      bareStatement(benchPool, {
        ws,
        audienceId: options.audienceId,
        label: `${label} ${tag}`,
        log,
      });
    const bareBefore = await bare('before');

    log('INITIAL run of a new sync of the big audience');
    const started = performance.now();
    const syncJobId = await app.services.syncJobs.start(operator, {
      audienceId: options.audienceId,
      newListName: `bench sync ${tag}`,
    });
    let run: { id: string; status: string; stats: SyncStats | null; error: string | null };
    for (;;) {
      const result = await pool.query<typeof run>(
        `select id, status, stats, error from sync_run where sync_job_id = $1 order by id limit 1`,
        [syncJobId],
      );
      run = result.rows[0] as typeof run;
      if (run && (run.status === 'SUCCEEDED' || run.status === 'FAILED')) break;
      await sleep(20);
    }
    const seconds = (performance.now() - started) / 1000;
    if (run.status === 'FAILED') throw new Error(`INITIAL run failed: ${run.error}`);
    const phaseRows = await pool.query<{ phase: string; seconds: number }>(
      `select phase, extract(epoch from min(at) - (select min(at) from sync_event where run_id = $1))::float8 as seconds
       from sync_event where run_id = $1 group by phase`,
      [run.id],
    );
    const phases = Object.fromEntries(phaseRows.rows.map((row) => [row.phase, row.seconds]));
    const bareAfter = await bare('after');
    const bareSeconds = (bareBefore + bareAfter) / 2;
    log(
      `  ${seconds.toFixed(2)} s, ratio ${(seconds / bareSeconds).toFixed(2)}; phases ${JSON.stringify(phases)}`,
    );

    log(`incremental: ${trials} associations through the API, debounce ${debounceMs} ms`);
    const listId = (
      await pool.query<{ list_id: string }>('select list_id from sync_job where id = $1', [
        syncJobId,
      ])
    ).rows[0]?.list_id;
    const incremental = await incrementalLatency(pool, {
      ws,
      audienceId: options.audienceId,
      listId: listId as string,
      api: options.api,
      trials,
      tag,
    });
    log(
      `  p50 ${incremental.p50Ms} ms, p99 ${incremental.p99Ms} ms (associateLead answered in ${incremental.acceptedP50Ms} ms at p50), ${incremental.timeouts} timeouts`,
    );
    return {
      initial: {
        seconds,
        bareSeconds,
        bareRuns: [bareBefore, bareAfter],
        ratio: seconds / bareSeconds,
        stats: run.stats,
        phases,
      },
      incremental,
    };
  } finally {
    await app.stop();
    await database.close();
    await benchPool.end();
  }
}

export interface FirstSyncBenchOptions {
  /** The bench database: the fresh database is created on its server. */
  databaseUrl: string;
  /** ECIDs uploaded (200,000 at scale 1); 6 in 10 get a cookie sync, 3 in 10 a lead. */
  ecids: number;
  /** The first sync counts as not finished after this long (it is then paused). */
  timeoutMs?: number;
  log?: (message: string) => void;
}

export interface FirstSyncBenchResult {
  ecids: number;
  cookieSyncs: number;
  associations: number;
  /** The three uploads, seconds. */
  uploadSeconds: number;
  /** Start to SUCCEEDED of the sync started right after the uploads; null if it timed out. */
  freshSeconds: number | null;
  /** The same sync into another new list, the tables analyzed. */
  analyzedSeconds: number;
  ratio: number | null;
  /** Tables of the resolution that had statistics when the first sync started. */
  analyzedAtStart: string[];
  stats: SyncStats | null;
  /** When each phase of the two runs began (seconds from the run's first event). */
  phases: { fresh: Record<string, number>; analyzed: Record<string, number> };
}

/** The goal of the first-sync figure: at most this many times the sync on analyzed tables. */
export const FIRST_SYNC_GOAL = { ratio: 1.5 };

/** The tables a full run reads and writes. */
const SYNC_TABLES = [
  'audience_member',
  'cookie_sync',
  'munchkin_cookie',
  'lead',
  'lead_association',
  'list_membership',
];

/** A random 38-digit ECID, unique by its index. */
const randomEcid = (i: number) =>
  String(Math.floor(Math.random() * 1e15)).padStart(15, '0') + String(i).padStart(23, '0');

export async function benchFirstSync(
  options: FirstSyncBenchOptions,
): Promise<FirstSyncBenchResult> {
  const log = options.log ?? (() => undefined);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const admin = new URL(options.databaseUrl);
  admin.pathname = '/postgres';
  const name = `audience_sync_first_${randomBytes(4).toString('hex')}`;
  log(`fresh database ${name} for a first sync right after bulk uploads`);
  const url = await ensureDatabase(admin.toString(), name);
  try {
    const database = await connectDatabase(url, { poolSize: 4 });
    try {
      const app = await createApp(
        { ...loadConfig({}), databaseUrl: url, logLevel: 'silent', port: 0, host: '127.0.0.1' },
        { database, worker: { concurrency: 1 } },
      );
      try {
        return await firstSync(app, database.pool, options.ecids, timeoutMs, log);
      } finally {
        await app.stop();
      }
    } finally {
      await database.close();
    }
  } finally {
    const client = new pg.Client(admin.toString());
    client.on('error', () => undefined);
    await client.connect();
    await client.query(`drop database if exists "${name}" with (force)`).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

async function firstSync(
  app: Awaited<ReturnType<typeof createApp>>,
  pool: pg.Pool,
  ecidCount: number,
  timeoutMs: number,
  log: (message: string) => void,
): Promise<FirstSyncBenchResult> {
  const { workspaces, syncJobs } = app.services;
  const workspace = await workspaces.create({ name: 'First sync' });
  const { token } = await workspaces.createToken(workspace.id, [...SCOPES], 'bench');
  const ws = workspace.id;
  const operator = operatorCaller(ws);
  await pool.query(
    `insert into experience_cloud_integration (workspace_id, ims_org_id, cookie_sync_enabled, configured_at)
     values ($1, '0123456789ABCDEF01234567@AdobeOrg', true, now())`,
    [ws],
  );
  const audience = await pool.query<{ id: string }>(
    `with folder as (
       insert into audience_folder (workspace_id, name, path) values ($1, 'New', 'New') returning id
     )
     insert into audience (workspace_id, folder_id, external_id, name)
     select $1, id, 'first-upload', 'First upload' from folder returning id`,
    [ws],
  );
  const audienceId = audience.rows[0]?.id as string;

  const ecids = Array.from({ length: ecidCount }, (_, i) => randomEcid(i));
  const cookieSyncs = Math.round(ecidCount * 0.6);
  const associations = Math.floor(cookieSyncs / 2);
  const upload = async (path: string, lines: string[]) => {
    const response = await fetch(`${app.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
      body: lines.join('\n'),
    });
    const summary = (await response.json()) as { accepted?: number };
    if (response.status !== 200 || summary.accepted !== lines.length) {
      throw new Error(`${path} answered ${response.status} ${JSON.stringify(summary)}`);
    }
  };
  log(`uploading ${ecidCount} ECIDs, ${cookieSyncs} cookie syncs and ${associations} associations`);
  const uploadStarted = performance.now();
  await upload(
    `/ingest/audiences/${encodeGlobalID('Audience', audienceId)}/members?mode=add`,
    ecids,
  );
  await upload(
    '/ingest/cookie-syncs',
    ecids.slice(0, cookieSyncs).map((ecid, i) => `${ecid},_mch-first-${i}`),
  );
  await upload(
    '/ingest/associations',
    Array.from({ length: associations }, (_, i) => `_mch-first-${2 * i},lead${i}@example.com`),
  );
  const uploadSeconds = (performance.now() - uploadStarted) / 1000;

  const analyzed = await pool.query<{ relname: string }>(
    'select relname from pg_class where relname = any($1::text[]) and reltuples >= 0 order by 1',
    [SYNC_TABLES],
  );
  /** When each phase of the job's run began, seconds after the run's first event. */
  const phasesOf = async (syncJobId: string) => {
    const { rows } = await pool.query<{ phase: string; seconds: number }>(
      `select phase, extract(epoch from min(at) - (select min(at) from sync_event where sync_job_id = $1))::float8 as seconds
       from sync_event where sync_job_id = $1 group by phase order by 2`,
      [syncJobId],
    );
    return Object.fromEntries(rows.map((row) => [row.phase, row.seconds]));
  };
  /** Starts a sync of the audience into a new list; seconds to SUCCEEDED, null on timeout. */
  const timedSync = async (list: string) => {
    const started = performance.now();
    const syncJobId = await syncJobs.start(operator, { audienceId, newListName: list });
    for (;;) {
      const { rows } = await pool.query<{ status: string; stats: SyncStats | null; error: string }>(
        'select status, stats, error from sync_run where sync_job_id = $1 order by id limit 1',
        [syncJobId],
      );
      const run = rows[0];
      if (run?.status === 'FAILED') throw new Error(`the sync into ${list} failed: ${run.error}`);
      if (run?.status === 'SUCCEEDED') {
        const seconds = (performance.now() - started) / 1000;
        return { seconds, stats: run.stats, phases: await phasesOf(syncJobId) };
      }
      if (performance.now() - started > timeoutMs) {
        await syncJobs.pause(operator, { id: syncJobId });
        return { seconds: null, stats: null, phases: await phasesOf(syncJobId) };
      }
      await sleep(20);
    }
  };
  log('first sync, right after the uploads');
  const fresh = await timedSync('First sync');
  log(`  ${fresh.seconds === null ? 'did not finish' : `${fresh.seconds.toFixed(2)} s`}`);
  await pool.query(`analyze ${SYNC_TABLES.join(', ')}`);
  log('the same sync into another new list, the tables analyzed');
  const baseline = await timedSync('Same sync, analyzed');
  if (baseline.seconds === null) throw new Error('the sync on analyzed tables did not finish');
  const analyzedSeconds = baseline.seconds;
  log(`  ${analyzedSeconds.toFixed(2)} s`);
  return {
    ecids: ecidCount,
    cookieSyncs,
    associations,
    uploadSeconds,
    freshSeconds: fresh.seconds,
    analyzedSeconds,
    ratio: fresh.seconds === null ? null : fresh.seconds / analyzedSeconds,
    analyzedAtStart: analyzed.rows.map((row) => row.relname),
    stats: fresh.stats,
    phases: { fresh: fresh.phases, analyzed: baseline.phases },
  };
}

/**
 * The bare statement into a new list of its own: resolution, membership and history writes
 * in one INSERT ... SELECT; seconds. The run records every membership it adds in
 * membership_change, so the floor writes the same history rows; run id 0 (no run has it)
 * keeps them in the same indexes as a run's. Like the run, it inserts in lead order, which
 * appends to the list's key. `pool` must have no statement limit: at 10,000,000 ECIDs the
 * statement takes about 40 s.
 */
export async function bareStatement(
  pool: pg.Pool,
  input: { ws: string; audienceId: string; label: string; log: (message: string) => void },
): Promise<number> {
  const { ws, label, log } = input;
  log(
    `bare statement (${label}): resolution, membership and history writes in one INSERT ... SELECT`,
  );
  const bareList = await pool.query<{ id: string }>(
    'insert into static_list (workspace_id, name) values ($1, $2) returning id',
    [ws, `bench bare ${label}`],
  );
  const bareStarted = performance.now();
  const bare = await pool.query(
    `with added as (
       insert into list_membership (workspace_id, list_id, lead_id, source, added_at)
       select $1::bigint, $2::bigint, matched.lead_id, 'SYNC', now()
       from (
         select distinct mc.lead_id
         from audience_member am
         join cookie_sync cs on cs.workspace_id = $1 and cs.ecid = am.ecid
         join munchkin_cookie mc on mc.workspace_id = $1 and mc.cookie_id = cs.cookie_id
         where am.workspace_id = $1 and am.audience_id = $3 and mc.lead_id is not null
       ) matched
       order by matched.lead_id
       returning lead_id
     )
     insert into membership_change (workspace_id, list_id, lead_id, kind, source, run_id)
     select $1::bigint, $2::bigint, lead_id, 'ENTERED', 'SYNC', 0 from added`,
    [ws, bareList.rows[0]?.id, input.audienceId],
  );
  const elapsed = (performance.now() - bareStarted) / 1000;
  log(`  ${bare.rowCount} memberships in ${elapsed.toFixed(2)} s`);
  return elapsed;
}

/**
 * Incremental latency, `trials` times: an anonymous cookie synced with an ECID of the audience
 * gets associated with a new lead through the API's `associateLead` mutation; timed from
 * sending the mutation to the lead being on the list of the job syncing the audience.
 */
export async function incrementalLatency(
  pool: pg.Pool,
  input: {
    ws: string;
    audienceId: string;
    listId: string;
    api: { url: string; token: string };
    trials: number;
    tag: string;
  },
): Promise<SyncBenchResult['incremental']> {
  const { ws, listId, trials, tag } = input;
  const options = { audienceId: input.audienceId, api: input.api };
  const ecids = await pool.query<{ ecid: string }>(
    `select ecid from audience_member where workspace_id = $1 and audience_id = $2
       order by ecid limit $3`,
    [ws, options.audienceId, trials],
  );
  const samples: number[] = [];
  const accepted: number[] = [];
  let timeouts = 0;
  for (let i = 0; i < trials; i++) {
    const cookieId = `_mch-bench-${tag}-${i}`;
    const email = `bench-${tag}-${i}@example.com`;
    await pool.query(
      `insert into cookie_sync (workspace_id, ecid, cookie_id) values ($1, $2, $3) on conflict do nothing`,
      [ws, ecids.rows[i % ecids.rows.length]?.ecid, cookieId],
    );
    const t0 = performance.now();
    const response = await fetch(`${options.api.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${options.api.token}`,
      },
      body: JSON.stringify({
        query: `mutation($input: AssociateLeadInput!) { associateLead(input: $input) { __typename } }`,
        variables: { input: { cookieId, email, source: 'API' } },
      }),
    });
    const body = (await response.json()) as { data?: { associateLead?: { __typename: string } } };
    accepted.push(performance.now() - t0);
    if (body.data?.associateLead?.__typename !== 'AssociateLeadSuccess') {
      throw new Error(`associateLead failed: ${JSON.stringify(body)}`);
    }
    // Probe the list by primary key: a join by email would scan the list on every poll and
    // steal CPU from the run being measured.
    const lead = await pool.query<{ id: string }>(
      'select id from lead where workspace_id = $1 and email = $2',
      [ws, email],
    );
    let arrived = false;
    while (performance.now() - t0 < 30_000) {
      const found = await pool.query(
        'select 1 from list_membership where workspace_id = $1 and list_id = $2 and lead_id = $3',
        [ws, listId, lead.rows[0]?.id],
      );
      if ((found.rowCount ?? 0) > 0) {
        arrived = true;
        break;
      }
      await sleep(5);
    }
    if (arrived) samples.push(performance.now() - t0);
    else timeouts++;
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const incremental = {
    trials,
    p50Ms: Math.round(percentile(sorted, 50)),
    p99Ms: Math.round(percentile(sorted, 99)),
    maxMs: Math.round(sorted.at(-1) ?? Number.NaN),
    samplesMs: samples.map(Math.round),
    acceptedP50Ms: Math.round(
      percentile(
        [...accepted].sort((a, b) => a - b),
        50,
      ),
    ),
    timeouts,
  };
  return incremental;
}
