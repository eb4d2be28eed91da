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
    /** A list's members (`listId` a database id; null when the URL names none). */
    async listMembers(
      caller: Caller,
      input: { listId: string | null; format: string | null },
      sink: ExportSink,
    ): Promise<void> {
      await stream(caller, await history.listMembersExport(caller, input), sink);
    },

    /** A run's changes (`runId` a database id; null when the URL names none). */
    async runChanges(
      caller: Caller,
      input: { runId: string | null; format: string | null },
      sink: ExportSink,
    ): Promise<void> {
      await stream(caller, await history.runChangesExport(caller, input), sink);
    },
  };
}

export type ExportService = ReturnType<typeof createExportService>;
