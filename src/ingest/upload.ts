import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { IdentityChange } from '../sync/changes.js';
import { CopyBatch } from './copy-batch.js';
import { LineSplitter } from './lines.js';
import type { BodyPace } from './pace.js';
import {
  type LineError,
  RecordParser,
  type RecordSpec,
  UploadError,
  type UploadFormat,
} from './records.js';

/**
 * One upload endpoint, ready to run, as a service prepares it for its caller (access and
 * query parameters already checked): the record it reads, and how the staged rows merge in
 * the upload's transaction and what they changed (the upload service records its sync
 * triggers, src/services/uploads.ts).
 */
export interface UploadPlan {
  spec: RecordSpec;
  merge(
    tx: pg.PoolClient,
    staged: number,
  ): Promise<{ accepted: number; duplicates: number; change: IdentityChange | null }>;
}

/** The temporary table an upload is copied into; dropped when its transaction ends. */
export const STAGE_TABLE = 'ingest_stage';

export interface StagedRows {
  /** Valid records copied into the staging table (repeats included). */
  staged: number;
  rejected: number;
  /** The first rejected lines, in order. */
  errors: LineError[];
}

/**
 * Creates STAGE_TABLE for `spec` and copies every valid record of the body into it (COPY, in
 * large batches, waiting for the database to drain), in the caller's transaction; rejected
 * lines are counted and the first ones listed. Memory stays flat whatever the size of the body.
 */
export async function stageRecords(
  client: pg.PoolClient,
  body: Readable,
  pace: BodyPace,
  spec: RecordSpec,
  format: UploadFormat,
): Promise<StagedRows> {
  const columns = spec.columns.map(
    (column) => `${column.column} text${column.byteOrder ? ' COLLATE "C"' : ''}`,
  );
  const names = spec.columns.map((column) => column.column);
  if (spec.withLineNumber) {
    columns.push('line int');
    names.push('line');
  }
  let parser: RecordParser | undefined;
  await copyBody(client, body, pace, STAGE_TABLE, columns.join(', '), (batch) => {
    parser = new RecordParser(spec, format, batch);
    return new LineSplitter(parser);
  });
  const { staged, rejected, errors } = parser as RecordParser;
  return { staged, rejected, errors };
}

/**
 * What turns body chunks into COPY rows (written to the batch it was made with). A reader
 * that may make many rows from one chunk returns a promise, and waits for `room` (see
 * copyBody) between its rows: the next chunk is read once it settles.
 */
export interface BodyReader {
  push(chunk: Buffer): void | Promise<void>;
  /** The body ended; flushes what is left (may throw to refuse the whole body). */
  end(): void | Promise<void>;
}

/**
 * Creates the temporary `table` (`columns` as in CREATE TABLE; dropped at COMMIT) and streams
 * the body into it: each chunk, read within the pace limits, goes to the reader `makeReader`
 * builds, whose rows go out by COPY in large batches, waiting for the database to drain.
 * Memory stays flat whatever the size of the body.
 */
export async function copyBody(
  client: pg.PoolClient,
  body: Readable,
  pace: BodyPace,
  table: string,
  columns: string,
  makeReader: (batch: CopyBatch, room: () => Promise<void>) => BodyReader,
): Promise<void> {
  await client.query(`CREATE TEMP TABLE ${table} (${columns}) ON COMMIT DROP`);
  const names = columns.split(',').map((column) => column.trim().split(/\s+/)[0]);
  const copy: Writable = client.query(copyFrom(`COPY ${table} (${names.join(', ')}) FROM STDIN`));
  let copyError: Error | undefined;
  copy.on('error', (error) => {
    copyError ??= error;
  });
  const batch = new CopyBatch((chunk) => copy.write(chunk));
  // Waits while the database is behind, else for one turn of the event loop.
  const room = async () => {
    if (copyError) throw copyError;
    if (copy.writableNeedDrain) await once(copy, 'drain');
    else await new Promise((resolve) => setImmediate(resolve));
  };
  const reader = makeReader(batch, room);
  // On failure the body stays open (not destroyed), so the error can still be answered.
  const chunks = body.iterator({ destroyOnReturn: false });
  const sizeOf = (next: IteratorResult<Buffer>) => (next.done ? 0 : next.value.length);
  for (;;) {
    const next = await pace.next(chunks.next(), sizeOf);
    if (next.done) break;
    await reader.push(next.value);
    if (copyError) throw copyError;
    // Backpressure: read no further while the database is behind.
    if (copy.writableNeedDrain) await once(copy, 'drain');
  }
  await reader.end();
  batch.flush();
  copy.end();
  await finished(copy);
}

/**
 * Whether an upload's Content-Encoding (absent: identity) says gzip; any other encoding is
 * refused (UNSUPPORTED_MEDIA_TYPE).
 */
export function isGzipEncoding(contentEncoding: string | undefined): boolean {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return false;
  if (encoding === 'gzip') return true;
  throw new UploadError('UNSUPPORTED_MEDIA_TYPE', 'Content-Encoding must be gzip or absent');
}

/**
 * The body as a byte stream, decompressed when gzip. A gzip body that is cut short or not
 * gzip at all makes the gunzip stream fail; that failure reaches the upload's read of the
 * body (and its BAD_REQUEST answer) and never escapes as an unhandled 'error' event. The raw
 * body is not destroyed with it, so the answer can still be written.
 */
export function decodedBody(raw: Readable, gzip: boolean): Readable {
  if (!gzip) return raw;
  const gunzip = createGunzip();
  gunzip.on('error', () => undefined);
  raw.on('error', (error) => gunzip.destroy(error));
  raw.pipe(gunzip);
  return gunzip;
}
