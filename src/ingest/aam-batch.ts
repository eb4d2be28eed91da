import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { aamExternalId } from './aam-realtime.js';
import type { CopyBatch } from './copy-batch.js';
import { JsonItems } from './json-values.js';
import { LineSplitter } from './lines.js';
import { ecidOf, latestAccepted, MAX_FUTURE_SKEW_MS, StatementSink } from './native-statements.js';
import { UploadError } from './records.js';

/**
 * An Audience Manager batch outbound file name,
 * `[SYNC_TYPE]_[DID]_[MASTER_DPID][_PID_ALIAS]_[iter|full]_<13-digit ms>[SPLITNUM].sync[.gz]`
 * or the set's control file `...<13-digit ms>.info`.
 */
export interface AamFileName {
  /** The name as sent, and without `.gz` (how a control file lists it). */
  fileName: string;
  /** The set: the name up to its timestamp (parts of one set share it). */
  setName: string;
  destinationId: string;
  kind: 'iter' | 'full';
  /** The file's qualification time: its timestamp. */
  at: Date;
  /** The split number (0 for the first part, which has none). */
  split: number;
  control: boolean;
  gzip: boolean;
}

const FILE_NAME =
  /^([A-Za-z0-9]+)_(\d+)_(\d+)(?:_([^/\\]+?))?_(iter|full)_(\d{13})(\d{3,})?\.(sync|sync\.gz|info)$/;

/** Parses a file name; 400 for anything that is not Audience Manager's. */
export function parseAamFileName(raw: string | null): AamFileName {
  const name = (raw ?? '').trim();
  const match = FILE_NAME.exec(name);
  if (!match) {
    throw new UploadError(
      'BAD_REQUEST',
      'filename must be an Audience Manager outbound file name: [SYNC_TYPE]_[DID]_[MASTER_DPID][_PID_ALIAS]_[iter|full]_<13-digit ms timestamp>[SPLITNUM].sync[.gz] or its .info control file',
    );
  }
  const [, syncType, did, dpid, alias, kind, timestamp, split, extension] = match;
  if (Number(timestamp) > latestAccepted(new Date())) {
    throw new UploadError(
      'BAD_REQUEST',
      `The file name's timestamp ${timestamp} is in the future (more than ${MAX_FUTURE_SKEW_MS / 60_000} minutes ahead): its statements would outrank every later one`,
    );
  }
  if (extension === 'info' && split !== undefined) {
    throw new UploadError(
      'BAD_REQUEST',
      'A control file (.info) names its set, without a split number',
    );
  }
  const setName = `${syncType}_${did}_${dpid}${alias ? `_${alias}` : ''}_${kind}_${timestamp}`;
  return {
    fileName: name.replace(/\.gz$/, ''),
    setName,
    destinationId: did,
    kind: kind as 'iter' | 'full',
    at: new Date(Number(timestamp)),
    split: split === undefined ? 0 : Number(split),
    control: extension === 'info',
    gzip: extension === 'sync.gz',
  };
}

/**
 * The lines of a `.sync` file: `<ECID> <segment ids> [<removed segment ids>]`, fields split
 * by any run of spaces or tabs, ids comma-separated; each becomes statements at the file's
 * time (listed: member, removed: not). Also counts the lines and checksums the content, for
 * the control file of a full set.
 */
export function aamSyncReader(batch: CopyBatch, at: string, room?: () => Promise<void>) {
  const sink = new StatementSink(batch, room);
  const md5 = createHash('md5');
  let bytes = 0;
  const lines = new LineSplitter({
    line(buf, start, end, lineNumber) {
      if (!isUtf8(buf.subarray(start, end))) {
        sink.reject(lineNumber, buf.toString('utf8', start, end), 'invalid UTF-8');
        return;
      }
      const text = buf.toString('utf8', start, end).trim();
      if (text === '') return;
      const fields = text.split(/[ \t]+/);
      if (fields.length > 3) {
        sink.reject(lineNumber, text, 'expected <ECID> <segment ids> [<removed segment ids>]');
        return;
      }
      const ecid = ecidOf(fields[0]);
      if (!ecid.ok) {
        sink.reject(lineNumber, text, ecid.reason);
        return;
      }
      const segments = (list: string | undefined) => (list ? list.split(',') : []);
      const added = segments(fields[1]);
      const removed = segments(fields[2]);
      if ([...added, ...removed].some((segment) => segment === '')) {
        sink.reject(lineNumber, text, 'empty segment id');
        return;
      }
      for (const segment of added) {
        sink.statement(lineNumber, aamExternalId(segment), null, ecid.value, true, at);
      }
      for (const segment of removed) {
        sink.statement(lineNumber, aamExternalId(segment), null, ecid.value, false, at);
      }
    },
    oversized(head, lineNumber) {
      sink.reject(lineNumber, head.toString('utf8'), 'line longer than 4096 bytes');
    },
  });
  let lineCount = 0;
  let endsWithNewline = true;
  const reader = {
    // A line of a few bytes can make hundreds of statements: the chunk is read a slice at a
    // time, with a turn of the event loop (and a wait for COPY) between slices.
    async push(chunk: Buffer) {
      md5.update(chunk);
      bytes += chunk.length;
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lineCount++;
      endsWithNewline = chunk[chunk.length - 1] === 0x0a;
      await sink.inSlices(chunk, (slice) => lines.push(slice));
    },
    end() {
      lines.end();
    },
  };
  return {
    sink,
    reader,
    /** Lines (a last line without its newline counts), bytes and md5 of the content. */
    content: () => ({
      lineCount: lineCount + (bytes > 0 && !endsWithNewline ? 1 : 0),
      byteSize: bytes,
      md5: md5.digest('hex'),
    }),
  };
}

/** Largest control file read. */
const MAX_CONTROL_BYTES = 1024 * 1024;

/** One entry of a control file's `Files[]`. */
export interface ControlEntry {
  fileName: string;
  lineCount: number;
  md5: string | null;
}

/** A control file as read: its JSON value and the first key it held twice. */
export interface ControlBody {
  value: unknown;
  duplicateKey: string | null;
}

/** Parses a control file's body as it streams (at most MAX_CONTROL_BYTES; 413 beyond). */
export function aamControlReader() {
  let size = 0;
  let body: ControlBody | null = null;
  const items = new JsonItems(
    () => () => 'build',
    (item) => {
      body = { value: item.value, duplicateKey: item.duplicateKey };
    },
    { maxItemBytes: MAX_CONTROL_BYTES },
  );
  const refuse = (error: unknown) =>
    error instanceof UploadError && error.code === 'BAD_REQUEST'
      ? new UploadError('BAD_REQUEST', `The control file is not valid JSON: ${error.message}`)
      : error;
  const reader = {
    push(chunk: Buffer) {
      size += chunk.length;
      if (size > MAX_CONTROL_BYTES) {
        throw new UploadError(
          'PAYLOAD_TOO_LARGE',
          `A control file is at most ${MAX_CONTROL_BYTES} bytes`,
        );
      }
      try {
        items.push(chunk);
      } catch (error) {
        throw refuse(error);
      }
    },
    end() {
      try {
        items.end();
      } catch (error) {
        throw refuse(error);
      }
    },
  };
  return { reader, body: (): ControlBody => body ?? { value: null, duplicateKey: null } };
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return null;
}

/** `object[name]`, the key in any case; a name held twice (in any case) refuses the file. */
function key(object: Record<string, unknown>, name: string): unknown {
  const wanted = name.toLowerCase();
  const found = Object.keys(object).filter((k) => k.toLowerCase() === wanted);
  if (found.length > 1) {
    throw new UploadError('BAD_REQUEST', `The control file holds a duplicate key "${found[1]}"`);
  }
  return found.length === 0 ? undefined : object[found[0]];
}

/**
 * The files a control file lists (`Files[]`: `FileName`, `FileLineCount`, `md5`), checked
 * against `Totals.TotalLineCount` when given. 400 for a body that is not one.
 */
export function parseControlFile(body: ControlBody): ControlEntry[] {
  if (body.duplicateKey !== null) {
    throw new UploadError(
      'BAD_REQUEST',
      `The control file holds a duplicate key "${body.duplicateKey}"`,
    );
  }
  const root = body.value as Record<string, unknown>;
  const files = root && typeof root === 'object' ? key(root, 'Files') : undefined;
  if (!Array.isArray(files) || files.length === 0) {
    throw new UploadError('BAD_REQUEST', 'The control file has no Files[]');
  }
  const entries = files.map((file, index) => {
    const entry = (file !== null && typeof file === 'object' ? file : {}) as Record<
      string,
      unknown
    >;
    const fileName = key(entry, 'FileName');
    const lineCount = numberOf(key(entry, 'FileLineCount'));
    const md5 = key(entry, 'md5');
    if (typeof fileName !== 'string' || lineCount === null) {
      throw new UploadError('BAD_REQUEST', `Files[${index}] needs FileName and FileLineCount`);
    }
    return {
      fileName: fileName.trim().replace(/\.gz$/, ''),
      lineCount,
      md5: typeof md5 === 'string' && md5.trim() !== '' ? md5.trim().toLowerCase() : null,
    };
  });
  const totals = key(root, 'Totals');
  const totalLines =
    totals && typeof totals === 'object'
      ? numberOf(key(totals as Record<string, unknown>, 'TotalLineCount'))
      : null;
  const sum = entries.reduce((total, entry) => total + entry.lineCount, 0);
  if (totalLines !== null && totalLines !== sum) {
    throw new UploadError(
      'CONTROL_FILE_MISMATCH',
      `The control file's Totals.TotalLineCount (${totalLines}) is not the sum of its FileLineCount (${sum}); nothing was applied`,
    );
  }
  return entries;
}
