import { encodeGlobalID } from '@pothos/plugin-relay';
import type { BenchContext, Figure, Section } from './context.js';
import * as IngestModule from './ingest.js';
import { marketoSection } from './marketo.js';
import { readCpuMs, samplePeakRss } from './rss.js';
import { startServerProcess } from './server-process.js';
import * as SubscriptionsModule from './subscriptions.js';
import * as SyncModule from './sync.js';

/**
 * The sections whose measurement lives beside the code it measures: ingestion (1), the sync
 * engine (2, 3) and realtime (5); each adapter maps the file's own result shape to figures.
 */

export const SYNC_DEBOUNCE_MS = 500;

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

const INGEST_SECTION = {
  numbers: [
    { section: 1, name: 'Ingest: audience members via HTTP' },
    { section: 1, name: 'Ingest: cookie syncs via HTTP' },
    { section: 1, name: 'Ingest: AEP batch of 10,000 profiles (p99 answer)' },
    { section: 1, name: 'Ingest: AAM iter file via HTTP' },
  ],
  title: 'Ingest',
  seconds: 210,
  // The AEP figure keeps its 20 batches of 10,000 profiles at every scale (Adobe's batch size
  // is what its answer time is about), so small scales need time for them too.
  minSeconds: 90,
  // Its goal bounds the server's memory while ingesting, not what the read load left behind.
  freshServer: true,
};

function ingestSection(module: typeof IngestModule): Section {
  const section = INGEST_SECTION;
  const goal = module.INGEST_GOALS;
  return {
    ...section,
    async run(ctx: BenchContext): Promise<Figure[]> {
      const rows = Math.max(1_000, Math.round(1_000_000 * ctx.scale));
      const cpuBefore = readCpuMs(ctx.server.pid);
      const results = await module.benchIngest({
        url: ctx.server.url,
        token: ctx.dataset.token,
        // The big audience: uploads land beside its existing members, as a refresh would.
        audienceId: encodeGlobalID('Audience', ctx.dataset.audienceId),
        databaseUrl: ctx.databaseUrl,
        rows,
        serverPid: ctx.server.pid,
        targetCopy: true,
        log: (message) => ctx.log(`  ${message}`),
      });
      const cpuAfter = readCpuMs(ctx.server.pid);
      const native = await module.benchNativeIngest({
        url: ctx.server.url,
        token: ctx.dataset.token,
        databaseUrl: ctx.databaseUrl,
        profiles: Math.max(
          100,
          Math.round(module.NATIVE_GOALS.aepBatchProfiles * Math.min(1, ctx.scale * 10)),
        ),
        requests: 20,
        lines: Math.max(1_000, Math.round(module.NATIVE_GOALS.aamIterLines * ctx.scale)),
        serverPid: ctx.server.pid,
        log: (message) => ctx.log(`  ${message}`),
      });
      const nativeFigures: Figure[] = [
        {
          section: 1,
          name: 'Ingest: AEP batch of 10,000 profiles (p99 answer)',
          value: native.aep.p99Ms,
          unit: 'ms',
          baseline: {
            name: 'plain COPY of the same statements (p50)',
            value: native.aep.baselineP50Ms,
            unit: 'ms',
          },
          ratio: round(native.aep.p99Ms / native.aep.baselineP50Ms),
          goal: `<= ${module.NATIVE_GOALS.aepBatchP99Ms} ms (Adobe's answer time)`,
          status:
            native.aep.rejected === 0 && native.aep.p99Ms <= module.NATIVE_GOALS.aepBatchP99Ms
              ? 'met'
              : 'missed',
          note: `${native.aep.requests} requests of ${native.aep.profiles} profiles; p50 ${native.aep.p50Ms} ms; accepted ${native.aep.accepted}, rejected ${native.aep.rejected}`,
        },
        {
          section: 1,
          name: 'Ingest: AAM iter file via HTTP',
          value: native.aamIter.rowsPerSecond,
          unit: 'rows/s',
          baseline: {
            name: 'plain COPY of the same lines',
            value: native.aamIter.baselineRowsPerSecond,
            unit: 'rows/s',
          },
          ratio: native.aamIter.ratio,
          status: native.aamIter.rejected === 0 ? 'n/a' : 'failed',
          peakRssMb: native.aamIter.peakRssMb,
          note: `${native.aamIter.rows.toLocaleString('en-US')} lines in ${round(native.aamIter.seconds)} s; ${native.aamIter.walBytesPerRow} bytes of WAL per line; accepted ${native.aamIter.accepted}, rejected ${native.aamIter.rejected}`,
        },
      ];
      // The baseline COPYs do not touch the server, so its CPU is the two uploads'.
      const cpu =
        cpuBefore !== null && cpuAfter !== null
          ? `; API CPU over both uploads ${round(((cpuAfter - cpuBefore) * 1000) / (2 * rows), 1)} µs/row`
          : '';
      const uploads: Figure[] = results.map((r) => {
        const goalRowsPerSecond = r.goalRowsPerSecond ?? Number.POSITIVE_INFINITY;
        return {
          section: 1,
          name: `Ingest: ${r.name} via HTTP`,
          value: r.rowsPerSecond,
          unit: 'rows/s',
          baseline: {
            name: 'plain COPY of the same lines',
            value: r.baselineRowsPerSecond,
            unit: 'rows/s',
          },
          ratio: r.ratio,
          goal: `>= ${goalRowsPerSecond.toLocaleString('en-US')} rows/s at <= ${goal.peakRssMb} MB RSS`,
          status:
            r.rejected === 0 &&
            r.rowsPerSecond >= goalRowsPerSecond &&
            (r.peakRssMb ?? Number.POSITIVE_INFINITY) <= goal.peakRssMb
              ? 'met'
              : 'missed',
          peakRssMb: r.peakRssMb,
          note: `${r.rows.toLocaleString('en-US')} lines in ${round(r.seconds)} s; ${r.walBytesPerRow} bytes of WAL per line; accepted ${r.accepted}, rejected ${r.rejected}${cpu}`,
        };
      });
      // What storing the same lines costs this database with nothing of ours around it: the
      // rate the goals are weighed against (see bench/README, ingest).
      const storage: Figure[] = results.flatMap(({ targetCopy: copy, ...r }) =>
        copy === null
          ? []
          : [
              {
                section: 1,
                name: `Ingest: ${r.name}, plain COPY straight into ${copy.table}`,
                value: copy.rowsPerSecond,
                unit: 'rows/s',
                baseline: { name: 'the upload via HTTP', value: r.rowsPerSecond, unit: 'rows/s' },
                ratio: round(copy.rowsPerSecond / r.rowsPerSecond),
                status: 'n/a',
                // The API takes no part in it.
                peakRssMb: null,
                note: `the same ${r.rows.toLocaleString('en-US')} lines in key order into the table with its indexes, no staging, merge or HTTP, rolled back; ${copy.walBytesPerRow} bytes of WAL per line${copy.uploadAlsoWrites.map((table) => `; the upload also writes ${table}`).join('')}`,
              },
            ],
      );
      return [...uploads, ...storage, ...nativeFigures];
    },
  };
}

/** Trials of the incremental latency: 50 as the issue asks; fewer where only proving it runs. */
export function incrementalTrials(scale: number): number {
  return scale >= 0.5 ? 50 : scale >= 0.1 ? 20 : 5;
}

const SYNC_SECTION = {
  numbers: [
    { section: 2, name: 'INITIAL sync' },
    { section: 2, name: 'First sync right after bulk uploads' },
    { section: 3, name: 'Incremental association-to-membership latency' },
  ],
  title: 'Sync',
  seconds: 300,
  // The first sync after bulk uploads keeps at least 60,000 ECIDs (three ranges) at any scale.
  minSeconds: 60,
};

/** ECIDs of the first-sync figure: the issue's 200,000 at scale 1, never fewer than 60,000. */
export function firstSyncEcids(scale: number): number {
  return Math.max(60_000, Math.round(200_000 * scale));
}

function syncSection(module: typeof SyncModule): Section {
  const section = SYNC_SECTION;
  const goal = module.SYNC_GOALS;
  return {
    ...section,
    async run(ctx: BenchContext): Promise<Figure[]> {
      const trials = incrementalTrials(ctx.scale);
      // The worker runs inside this process, so its memory is this process's.
      const rss = samplePeakRss(process.pid);
      const result = await module.benchSync({
        databaseUrl: ctx.databaseUrl,
        workspaceId: ctx.dataset.workspaceId,
        audienceId: ctx.dataset.audienceId,
        api: { url: ctx.server.url, token: ctx.dataset.token },
        trials,
        debounceMs: SYNC_DEBOUNCE_MS,
        log: (message) => ctx.log(`  ${message}`),
      });
      const workerRss = rss.stop();
      // Its app (uploads and worker) runs in this process too, apart from the figures above.
      const firstRss = samplePeakRss(process.pid);
      const first = await module.benchFirstSync({
        databaseUrl: ctx.databaseUrl,
        ecids: firstSyncEcids(ctx.scale),
        log: (message) => ctx.log(`  ${message}`),
      });
      const firstRssMb = firstRss.stop();
      const { initial, incremental } = result;
      const stats = initial.stats;
      const phasesOf = (times: Record<string, number>) =>
        Object.entries(times)
          .sort((a, b) => a[1] - b[1])
          .map(([phase, at]) => `${phase} +${round(at, 1)} s`)
          .join(', ');
      const phases = phasesOf(initial.phases);
      const latencyNote = `${incremental.trials} trials (associateLead over HTTP until the lead is on the list), SYNC_DEBOUNCE_MS=${SYNC_DEBOUNCE_MS}; associateLead itself answered in ${incremental.acceptedP50Ms} ms at p50; ${incremental.timeouts} timed out (30 s), max ${incremental.maxMs} ms`;
      const latencyMet = incremental.timeouts === 0 && incremental.p99Ms <= goal.incrementalP99Ms;
      return [
        {
          section: 2,
          name: `INITIAL sync of the big audience (${ctx.dataset.counts.ecids.toLocaleString('en-US')} ECIDs)`,
          value: round(initial.seconds),
          unit: 's',
          baseline: {
            name: 'bare resolution SQL (one INSERT ... SELECT)',
            value: round(initial.bareSeconds),
            unit: 's',
          },
          ratio: round(initial.ratio),
          goal: `< ${goal.initialSeconds} s and <= ${goal.initialRatio}x the bare SQL`,
          status:
            initial.seconds < goal.initialSeconds && initial.ratio <= goal.initialRatio
              ? 'met'
              : 'missed',
          peakRssMb: workerRss,
          note: `${stats ? `${stats.matchedLeads.toLocaleString('en-US')} matched leads, ${stats.added.toLocaleString('en-US')} added; ` : ''}phases ${phases}; the bare SQL took ${round(initial.bareRuns[0])} s right before the run and ${round(initial.bareRuns[1])} s right after it (the baseline is their mean); the worker runs in the bench process, whose peak RSS is shown`,
        },
        {
          section: 2,
          name: `First sync right after bulk uploads (${first.ecids.toLocaleString('en-US')} ECIDs), no analyze`,
          value: first.freshSeconds === null ? null : round(first.freshSeconds),
          unit: 's',
          baseline: {
            name: 'the same sync on analyzed tables',
            value: round(first.analyzedSeconds),
            unit: 's',
          },
          ratio: first.ratio === null ? null : round(first.ratio),
          goal: `<= ${module.FIRST_SYNC_GOAL.ratio}x the same sync on analyzed tables`,
          status:
            first.ratio !== null && first.ratio <= module.FIRST_SYNC_GOAL.ratio ? 'met' : 'missed',
          peakRssMb: firstRssMb,
          note: `a new workspace on a fresh database: ${first.ecids.toLocaleString('en-US')} ECIDs, ${first.cookieSyncs.toLocaleString('en-US')} cookie syncs and ${first.associations.toLocaleString('en-US')} associations through /ingest in ${round(first.uploadSeconds, 1)} s, the sync started as they answered (tables with statistics then: ${first.analyzedAtStart.join(', ') || 'none'}); ${first.freshSeconds === null ? 'it did not finish within 120 s and was paused; ' : ''}the baseline is the same sync into another new list after ANALYZE (no VACUUM); phases ${phasesOf(first.phases.fresh)}, analyzed ${phasesOf(first.phases.analyzed)}${first.stats ? `; ${first.stats.matchedLeads.toLocaleString('en-US')} matched leads` : ''}`,
        },
        {
          section: 3,
          name: 'Incremental association-to-membership latency p50',
          value: incremental.p50Ms,
          unit: 'ms',
          status: 'n/a',
          peakRssMb: workerRss,
          note: latencyNote,
        },
        {
          section: 3,
          name: 'Incremental association-to-membership latency p99',
          value: incremental.p99Ms,
          unit: 'ms',
          goal: `<= ${goal.incrementalP99Ms} ms`,
          status: latencyMet ? 'met' : 'missed',
          peakRssMb: workerRss,
        },
      ];
    },
  };
}

/** Subscriber counts at scale 1 as the issue asks; fewer where the run only proves it works. */
export function subscriberCounts(scale: number): number[] {
  const factor = scale >= 0.5 ? 1 : Math.max(0.05, scale);
  return [100, 300, 1_000].map((n) => Math.max(10, Math.round(n * factor)));
}

/** The goals of the subscription figures (issue 11), at the largest count. */
export const SUBSCRIPTION_GOALS = { p99Ms: 60 };

const SUBSCRIPTIONS_SECTION = {
  numbers: [{ section: 5, name: 'Subscriptions: graphql-ws delivery' }],
  title: 'Subscriptions',
  seconds: 240,
  minSeconds: 180,
};

/**
 * Section 5: graphql-ws subscribers of one sync job's progress (one connection each, as
 * dashboards would) at each count, on one api process and on two (API_PROCESSES=2), the two
 * alternating at each count. Events are stored and announced from this process as a worker
 * does (publishSyncProgress), one per PROGRESS_THROTTLE_MS (250 ms), so every run gets the
 * same number of events.
 */
function subscriptionsSection(module: typeof SubscriptionsModule): Section {
  return {
    ...SUBSCRIPTIONS_SECTION,
    async run(ctx: BenchContext): Promise<Figure[]> {
      const counts = subscriberCounts(ctx.scale);
      const events = ctx.scale >= 0.5 ? 20 : 6;
      const two = await startServerProcess({
        databaseUrl: ctx.databaseUrl,
        role: 'api',
        env: { SYNC_DEBOUNCE_MS: String(SYNC_DEBOUNCE_MS), API_PROCESSES: '2' },
      });
      const figures: Figure[] = [];
      const p99s = new Map<string, number>();
      let lost = 0;
      let duplicates = 0;
      let expected = 0;
      try {
        for (const subscribers of counts) {
          for (const [processes, server] of [
            [1, ctx.server],
            [2, two],
          ] as const) {
            const result = await module.benchSubscriptions({
              url: server.url,
              databaseUrl: ctx.databaseUrl,
              workspaceId: ctx.dataset.workspaceId,
              serverPid: server.pid,
              subscribers,
              events,
              intervalMs: 250,
              log: (message) => ctx.log(`  ${message}`),
            });
            lost += result.lost;
            duplicates += result.duplicates;
            expected += result.expected;
            p99s.set(`${subscribers}:${processes}`, result.latencyMs.p99);
            const largest = subscribers === counts.at(-1);
            const oneP99 = p99s.get(`${subscribers}:1`);
            const status: Figure['status'] = !largest
              ? 'n/a'
              : processes === 1
                ? result.lost === 0 && result.latencyMs.p99 < SUBSCRIPTION_GOALS.p99Ms
                  ? 'met'
                  : 'missed'
                : oneP99 !== undefined && result.latencyMs.p99 < oneP99
                  ? 'met'
                  : 'missed';
            ctx.log(
              `  ${subscribers} subscribers, ${processes} api process(es): p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, lost ${result.lost}`,
            );
            figures.push({
              section: 5,
              name: `Subscriptions: ${subscribers.toLocaleString('en-US')} subscribers, ${processes} api process${processes > 1 ? 'es' : ''}, delivery p99`,
              value: result.latencyMs.p99,
              unit: 'ms',
              ...(processes === 2 && oneP99 !== undefined
                ? {
                    baseline: { name: 'one api process', value: oneP99, unit: 'ms' },
                    ratio: round(result.latencyMs.p99 / oneP99, 3),
                  }
                : {}),
              goal: largest
                ? processes === 1
                  ? `< ${SUBSCRIPTION_GOALS.p99Ms} ms with 0 lost`
                  : 'below one api process'
                : undefined,
              status,
              peakRssMb: processes === 1 ? result.serverRssMb.peak : null,
              note: `${result.eventsPublished} events, one per 250 ms; p50 ${result.latencyMs.p50} ms, max ${result.latencyMs.max} ms; lost ${result.lost}, duplicates ${result.duplicates} of ${result.expected.toLocaleString('en-US')} (subscriber, event) pairs; CPU while events flowed: API ${result.cpuSeconds.server ?? '-'} s${processes > 1 ? ' (primary and api processes)' : ''}, clients ${round(result.cpuSeconds.clients, 1)} s`,
            });
          }
        }
      } finally {
        await two.stop();
      }
      figures.push({
        section: 5,
        name: 'Subscriptions: events lost over all runs',
        value: lost,
        unit: 'events',
        goal: '0',
        status: lost === 0 && duplicates === 0 ? 'met' : 'missed',
        peakRssMb: null,
        note: `${(expected - lost).toLocaleString('en-US')} of ${expected.toLocaleString('en-US')} (subscriber, event) pairs delivered, ${duplicates} duplicates`,
      });
      return figures;
    },
  };
}

export function externalSections(): Section[] {
  // Ingest runs last: it adds a million fresh ECIDs to the big audience.
  return [
    syncSection(SyncModule),
    subscriptionsSection(SubscriptionsModule),
    marketoSection(),
    ingestSection(IngestModule),
  ];
}
