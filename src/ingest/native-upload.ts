import type pg from 'pg';
import type { CopyBatch } from './copy-batch.js';
import type { NativeMerged } from './native-merge.js';
import type { StatementSink } from './native-statements.js';
import type { BodyReader } from './upload.js';

/** How a native body arrived: its checksum as sent (before gunzip), when it was gzip. */
export interface ReceivedBody {
  rawMd5: string | null;
}

/** A native body being read: its reader, and where its statements and rejections go. */
export interface NativeRead {
  reader: BodyReader;
  /** Null for a body that holds no statements (a control file). */
  sink: StatementSink | null;
}

/**
 * One Adobe-native upload, prepared by its service for the caller: how its body is read
 * (statements are copied into NATIVE_STAGE_TABLE) and how they apply in the upload's
 * transaction. `pending` is set for a full-set file that waits for the rest of its set.
 */
export interface NativePlan<R extends NativeRead = NativeRead> {
  /** The body is gzip whatever its Content-Encoding says (an AAM `.sync.gz` file). */
  gzip: boolean;
  /** `room` waits until COPY can take more rows (see copyBody). */
  read(batch: CopyBatch, room: () => Promise<void>): R;
  apply(
    tx: pg.PoolClient,
    read: R,
    body: ReceivedBody,
  ): Promise<{ merged: NativeMerged; pending?: boolean }>;
}
