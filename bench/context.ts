import type { Database } from '../src/db/database.js';
import type { Dataset } from './generate.js';
import type { ServerProcess } from './server-process.js';

/**
 * What `npm run bench` hands every section: a migrated database holding the seeded workspace,
 * the API server running as a child process (so its memory is measured apart from the
 * harness's), and a token with every scope. Sections may start more processes (workers,
 * clients) but must stop them before returning, and stay within `deadlineMs`.
 */
export interface BenchContext {
  /** Row-count multiplier: 1 is the full workspace (1,000,000 ECIDs). */
  scale: number;
  /** Seed of the generator; the same seed and scale give the same data. */
  seed: number;
  /** URL of the bench database (fresh, migrated, seeded). */
  databaseUrl: string;
  /** Connected in the bench process: pool for raw SQL, ORM for domain functions. */
  database: Database;
  /** The seeded workspace: ids, counts and the bearer token (all scopes). */
  dataset: Dataset;
  /** The API server child process (`ROLE=api`). */
  server: ServerProcess;
  /** Absolute time (Date.now() based) by which the section must have returned. */
  deadlineMs: number;
  log(message: string): void;
}

/** One measured figure, as printed in the table and written to bench/results.json. */
export interface Figure {
  /** Section number of issue 6 (1 ingest ... 5 subscriptions). */
  section: number;
  name: string;
  value: number | null;
  unit: string;
  /** The peer measured in the same run; ratio = value / baseline.value. */
  baseline?: { name: string; value: number | null; unit: string };
  ratio?: number | null;
  /** The goal in words, e.g. ">= 300000 rows/s". */
  goal?: string;
  status?: 'met' | 'missed' | 'n/a' | 'failed';
  /** Peak RSS (MB) of the measured process during this figure. */
  peakRssMb?: number | null;
  note?: string;
}

/** One part of the run: its code and its time budget. */
export interface Section {
  /** Issue-6 section numbers this section reports (for "failed" rows). */
  numbers: { section: number; name: string }[];
  title: string;
  /** Seconds at scale 1; the budget is max(minSeconds, seconds * scale) (+ 30 s of setup). */
  seconds: number;
  minSeconds: number;
  run: (ctx: BenchContext) => Promise<Figure[]>;
  /**
   * Run against a freshly started API server: V8 seldom returns heap to the system, so a
   * figure about the server's memory would otherwise carry what earlier sections left.
   */
  freshServer?: boolean;
}
