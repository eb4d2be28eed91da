import type { Readable, Writable } from 'node:stream';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Caller } from '../auth/tokens.js';
import type { Config } from '../config.js';
import { checkOut } from '../db/transaction.js';
import { BodyPace, type PaceProblems } from '../ingest/pace.js';
import { UploadError } from '../ingest/records.js';
import { logger } from '../observability/log.js';
import { ExportSlots, ExportsBusyError } from './export-slots.js';
import type { ExportPlan, HistoryService } from './history.js';
import type { ServiceDeps } from './index.js';

export { ExportsBusyError };

/**
 * Where an export goes (at the HTTP edge, the response): `begin` is told the file once the
 * export has started, before its first bytes, and the rows are written to `body` as fast as
 * its reader takes them. A body that closes early ends the export.
 */
export interface ExportSink {
  begin(file: { contentType: string; filename: string }): void;
  readonly body: Writable;
}

/** What ends a reader that is too slow; only logged, since the head is already out. */
const READER_PROBLEMS: PaceProblems = {
  idle: (ms) => new UploadError('REQUEST_TIMEOUT', `The reader took nothing for ${ms} ms`),
  slow: (floor) =>
    new UploadError('REQUEST_TIMEOUT', `The reader took less than ${floor} bytes per second`),
};

/** Resolves when `body` has written out what it buffered; rejects when its reader is gone. */
function drained(body: Writable): Promise<void> {
  if (body.destroyed) return Promise.reject(new Error('the client went away'));
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      body.off('drain', onDrain);
      body.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new Error('the client went away'));
    body.on('drain', onDrain);
    body.on('close', onClose);
  });
}

/**
 * Writes the COPY's output to the sink, waiting for its reader whenever the sink's buffers
 * are full. Only those waits count against the reader's pace (a wait for the database is not
 * the reader's fault); each is credited with the bytes written since the one before, which
 * the reader took in the meantime.
 */
async function copyToSink(copy: Readable, body: Writable, pace: BodyPace): Promise<void> {
  let written = 0;
  for await (const chunk of copy as AsyncIterable<Buffer>) {
    written += chunk.length;
    if (body.write(chunk)) continue;
    const taken = written;
    written = 0;
    await pace.next(drained(body), () => taken);
  }
}

/**
 * Streams one export: a `COPY ... TO STDOUT` on a connection of the export pool, written to
 * the sink as fast as its reader takes it, so memory stays flat for any size. A reader that
 * takes nothing for INGEST_IDLE_TIMEOUT_MS, or less than INGEST_MIN_BYTES_PER_SECOND over
 * INGEST_RATE_WINDOW_MS of waiting for it, is cut off like a slow uploader, and so is one
 * that goes away: its connection is destroyed (a COPY cut short leaves it mid-statement).
 * The connection goes back as soon as the COPY is over; the last buffered bytes then reach
 * the reader without holding it.
 */
async function streamExport(
  pool: pg.Pool,
  config: Pick<Config, 'ingestIdleTimeoutMs' | 'ingestMinBytesPerSecond' | 'ingestRateWindowMs'>,
  sink: ExportSink,
  plan: ExportPlan,
): Promise<void> {
  const { body } = sink;
  const { client, release } = await checkOut(pool);
  let failure: unknown;
  try {
    const copy = client.query(copyTo(plan.copySql));
    sink.begin({ contentType: plan.contentType, filename: plan.filename });
    // A reader gone while the COPY is awaited: the COPY stops at once.
    const stop = () => copy.destroy(new Error('the client went away'));
    body.once('close', stop);
    const pace = new BodyPace(
      {
        idleTimeoutMs: config.ingestIdleTimeoutMs,
        minBytesPerSecond: config.ingestMinBytesPerSecond,
        windowMs: config.ingestRateWindowMs,
      },
      READER_PROBLEMS,
    );
    try {
      await copyToSink(copy, body, pace);
    } finally {
      body.off('close', stop);
    }
  } catch (error) {
    failure = error;
    if (error instanceof UploadError) {
      logger('export').info({ reason: error.message }, 'export reader cut off');
    }
    // The head is out: the only honest answer left is a cut-off body.
    body.destroy();
  } finally {
    release(failure);
  }
  if (failure === undefined) body.end();
}

/** Longest file name stem an export gets from a list's name, in characters. */
const NAME_MAX = 80;

/**
 * A list's name as the stem of a file name: its letters (accents kept), digits and marks,
 * every other run of characters (spaces, slashes, quotes, control characters) one dash, none
 * at either end, at most NAME_MAX characters; "list" when nothing is left. "Q4 buyers list"
 * becomes "Q4-buyers-list", the name the web app gave the file before the service named it.
 */
export function fileSafeName(name: string): string {
  const stem = [
    ...name
      .normalize('NFC')
      .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, ''),
  ]
    .slice(0, NAME_MAX)
    .join('')
    .replace(/-+$/, '');
  return stem || 'list';
}

/**
 * The ASCII form of a file name for clients that do not read RFC 6266's `filename*`: accents
 * dropped (Müller: Muller), any other character outside letters, digits, dots and dashes a
 * dash; "export" when nothing is left.
 */
export function asciiFileName(filename: string): string {
  const ascii = filename
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^A-Za-z0-9.]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .replace(/-+\./g, '.');
  return ascii || 'export';
}

/** The extension of an export plan's file name: "csv" or "ndjson". */
const extensionOf = (filename: string): string => filename.slice(filename.lastIndexOf('.') + 1);

/**
 * The streamed exports (read scope, the caller's workspace only): a list's members and a
 * run's changes, as CSV or NDJSON, on a pool of their own (EXPORT_CONNECTIONS) with at most
 * EXPORT_CONNECTIONS_PER_WORKSPACE at once per workspace in this process (one more throws
 * ExportsBusyError). The history service checks access and the format and writes the COPY.
 */
export function createExportService(
  { config, database }: ServiceDeps,
  history: Pick<HistoryService, 'listMembersExport' | 'runChangesExport'>,
) {
  const slots = new ExportSlots(config.exportConnectionsPerWorkspace);

  async function stream(caller: Caller, plan: ExportPlan, sink: ExportSink): Promise<void> {
    const giveBack = slots.take(caller.workspaceId);
    if (!giveBack) throw new ExportsBusyError(slots.perWorkspace);
    try {
      await streamExport(database.exportPool, config, sink, plan);
    } finally {
      giveBack();
    }
  }

  return {
    /**
     * A list's members (`listId` a database id; null when the URL names none), in a file
     * named after the list: `<list name>-members.csv`.
     */
    async listMembers(
      caller: Caller,
      input: { listId: string | null; format: string | null },
      sink: ExportSink,
    ): Promise<void> {
      const plan = await history.listMembersExport(caller, input);
      const found = await database.pool.query<{ name: string }>(
        'select name from static_list where workspace_id = $1 and id = $2',
        [caller.workspaceId, input.listId],
      );
      const name = found.rows[0]?.name;
      const filename = name
        ? `${fileSafeName(name)}-members.${extensionOf(plan.filename)}`
        : plan.filename;
      await stream(caller, { ...plan, filename }, sink);
    },

    /**
     * A run's changes (`runId` a database id; null when the URL names none), in a file named
     * after the run's list and when the run started (UTC): a run of Q4 buyers list gives
     * `Q4-buyers-list-run-2026-12-05-041012-changes.csv`.
     */
    async runChanges(
      caller: Caller,
      input: { runId: string | null; format: string | null },
      sink: ExportSink,
    ): Promise<void> {
      const plan = await history.runChangesExport(caller, input);
      const found = await database.pool.query<{ name: string; at: string }>(
        `select l.name, to_char(coalesce(r.started_at, r.created_at) at time zone 'UTC',
                  'YYYY-MM-DD-HH24MISS') as at
           from sync_run r
           join sync_job j on j.workspace_id = r.workspace_id and j.id = r.sync_job_id
           join static_list l on l.workspace_id = j.workspace_id and l.id = j.list_id
          where r.workspace_id = $1 and r.id = $2`,
        [caller.workspaceId, input.runId],
      );
      const run = found.rows[0];
      const filename = run
        ? `${fileSafeName(run.name)}-run-${run.at}-changes.${extensionOf(plan.filename)}`
        : plan.filename;
      await stream(caller, { ...plan, filename }, sink);
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
