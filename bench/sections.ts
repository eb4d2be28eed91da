import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { BenchContext, Figure } from './context.js';
import type * as IngestModule from './ingest.js';
import type { Section } from './run.js';
import { PROJECT_ROOT } from './server-process.js';

/**
 * The sections whose measurement lives beside the code it measures: ingestion (1), the sync
 * engine (2, 3) and realtime (5). Each file is loaded only if it exists, so the harness runs
 * (with a "not available" row) before that code lands; each adapter maps the file's own
 * result shape to figures.
 */

async function load<T>(file: string): Promise<T | null> {
  const full = path.join(PROJECT_ROOT, 'bench', file);
  if (!existsSync(full)) return null;
  return (await import(pathToFileURL(full).href)) as T;
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

function ingestSection(module: typeof IngestModule | null): Section {
  const section: Section = {
    numbers: [
      { section: 1, name: 'Ingest: audience members via HTTP' },
      { section: 1, name: 'Ingest: cookie syncs via HTTP' },
    ],
    title: 'Ingest',
    seconds: 120,
    minSeconds: 20,
  };
  if (!module) return { ...section, missing: 'bench/ingest.ts not available yet' };
  const goal = module.INGEST_GOALS;
  return {
    ...section,
    async run(ctx: BenchContext): Promise<Figure[]> {
      const rows = Math.max(1_000, Math.round(1_000_000 * ctx.scale));
      const results = await module.benchIngest({
        url: ctx.server.url,
        token: ctx.dataset.token,
        // The big audience: uploads land beside its existing members, as a refresh would.
        audienceId: encodeGlobalID('Audience', ctx.dataset.audienceId),
        databaseUrl: ctx.databaseUrl,
        rows,
        serverPid: ctx.server.pid,
        log: (message) => ctx.log(`  ${message}`),
      });
      return results.map((r) => ({
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
        goal: `>= ${goal.rowsPerSecond.toLocaleString('en-US')} rows/s at <= ${goal.peakRssMb} MB RSS`,
        status:
          r.rejected === 0 &&
          r.rowsPerSecond >= goal.rowsPerSecond &&
          (r.peakRssMb ?? Number.POSITIVE_INFINITY) <= goal.peakRssMb
            ? 'met'
            : 'missed',
        peakRssMb: r.peakRssMb,
        note: `${r.rows.toLocaleString('en-US')} lines in ${round(r.seconds)} s; accepted ${r.accepted}, rejected ${r.rejected}`,
      }));
    },
  };
}

export async function externalSections(): Promise<Section[]> {
  const sync: Section = {
    numbers: [
      { section: 2, name: 'INITIAL sync' },
      { section: 3, name: 'Incremental association-to-membership latency' },
    ],
    title: 'Sync',
    seconds: 240,
    minSeconds: 30,
  };
  const subscriptions: Section = {
    numbers: [{ section: 5, name: 'Subscriptions: graphql-ws delivery' }],
    title: 'Subscriptions',
    seconds: 120,
    minSeconds: 30,
  };
  for (const [section, file] of [
    [sync, 'sync.ts'],
    [subscriptions, 'subscriptions.ts'],
  ] as const) {
    section.missing = existsSync(path.join(PROJECT_ROOT, 'bench', file))
      ? `bench/${file} exists but is not wired into bench/run.ts yet`
      : `bench/${file} not available yet`;
  }
  // Ingest runs last: it adds a million fresh ECIDs to the big audience.
  return [sync, subscriptions, ingestSection(await load<typeof IngestModule>('ingest.ts'))];
}
