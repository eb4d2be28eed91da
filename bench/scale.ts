import { randomBytes } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { operatorCaller } from '../src/auth/tokens.js';
import { loadConfig } from '../src/config.js';
import type { SyncStats } from '../src/entities/sync-run.js';
import { createServices } from '../src/services/index.js';
import type { Figure } from './context.js';
import { type BenchDatabase, openBenchDatabase } from './database.js';
import { type Dataset, generateWorkspace } from './generate.js';
import { dashboardQuery } from './read-api.js';
import { samplePeakRss } from './rss.js';
import { SYNC_DEBOUNCE_MS } from './sections.js';
import { startServerProcess } from './server-process.js';
import { bareStatement, incrementalLatency, SYNC_GOALS } from './sync.js';

/**
 * `npm run bench -- --ten-million`: the workspace at ten times the default size (10,000,000
 * ECIDs, 7,000,000 cookie syncs, 4,000,000 leads; --scale multiplies it as it multiplies the
 * default), measured beside the same measures at the default size in the same run, so every
 * growth figure is a ratio of two figures taken minutes apart on the same machine.
 *
 * At each size, on a fresh database with the API (ROLE=api) and a worker (ROLE=worker) as
 * child processes: generation; a dry run (previewAudienceSync) of the big audience through
 * the API; INITIAL, a sync of the big audience into a new list, beside the bare resolution
 * statement right before and right after it (as section 2); a reconcile, a MANUAL full
 * re-run of the same job onto its now full list; incremental latency (as section 3); the
 * dashboard page (section 4's query, uncached) read sequentially; an export of the
 * resulting list as CSV; the peak RSS of the API and of the worker over all of it; the
 * database's size on disk.
 */

/** How much bigger the big workspace is than the default one. */
export const TEN_X = 10;

export const SCALE_GOALS = {
  /** INITIAL at 10x: at most this many times its bare statement ... */
  initialRatio: SYNC_GOALS.initialRatio,
  /** ... and at most this many times INITIAL at 1x (linear, with 10 % of slack). */
  initialGrowth: 11,
  /** Peak RSS of each process at 10x: at most this many times its peak at 1x. */
  rssGrowth: 1.2,
  incrementalP99Ms: SYNC_GOALS.incrementalP99Ms,
  /** Dashboard p50 at 10x: at most this many times its p50 at 1x ("unchanged"). */
  dashboardGrowth: 1.2,
};

/** Dashboard requests timed at each size, one after the other. */
const DASHBOARD_REQUESTS = 50;

interface SizeFigures {
  dataset: Dataset;
  generationSeconds: number;
  dryRun: { seconds: number; status: number; error: string | null; stats: SyncStats | null };
  initial: { seconds: number; bareSeconds: number; bareRuns: [number, number]; phases: Phases };
  initialStats: SyncStats | null;
  reconcile: { seconds: number; phases: Phases; stats: SyncStats | null };
  incremental: { p50Ms: number; p99Ms: number; trials: number; timeouts: number };
  dashboard: { p50Ms: number; p99Ms: number };
  exportRun: { seconds: number; rows: number; bytes: number };
  apiPeakRssMb: number | null;
  workerPeakRssMb: number | null;
  databaseBytes: number;
  postgres: { version: string; description: string };
}

type Phases = Record<string, number>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}

async function graphql(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ status: number; body: { data?: Record<string, unknown>; errors?: unknown[] } }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: { errors: [text.slice(0, 200)] } };
  }
}

/** The databases of the sizes being measured, for an interrupted run to drop. */
const openDatabases = new Set<BenchDatabase>();

/** Drops the database of the size being measured (on SIGINT/SIGTERM; children stop first). */
export async function disposeScaleDatabases(): Promise<void> {
  await Promise.all([...openDatabases].map((bench) => bench.dispose()));
}

/** Builds the workspace at `scale` on a fresh database and measures it (see the file's head). */
async function measureSize(
  scale: number,
  seed: number,
  log: (message: string) => void,
): Promise<SizeFigures> {
  const bench = await openBenchDatabase(log);
  openDatabases.add(bench);
  const children: { stop(): Promise<void> }[] = [];
  try {
    const { database } = bench;
    const { pool } = database;
    log(`${bench.description}; generating the workspace at scale ${scale} (seed ${seed})`);
    const dataset = await generateWorkspace(database, { scale, seed, log });
    log(`workspace generated in ${dataset.seedSeconds} s`);
    const env = { SYNC_DEBOUNCE_MS: String(SYNC_DEBOUNCE_MS), RESPONSE_CACHE_MAX_ENTRIES: '0' };
    const api = await startServerProcess({ databaseUrl: bench.url, role: 'api', env });
    children.push(api);
    const worker = await startServerProcess({ databaseUrl: bench.url, role: 'worker', env });
    children.push(worker);
    await workerListening(pool);
    const apiRss = samplePeakRss(api.pid);
    const workerRss = samplePeakRss(worker.pid);
    const ws = dataset.workspaceId;
    const audienceId = dataset.audienceId;
    const operator = operatorCaller(ws);
    const services = createServices({ config: loadConfig({}), database });
    const tag = randomBytes(3).toString('hex');

    log('dry run (previewAudienceSync) of the big audience through the API');
    const dryStarted = performance.now();
    const dry = await graphql(
      api.url,
      dataset.token,
      `query($id: ID!) { previewAudienceSync(audienceId: $id) {
         audienceSize ecidsWithCookie ecidsWithLead ecidsWithoutCookie ecidsAnonymousOnly
         matchedLeads listSize added removed } }`,
      { id: encodeGlobalID('Audience', audienceId) },
    );
    const dryRun = {
      seconds: (performance.now() - dryStarted) / 1000,
      status: dry.status,
      error: dry.body.errors ? JSON.stringify(dry.body.errors).slice(0, 300) : null,
      stats: (dry.body.data?.previewAudienceSync as SyncStats | undefined) ?? null,
    };
    log(
      `  HTTP ${dryRun.status} in ${dryRun.seconds.toFixed(2)} s${dryRun.error ? `: ${dryRun.error}` : ''}`,
    );

    const bare = (label: string) =>
      bareStatement(pool, { ws, audienceId, label: `${label} ${tag}`, log });
    const bareBefore = await bare('before');
    log('INITIAL run of a new sync of the big audience (in the worker process)');
    const started = performance.now();
    const syncJobId = await services.syncJobs.start(operator, {
      audienceId,
      newListName: `bench scale ${tag}`,
    });
    const first = await waitForRun(pool, syncJobId, 0);
    const initialSeconds = (performance.now() - started) / 1000;
    const bareAfter = await bare('after');
    const initial = {
      seconds: initialSeconds,
      bareSeconds: (bareBefore + bareAfter) / 2,
      bareRuns: [bareBefore, bareAfter] as [number, number],
      phases: await phasesOf(pool, first.id),
    };
    log(
      `  ${initial.seconds.toFixed(2)} s, ${(initial.seconds / initial.bareSeconds).toFixed(2)}x bare; phases ${JSON.stringify(initial.phases)}`,
    );

    log('reconcile: a MANUAL full run of the same job onto its full list');
    const reconcileStarted = performance.now();
    await services.syncJobs.runNow(operator, { id: syncJobId });
    const second = await waitForRun(pool, syncJobId, 1);
    const reconcile = {
      seconds: (performance.now() - reconcileStarted) / 1000,
      phases: await phasesOf(pool, second.id),
      stats: second.stats,
    };
    log(`  ${reconcile.seconds.toFixed(2)} s; phases ${JSON.stringify(reconcile.phases)}`);

    const listId = (
      await pool.query<{ list_id: string }>('select list_id from sync_job where id = $1', [
        syncJobId,
      ])
    ).rows[0]?.list_id as string;
    const trials = scale >= FULL_SCALE_REFERENCE ? 50 : 20;
    log(`incremental: ${trials} associations through the API, debounce ${SYNC_DEBOUNCE_MS} ms`);
    const incremental = await incrementalLatency(pool, {
      ws,
      audienceId,
      listId,
      api: { url: api.url, token: dataset.token },
      trials,
      tag,
    });
    log(`  p50 ${incremental.p50Ms} ms, p99 ${incremental.p99Ms} ms`);

    const { schema } = await import('../src/schema/index.js');
    const dashboardText = dashboardQuery(schema).query;
    const dashboardMs: number[] = [];
    for (let i = 0; i < DASHBOARD_REQUESTS; i++) {
      const t0 = performance.now();
      const answer = await graphql(api.url, dataset.token, dashboardText);
      if (answer.status !== 200 || answer.body.errors) {
        throw new Error(`the dashboard answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      }
      dashboardMs.push(performance.now() - t0);
    }
    const dashboard = { p50Ms: percentile(dashboardMs, 50), p99Ms: percentile(dashboardMs, 99) };
    log(`dashboard: p50 ${dashboard.p50Ms.toFixed(1)} ms, p99 ${dashboard.p99Ms.toFixed(1)} ms`);

    log('export of the resulting list (CSV)');
    const exportStarted = performance.now();
    const response = await fetch(
      `${api.url}/export/lists/${encodeGlobalID('List', listId)}/members?format=csv`,
      { headers: { authorization: `Bearer ${dataset.token}` } },
    );
    if (response.status !== 200 || !response.body) {
      throw new Error(`the export answered ${response.status}: ${await response.text()}`);
    }
    let bytes = 0;
    let newlines = 0;
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) newlines++;
    }
    // One header line, then one line per member.
    const exportRun = {
      seconds: (performance.now() - exportStarted) / 1000,
      rows: newlines - 1,
      bytes,
    };
    log(`  ${exportRun.rows} members, ${bytes} bytes in ${exportRun.seconds.toFixed(2)} s`);

    const apiPeakRssMb = apiRss.stop();
    const workerPeakRssMb = workerRss.stop();
    const size = await pool.query<{ bytes: string }>(
      'select pg_database_size(current_database())::text as bytes',
    );
    return {
      dataset,
      generationSeconds: dataset.seedSeconds,
      dryRun,
      initial,
      initialStats: first.stats,
      reconcile,
      incremental,
      dashboard,
      exportRun,
      apiPeakRssMb,
      workerPeakRssMb,
      databaseBytes: Number(size.rows[0]?.bytes ?? 0),
      postgres: { version: bench.postgresVersion, description: bench.description },
    };
  } finally {
    for (const child of children.reverse()) await child.stop().catch(() => undefined);
    openDatabases.delete(bench);
    await bench.dispose();
  }
}

/** The scale at and above which a size is measured with the full 50 incremental trials. */
const FULL_SCALE_REFERENCE = 1;

/**
 * Waits until the worker's queue listens for new jobs: a run queued before would wait for
 * its poll (seconds), which the INITIAL figure would count.
 */
async function workerListening(pool: import('pg').Pool): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rowCount } = await pool.query(
      `select 1 from pg_stat_activity
       where datname = current_database() and query like 'LISTEN "jobs:insert"%'`,
    );
    if ((rowCount ?? 0) > 0) return;
    if (Date.now() > deadline) throw new Error('the worker did not listen for jobs within 60 s');
    await sleep(50);
  }
}

/** Waits for the job's `index`-th run (0 first) to end; fails the bench if it failed. */
async function waitForRun(
  pool: import('pg').Pool,
  syncJobId: string,
  index: number,
): Promise<{ id: string; stats: SyncStats | null }> {
  for (;;) {
    const { rows } = await pool.query<{
      id: string;
      status: string;
      stats: SyncStats | null;
      error: string | null;
    }>(
      'select id, status, stats, error from sync_run where sync_job_id = $1 order by id offset $2 limit 1',
      [syncJobId, index],
    );
    const run = rows[0];
    if (run?.status === 'SUCCEEDED') return { id: run.id, stats: run.stats };
    if (run && (run.status === 'FAILED' || run.status === 'CANCELLED')) {
      throw new Error(`run ${run.id} ended ${run.status}: ${run.error}`);
    }
    await sleep(50);
  }
}

/** When each phase of the run began, seconds after its first event. */
async function phasesOf(pool: import('pg').Pool, runId: string): Promise<Phases> {
  const { rows } = await pool.query<{ phase: string; seconds: number }>(
    `select phase, extract(epoch from min(at) - (select min(at) from sync_event where run_id = $1))::float8 as seconds
     from sync_event where run_id = $1 group by phase order by 2`,
    [runId],
  );
  return Object.fromEntries(rows.map((row) => [row.phase, Math.round(row.seconds * 100) / 100]));
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Section number of the scale figures in the results. */
const SECTION = 8;

/**
 * Measures the default size (`scale`) and ten times it, and returns the figures of the big
 * one against the small one, with the big one's dataset and database for the results file.
 */
export async function benchScale(options: {
  scale: number;
  seed: number;
  log: (message: string) => void;
}): Promise<{ figures: Figure[]; dataset: Dataset; postgres: SizeFigures['postgres'] }> {
  const { scale, seed, log } = options;
  const small = await measureSize(scale, seed, log);
  const big = await measureSize(scale * TEN_X, seed, log);
  const G = SCALE_GOALS;
  const bigEcids = big.dataset.counts.ecids.toLocaleString('en-US');
  const smallEcids = small.dataset.counts.ecids.toLocaleString('en-US');
  const vsSmall = `the same at ${smallEcids} ECIDs, this run`;
  const status = (met: boolean): Figure['status'] => (met ? 'met' : 'missed');
  const initialRatio = big.initial.seconds / big.initial.bareSeconds;
  const initialGrowth = big.initial.seconds / small.initial.seconds;
  const rssFigure = (name: string, bigMb: number | null, smallMb: number | null): Figure => {
    const ratio = bigMb !== null && smallMb ? bigMb / smallMb : null;
    return {
      section: SECTION,
      name,
      value: bigMb,
      unit: 'MB',
      baseline: { name: vsSmall, value: smallMb, unit: 'MB' },
      ratio: ratio === null ? null : round(ratio),
      goal: `<= ${G.rssGrowth}x its peak at ${smallEcids} ECIDs`,
      status: ratio === null ? 'failed' : status(ratio <= G.rssGrowth),
      peakRssMb: bigMb,
    };
  };
  const dryAnswered = big.dryRun.status === 200 && big.dryRun.error === null;
  const figures: Figure[] = [
    {
      section: SECTION,
      name: `Scale: generation of ${bigEcids} ECIDs`,
      value: round(big.generationSeconds, 1),
      unit: 's',
      baseline: { name: vsSmall, value: round(small.generationSeconds, 1), unit: 's' },
      ratio: round(big.generationSeconds / small.generationSeconds),
      status: 'n/a',
      note: `${big.dataset.counts.cookieSyncs.toLocaleString('en-US')} cookie syncs, ${big.dataset.counts.leads.toLocaleString('en-US')} leads; the database is ${round(big.databaseBytes / 2 ** 30)} GB on disk at the end (${round(small.databaseBytes / 2 ** 30)} GB at ${smallEcids} ECIDs)`,
    },
    {
      section: SECTION,
      name: `Scale: INITIAL sync of ${bigEcids} ECIDs vs its bare statement`,
      value: round(big.initial.seconds),
      unit: 's',
      baseline: {
        name: 'the bare resolution statement (mean of before and after)',
        value: round(big.initial.bareSeconds),
        unit: 's',
      },
      ratio: round(initialRatio),
      goal: `<= ${G.initialRatio}x the bare statement`,
      status: status(initialRatio <= G.initialRatio),
      note: `bare ${big.initial.bareRuns.map((s) => round(s)).join(' s before, ')} s after; phases ${JSON.stringify(big.initial.phases)}; ${big.initialStats?.matchedLeads.toLocaleString('en-US')} matched leads`,
    },
    {
      section: SECTION,
      name: `Scale: INITIAL sync of ${bigEcids} ECIDs vs ${smallEcids}`,
      value: round(big.initial.seconds),
      unit: 's',
      baseline: { name: vsSmall, value: round(small.initial.seconds), unit: 's' },
      ratio: round(initialGrowth),
      goal: `<= ${G.initialGrowth}x the run at ${smallEcids} ECIDs (linear)`,
      status: status(initialGrowth <= G.initialGrowth),
      note: `at ${smallEcids}: ${round(small.initial.seconds / small.initial.bareSeconds)}x its bare statement (${round(small.initial.bareSeconds)} s); the bare statement grew ${round(big.initial.bareSeconds / small.initial.bareSeconds)}x`,
    },
    {
      section: SECTION,
      name: `Scale: reconcile (MANUAL full re-run onto the full list), ${bigEcids} ECIDs`,
      value: round(big.reconcile.seconds),
      unit: 's',
      baseline: { name: vsSmall, value: round(small.reconcile.seconds), unit: 's' },
      ratio: round(big.reconcile.seconds / small.reconcile.seconds),
      status: 'n/a',
      note: `phases ${JSON.stringify(big.reconcile.phases)}; added ${big.reconcile.stats?.added}, removed ${big.reconcile.stats?.removed}`,
    },
    {
      section: SECTION,
      name: `Scale: incremental association-to-membership p99, ${bigEcids} ECIDs`,
      value: big.incremental.p99Ms,
      unit: 'ms',
      baseline: { name: vsSmall, value: small.incremental.p99Ms, unit: 'ms' },
      ratio: round(big.incremental.p99Ms / small.incremental.p99Ms),
      goal: `<= ${G.incrementalP99Ms} ms (debounce ${SYNC_DEBOUNCE_MS} ms + 300 ms)`,
      status: status(big.incremental.timeouts === 0 && big.incremental.p99Ms <= G.incrementalP99Ms),
      note: `p50 ${big.incremental.p50Ms} ms over ${big.incremental.trials} trials, ${big.incremental.timeouts} timeouts`,
    },
    {
      section: SECTION,
      name: `Scale: dry run (previewAudienceSync) of ${bigEcids} ECIDs through the API`,
      value: round(big.dryRun.seconds),
      unit: 's',
      baseline: { name: vsSmall, value: round(small.dryRun.seconds), unit: 's' },
      ratio: round(big.dryRun.seconds / small.dryRun.seconds),
      goal: 'answers (HTTP 200, no error) within the request limits (DB_QUERY_TIMEOUT_MS)',
      status: dryAnswered ? 'met' : 'missed',
      note: dryAnswered
        ? `${big.dryRun.stats?.matchedLeads.toLocaleString('en-US')} matched leads${big.dryRun.stats?.matchedLeads === big.initialStats?.matchedLeads ? ', as the INITIAL run found' : `, the INITIAL run found ${big.initialStats?.matchedLeads}`}`
        : `HTTP ${big.dryRun.status}: ${big.dryRun.error}`,
    },
    {
      section: SECTION,
      name: `Scale: dashboard page, uncached, p50 (${DASHBOARD_REQUESTS} sequential), ${bigEcids} ECIDs`,
      value: round(big.dashboard.p50Ms, 1),
      unit: 'ms',
      baseline: { name: vsSmall, value: round(small.dashboard.p50Ms, 1), unit: 'ms' },
      ratio: round(big.dashboard.p50Ms / small.dashboard.p50Ms),
      goal: `<= ${G.dashboardGrowth}x at ${smallEcids} ECIDs (unchanged)`,
      status: status(big.dashboard.p50Ms <= G.dashboardGrowth * small.dashboard.p50Ms),
      note: `p99 ${round(big.dashboard.p99Ms, 1)} ms (${round(small.dashboard.p99Ms, 1)} ms at ${smallEcids})`,
    },
    {
      section: SECTION,
      name: `Scale: export of the synced list (CSV), ${bigEcids} ECIDs`,
      value: Math.round(big.exportRun.rows / big.exportRun.seconds),
      unit: 'rows/s',
      baseline: {
        name: vsSmall,
        value: Math.round(small.exportRun.rows / small.exportRun.seconds),
        unit: 'rows/s',
      },
      ratio: round(
        big.exportRun.rows /
          big.exportRun.seconds /
          (small.exportRun.rows / small.exportRun.seconds),
      ),
      status: 'n/a',
      note: `${big.exportRun.rows.toLocaleString('en-US')} members, ${round(big.exportRun.bytes / 2 ** 20)} MB in ${round(big.exportRun.seconds)} s`,
    },
    rssFigure(
      `Scale: API process peak RSS, ${bigEcids} ECIDs`,
      big.apiPeakRssMb,
      small.apiPeakRssMb,
    ),
    rssFigure(
      `Scale: worker process peak RSS, ${bigEcids} ECIDs`,
      big.workerPeakRssMb,
      small.workerPeakRssMb,
    ),
    {
      section: SECTION,
      name: `Scale: database size on disk, ${bigEcids} ECIDs`,
      value: Math.round(big.databaseBytes / 2 ** 20),
      unit: 'MB',
      baseline: { name: vsSmall, value: Math.round(small.databaseBytes / 2 ** 20), unit: 'MB' },
      ratio: round(big.databaseBytes / small.databaseBytes),
      status: 'n/a',
    },
  ];
  return { figures, dataset: big.dataset, postgres: big.postgres };
}
