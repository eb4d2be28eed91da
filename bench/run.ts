import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchContext, Figure, Section } from './context.js';
import { openBenchDatabase } from './database.js';
import { generateWorkspace } from './generate.js';
import { measureReadApi } from './read-api.js';
import { describeMachine, formatTable, type Results, writeResults } from './report.js';
import { readMemory, samplePeakRss } from './rss.js';
import { benchScale, disposeScaleDatabases, TEN_X } from './scale.js';
import { externalSections, SYNC_DEBOUNCE_MS } from './sections.js';
import {
  PROJECT_ROOT,
  type ServerProcess,
  startServerProcess,
  stopAllChildren,
} from './server-process.js';

/**
 * `npm run bench [-- --scale S] [-- --seed N]`: builds the seeded workspace on a fresh
 * database, starts the API as a child process, runs every section within its time budget,
 * prints one table and writes bench/results.json. A section that fails gives a
 * row saying so; the run itself goes on.
 */

const USAGE = `Usage: npm run bench [-- options]
  --scale S    row-count multiplier, 0 < S <= 10 (default 1: 1,000,000 ECIDs)
  --seed N     generator seed (default 42)
  --only 1,4   run only these sections (1 ingest, 2-3 sync, 4 read API, 5 subscriptions,
               7 Marketo)
  --out FILE   where to write the results (default bench/results.json)
  --ten-million
               instead of the sections: the workspace at ten times the size (10,000,000
               ECIDs, 7,000,000 cookie syncs, 4,000,000 leads; --scale multiplies it, so
               --scale 0.01 builds 100,000 and needs S <= 1), measured beside the default size
               in the same run: generation, a dry run, INITIAL vs its bare statement, a
               reconcile run, incremental latency, the dashboard, an export of the synced list,
               peak RSS of the API and worker, the database size (default --out
               bench/results-10m.json)`;

interface Options {
  scale: number;
  seed: number;
  only: Set<number> | null;
  out: string;
  tenMillion: boolean;
}

function parse(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
      'ten-million': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  const seed = values.seed === undefined ? 42 : Number(values.seed);
  const only = values.only ? new Set(values.only.split(',').map(Number)) : null;
  const tenMillion = values['ten-million'] === true;
  const valid =
    scale > 0 &&
    scale * (tenMillion ? TEN_X : 1) <= 10 &&
    !(tenMillion && only) &&
    Number.isInteger(seed) &&
    seed >= 0 &&
    (!only || [...only].every((n) => Number.isInteger(n) && n >= 1 && n <= 7));
  if (!valid) {
    console.error(USAGE);
    process.exit(2);
  }
  const defaultOut = tenMillion ? 'results-10m.json' : 'results.json';
  const out = path.resolve(values.out ?? path.join(PROJECT_ROOT, 'bench', defaultOut));
  return { scale, seed, only, out, tenMillion };
}

const started = performance.now();
const loadAtStart = Math.round(os.loadavg()[0] * 100) / 100;
function log(message: string) {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  console.log(`[${seconds}s] ${message}`);
}

function unavailable(section: Section, status: Figure['status'], note: string): Figure[] {
  return section.numbers.map(({ section: number, name }) => ({
    section: number,
    name,
    value: null,
    unit: '',
    status,
    note,
  }));
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runSection(section: Section, base: Omit<BenchContext, 'deadlineMs'>) {
  const budgetMs = (Math.max(section.minSeconds, section.seconds * base.scale) + 30) * 1000;
  const ctx: BenchContext = { ...base, deadlineMs: Date.now() + budgetMs };
  log(`${section.title} (budget ${Math.round(budgetMs / 1000)} s)`);
  const rss = samplePeakRss(base.server.pid);
  try {
    const figures = await withTimeout(section.run(ctx), budgetMs);
    const peak = rss.stop();
    // Sections that measure another process report its RSS themselves; the rest get the API's.
    return figures.map((f) =>
      f.peakRssMb === undefined && f.value !== null ? { ...f, peakRssMb: peak } : f,
    );
  } catch (error) {
    rss.stop();
    const message = (error as Error).message.split('\n')[0];
    log(`  ${section.title} failed: ${message}`);
    return unavailable(section, 'failed', message);
  }
}

/** Writes a run's results file (both options share its format), prints its table. */
function publish(
  out: string,
  scale: number,
  seed: number,
  postgresVersion: string,
  postgresDescription: string,
  { counts, seedSeconds, audienceName }: Results['dataset'],
  figures: Figure[],
) {
  const results: Results = {
    date: new Date().toISOString(),
    scale,
    seed,
    machine: describeMachine(postgresVersion, postgresDescription, loadAtStart),
    dataset: { counts, seedSeconds, audienceName },
    durationSeconds: Math.round((performance.now() - started) / 1000),
    figures,
  };
  writeResults(out, results);
  console.log(`\n${formatTable(results)}\n`);
  log(`results written to ${path.relative(process.cwd(), out)}`);
}

/** `--ten-million`: the scale option's own run (bench/scale.ts), its own results file. */
async function mainTenMillion(scale: number, seed: number, out: string) {
  let stopped = false;
  const interrupted = (signal: string) => {
    log(`${signal}: stopping`);
    stopped = true;
    process.exitCode = 130;
    process.on('uncaughtException', (error) => log(`  while stopping: ${error.message}`));
    void stopAllChildren()
      .then(disposeScaleDatabases)
      .finally(() => process.exit());
  };
  process.once('SIGINT', () => interrupted('SIGINT'));
  process.once('SIGTERM', () => interrupted('SIGTERM'));
  try {
    const { figures, dataset, postgres } = await benchScale({ scale, seed, log });
    if (stopped) return;
    publish(out, scale * TEN_X, seed, postgres.version, postgres.description, dataset, figures);
  } finally {
    await stopAllChildren();
  }
}

async function main() {
  const { scale, seed, only, out, tenMillion } = parse(process.argv.slice(2));
  if (tenMillion) return mainTenMillion(scale, seed, out);
  const bench = await openBenchDatabase(log);
  let server: ServerProcess | undefined;
  // Once only, whoever asks first (the end of the run or a signal); every exit waits for it.
  let stopped: Promise<void> | undefined;
  const cleanup = () => {
    stopped ??= (async () => {
      await server?.stop().catch(() => undefined);
      await stopAllChildren();
      await bench.dispose();
    })();
    return stopped;
  };
  const interrupted = (signal: string) => {
    log(`${signal}: stopping`);
    process.exitCode = 130;
    // Sections still running see their connections and servers vanish; that is expected now.
    process.on('uncaughtException', (error) => log(`  while stopping: ${error.message}`));
    void cleanup().finally(() => process.exit());
  };
  process.once('SIGINT', () => interrupted('SIGINT'));
  process.once('SIGTERM', () => interrupted('SIGTERM'));
  try {
    log(`${bench.description}; generating the workspace at scale ${scale} (seed ${seed})`);
    const dataset = await generateWorkspace(bench.database, { scale, seed, log });
    log(`workspace generated in ${dataset.seedSeconds} s`);
    const startApi = () =>
      startServerProcess({
        databaseUrl: bench.url,
        role: 'api',
        env: { SYNC_DEBOUNCE_MS: String(SYNC_DEBOUNCE_MS) },
      });
    server = await startApi();
    const idle = readMemory(server.pid);
    log(
      `API server (ROLE=api) pid ${server.pid} at ${server.url}, RSS ${idle?.rssMb.toFixed(0)} MB`,
    );

    const base = {
      scale,
      seed,
      databaseUrl: bench.url,
      database: bench.database,
      dataset,
      server,
      log,
    };
    const readApi: Section = {
      numbers: [{ section: 4, name: 'Read API' }],
      title: 'Read API',
      seconds: 420,
      minSeconds: 420,
      run: measureReadApi,
    };
    const sections = [readApi, ...externalSections()].filter(
      (section) => !only || section.numbers.some(({ section: n }) => only.has(n)),
    );
    const figures: Figure[] = [];
    for (const section of sections) {
      if (stopped) return;
      if (section.freshServer) {
        await server.stop();
        server = await startApi();
        base.server = server;
        log(`API server restarted for ${section.title}: pid ${server.pid}`);
      }
      figures.push(...(await runSection(section, base)));
    }
    // An interrupted run's figures are not results.
    if (stopped) return;

    const peaks = figures.map((f) => f.peakRssMb ?? 0);
    figures.push(
      {
        section: 6,
        name: 'API server RSS after start (idle)',
        value: idle ? Math.round(idle.rssMb) : null,
        unit: 'MB',
        status: 'n/a',
      },
      {
        section: 6,
        name: 'API server peak RSS over all sections',
        value: Math.max(...peaks) || null,
        unit: 'MB',
        status: 'n/a',
        note: 'the peak of each figure is in its "peak RSS" column',
      },
    );
    figures.sort((a, b) => a.section - b.section);

    publish(out, scale, seed, bench.postgresVersion, bench.description, dataset, figures);
  } finally {
    await cleanup();
  }
}

main().then(
  () => process.exit(),
  (error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
