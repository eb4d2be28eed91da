import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Config } from '../config.js';
import { checkOut } from '../db/transaction.js';
import { BodyPace, type PaceProblems } from '../ingest/pace.js';
import { UploadError } from '../ingest/records.js';
import { logger } from '../observability/log.js';
import type { ExportPlan } from '../services/history.js';

/** What ends a reader that is too slow; only logged, since the headers are already out. */
const READER_PROBLEMS: PaceProblems = {
  idle: (ms) => new UploadError(408, `The reader took nothing for ${ms} ms`, 'REQUEST_TIMEOUT'),
  slow: (floor) =>
    new UploadError(408, `The reader took less than ${floor} bytes per second`, 'REQUEST_TIMEOUT'),
};

/** Resolves when `res` has written out what it buffered; rejects when its client is gone. */
function drained(res: ServerResponse): Promise<void> {
  if (res.destroyed) return Promise.reject(new Error('the client went away'));
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new Error('the client went away'));
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/**
 * Writes the COPY's output to the response, waiting for the client whenever the response
 * buffers are full. Only those waits count against the reader's pace (a wait for the
 * database is not the client's fault); each is credited with the bytes written since the
 * one before, which the client took in the meantime.
 */
async function copyToClient(copy: Readable, res: ServerResponse, pace: BodyPace): Promise<void> {
  let written = 0;
  for await (const chunk of copy as AsyncIterable<Buffer>) {
    written += chunk.length;
    if (res.write(chunk)) continue;
    const taken = written;
    written = 0;
    await pace.next(drained(res), () => taken);
  }
}

/**
 * Streams one export: a `COPY ... TO STDOUT` on a connection of the export pool, written to
 * the response as fast as the client reads, so memory stays flat for any size. A reader that
 * takes nothing for INGEST_IDLE_TIMEOUT_MS, or less than INGEST_MIN_BYTES_PER_SECOND over
 * INGEST_RATE_WINDOW_MS of waiting for it, is cut off like a slow uploader, and so is one
 * that goes away: its connection is destroyed (a COPY cut short leaves it mid-statement).
 * The connection goes back as soon as the COPY is over; the last buffered bytes then reach
 * the client without holding it.
 */
export async function streamExport(
  pool: pg.Pool,
  config: Pick<Config, 'ingestIdleTimeoutMs' | 'ingestMinBytesPerSecond' | 'ingestRateWindowMs'>,
  res: ServerResponse,
  plan: ExportPlan,
): Promise<void> {
  const { client, release } = await checkOut(pool);
  let failure: unknown;
  try {
    const copy = client.query(copyTo(plan.copySql));
    res.writeHead(200, {
      'content-type': plan.contentType,
      'content-disposition': `attachment; filename="${plan.filename}"`,
      'cache-control': 'no-store',
    });
    // Nothing moving either way for this long (a database that stalls) ends the export too.
    res.setTimeout(config.ingestIdleTimeoutMs, () => res.destroy());
    // A client gone while the COPY is awaited: the COPY stops at once.
    const stop = () => copy.destroy(new Error('the client went away'));
    res.once('close', stop);
    const pace = new BodyPace(
      {
        idleTimeoutMs: config.ingestIdleTimeoutMs,
        minBytesPerSecond: config.ingestMinBytesPerSecond,
        windowMs: config.ingestRateWindowMs,
      },
      READER_PROBLEMS,
    );
    try {
      await copyToClient(copy, res, pace);
    } finally {
      res.off('close', stop);
    }
  } catch (error) {
    failure = error;
    if (error instanceof UploadError) {
      logger('export').info({ reason: error.message }, 'export reader cut off');
    }
    // Headers are out: the only honest answer left is a cut-off body.
    res.destroy();
  } finally {
    release(failure);
  }
  if (failure === undefined) res.end();
}
