import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { checkOut } from '../db/transaction.js';
import type { IdentityChange } from '../sync/changes.js';
import { CopyBatch } from './copy-batch.js';
import { LineSplitter } from './lines.js';
import type { BodyPace } from './pace.js';
import { type LineError, RecordParser, type RecordSpec, type UploadFormat } from './records.js';

/**
 * One upload endpoint, ready to run, as a service prepares it for its caller (access and
 * query parameters already checked): the record it reads, and how the staged rows merge in
 * the upload's transaction and what they changed (the route records its sync triggers).
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
 * Reads an upload and merges it in ONE transaction: every valid record is copied (COPY, in
 * large batches, waiting for the database to drain) into STAGE_TABLE, then `merge` applies
 * them set-based. Memory stays flat whatever the size of the body. If the body breaks off
 * (client disconnect), is too slow (`pace`), the database fails, or `merge` throws, the
 * connection is destroyed before COMMIT, so PostgreSQL rolls everything back.
 */
export async function runUpload<T>(
  pool: pg.Pool,
  body: Readable,
  pace: BodyPace,
  spec: RecordSpec,
  format: UploadFormat,
  merge: (client: pg.PoolClient, rows: StagedRows) => Promise<T>,
): Promise<{ rows: StagedRows; merged: T }> {
  const { client, release } = await checkOut(pool);
  try {
    await client.query('BEGIN');
    const rows = await stage(client, body, pace, spec, format);
    const merged = await merge(client, rows);
    await client.query('COMMIT');
    release();
    return { rows, merged };
  } catch (error) {
    // Destroying the connection aborts the open transaction and any COPY in flight.
    release(error);
    throw error;
  }
}

async function stage(
  client: pg.PoolClient,
  body: Readable,
  pace: BodyPace,
  spec: RecordSpec,
  format: UploadFormat,
): Promise<StagedRows> {
  const columns = spec.columns.map((column) => `${column.column} text`);
  const names = spec.columns.map((column) => column.column);
  if (spec.withLineNumber) {
    columns.push('line int');
    names.push('line');
  }
  await client.query(`CREATE TEMP TABLE ${STAGE_TABLE} (${columns.join(', ')}) ON COMMIT DROP`);
  const copy: Writable = client.query(
    copyFrom(`COPY ${STAGE_TABLE} (${names.join(', ')}) FROM STDIN`),
  );
  let copyError: Error | undefined;
  copy.on('error', (error) => {
    copyError ??= error;
  });
  const batch = new CopyBatch((chunk) => copy.write(chunk));
  const parser = new RecordParser(spec, format, batch);
  const lines = new LineSplitter(parser);
  // On failure the body stays open (not destroyed), so the error can still be answered.
  const chunks = body.iterator({ destroyOnReturn: false });
  const sizeOf = (next: IteratorResult<Buffer>) => (next.done ? 0 : next.value.length);
  for (;;) {
    const next = await pace.next(chunks.next(), sizeOf);
    if (next.done) break;
    lines.push(next.value);
    if (copyError) throw copyError;
    // Backpressure: read no further while the database is behind.
    if (copy.writableNeedDrain) await once(copy, 'drain');
  }
  lines.end();
  batch.flush();
  copy.end();
  await finished(copy);
  return { staged: parser.staged, rejected: parser.rejected, errors: parser.errors };
}
