import { isUtf8 } from 'node:buffer';
import type { HttpErrorCode } from '../domain/errors.js';
import type { CopyBatch } from './copy-batch.js';
import { parseJsonBytes } from './json-values.js';
import type { LineHandler } from './lines.js';

/** text/plain and text/csv share one reader (comma-separated, optional header); NDJSON is one object per line. */
export type UploadFormat = 'text' | 'ndjson';

export type FieldCheck = (
  raw: string,
) => { ok: true; value: string | null } | { ok: false; reason: string };

export interface ColumnSpec {
  /** Name in a header line or NDJSON key, matched ignoring case, spaces, `_` and `-`. */
  name: string;
  /** Its column in the staging table (every staged value is text). */
  column: string;
  optional?: boolean;
  /**
   * Staged in the "C" collation, as the identity column it merges into is
   * (Migration20261205070000): the merge's sort then follows that column's index, and
   * comparisons are byte comparisons, not the database locale's.
   */
  byteOrder?: boolean;
  /**
   * Validates and normalises one value (already trimmed). It must refuse what `checkText`
   * (src/domain/validation.ts) refuses, as every check there does: COPY cannot carry a NUL (the
   * whole upload would fail) and a lone surrogate would be written as U+FFFD.
   */
  check: FieldCheck;
}

/** The record of one endpoint: its columns in their default order, as staged for COPY. */
export interface RecordSpec {
  columns: ColumnSpec[];
  /** Also stage each row's line number, for merges where the latest line wins. */
  withLineNumber?: boolean;
  /**
   * Optional fast path for a line in the default column order: if the bytes form a valid
   * record that needs no normalising, appends it to `out` and returns true. Returning false
   * hands the line to the general path, which decides (and explains a rejection).
   */
  fastLine?: (buf: Buffer, start: number, end: number, out: CopyBatch) => boolean;
}

export interface LineError {
  line: number;
  value: string;
  reason: string;
}

/**
 * The upload as a whole is unusable (for example a header without a required column), or its
 * body too slow or cut off by a shutdown: its code says which (the HTTP edge maps codes to
 * statuses, src/http/errors.ts).
 */
export class UploadError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/** At most this many line errors are listed in the answer; all are counted. */
export const MAX_LISTED_ERRORS = 100;
const MAX_ERROR_VALUE_CHARS = 200;

const TAB = 0x09;
const NEWLINE = 0x0a;
const SPACE = 0x20;

const normalizeName = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Splits a CSV line into fields (RFC 4180 quoting: `"a, b"`, `""` for a quote); null when a
 * quote is not closed or is followed by something other than a comma.
 */
export function splitCsv(line: string): string[] | null {
  if (!line.includes('"')) return line.split(',');
  const fields: string[] = [];
  let pos = 0;
  for (;;) {
    while (line[pos] === ' ' || line[pos] === '\t') pos++;
    if (line[pos] === '"') {
      let value = '';
      let from = pos + 1;
      for (;;) {
        const quote = line.indexOf('"', from);
        if (quote === -1) return null;
        value += line.slice(from, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          from = quote + 2;
          continue;
        }
        pos = quote + 1;
        break;
      }
      while (line[pos] === ' ' || line[pos] === '\t') pos++;
      fields.push(value);
      if (pos === line.length) return fields;
      if (line[pos] !== ',') return null;
      pos++;
    } else {
      const comma = line.indexOf(',', pos);
      if (comma === -1) {
        fields.push(line.slice(pos));
        return fields;
      }
      fields.push(line.slice(pos, comma));
      pos = comma + 1;
    }
  }
}

function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const byte = buf[i];
    if (byte !== SPACE && byte !== TAB) return false;
  }
  return true;
}

function startsWithBom(buf: Buffer, start: number, end: number): boolean {
  return (
    end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf
  );
}

function shorten(text: string): string {
  return text.length > MAX_ERROR_VALUE_CHARS ? `${text.slice(0, MAX_ERROR_VALUE_CHARS)}…` : text;
}

/**
 * Turns lines into staged rows: skips blank lines and an optional header, validates each
 * record, appends valid ones to the COPY batch and records why the others were rejected.
 */
export class RecordParser implements LineHandler {
  /** Valid records appended to the batch. */
  staged = 0;
  rejected = 0;
  readonly errors: LineError[] = [];

  private readonly byName: Map<string, number>;
  /** Column index of each field position (the default order until a header says otherwise). */
  private fieldColumns: number[];
  private fast: boolean;
  private seenRecord = false;
  private readonly values: (string | null)[];

  constructor(
    private readonly spec: RecordSpec,
    private readonly format: UploadFormat,
    private readonly out: CopyBatch,
  ) {
    this.byName = new Map(spec.columns.map((column, index) => [normalizeName(column.name), index]));
    this.fieldColumns = spec.columns.map((_, index) => index);
    this.fast = format === 'text' && spec.fastLine !== undefined;
    this.values = spec.columns.map(() => null);
  }

  line(buf: Buffer, lineStart: number, end: number, lineNumber: number): void {
    // Spreadsheet exports often begin with a UTF-8 byte order mark.
    const start =
      lineNumber === 1 && startsWithBom(buf, lineStart, end) ? lineStart + 3 : lineStart;
    if (isBlank(buf, start, end)) return;
    const first = !this.seenRecord;
    this.seenRecord = true;
    if (this.fast && this.spec.fastLine!(buf, start, end, this.out)) {
      this.staged++;
      return;
    }
    if (!isUtf8(buf.subarray(start, end))) {
      this.reject(lineNumber, buf.toString('utf8', start, end), 'invalid UTF-8');
      return;
    }
    const text = buf.toString('utf8', start, end);
    if (this.format === 'ndjson') {
      this.ndjsonRecord(buf, start, end, text, lineNumber);
      return;
    }
    const fields = splitCsv(text);
    if (!fields) {
      this.reject(lineNumber, text, 'unbalanced quotes');
      return;
    }
    if (first && this.header(fields)) return;
    if (fields.length > this.fieldColumns.length) {
      this.reject(lineNumber, text, `expected at most ${this.fieldColumns.length} fields`);
      return;
    }
    this.values.fill(null);
    for (let i = 0; i < fields.length; i++) this.values[this.fieldColumns[i]] = fields[i].trim();
    this.record(text, lineNumber);
  }

  oversized(head: Buffer, lineNumber: number): void {
    this.seenRecord = true;
    this.reject(lineNumber, head.toString('utf8'), 'line longer than 4096 bytes');
  }

  /** Whether the first line names the columns; if so, fields are read in its order. */
  private header(fields: string[]): boolean {
    const columns = fields.map((field) => this.byName.get(normalizeName(field.trim())));
    if (columns.some((column) => column === undefined)) return false;
    const indexes = columns as number[];
    if (new Set(indexes).size !== indexes.length) return false;
    const missing = this.spec.columns.filter(
      (column, index) => !column.optional && !indexes.includes(index),
    );
    if (missing.length > 0) {
      throw new UploadError(
        'BAD_REQUEST',
        `The header line lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((c) => c.name).join(', ')}`,
      );
    }
    this.fieldColumns = indexes;
    this.fast &&= indexes.every((column, position) => column === position);
    return true;
  }

  /**
   * One NDJSON record, parsed as every JSON input is (src/ingest/json-values.ts): nested at most
   * MAX_JSON_DEPTH deep, and a key held twice, exactly or as keys are compared here, rejects
   * the line rather than one of its values silently winning.
   */
  private ndjsonRecord(buf: Buffer, start: number, end: number, text: string, lineNumber: number) {
    const parsed = parseJsonBytes(buf, start, end);
    if (!parsed.ok) {
      this.reject(lineNumber, text, parsed.reason);
      return;
    }
    const record = parsed.value;
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      this.reject(lineNumber, text, 'expected a JSON object');
      return;
    }
    if (parsed.duplicateKey !== null) {
      this.reject(lineNumber, text, `duplicate key "${parsed.duplicateKey}"`);
      return;
    }
    this.values.fill(null);
    const seen = new Set<number>();
    for (const [key, value] of Object.entries(record)) {
      const index = this.byName.get(normalizeName(key));
      if (index === undefined) continue;
      if (seen.has(index)) {
        this.reject(
          lineNumber,
          text,
          `duplicate key "${key}" (keys are compared ignoring case, spaces, "_" and "-")`,
        );
        return;
      }
      seen.add(index);
      if (value === null) continue;
      if (typeof value !== 'string') {
        this.reject(lineNumber, text, `${this.spec.columns[index].name} must be a string`);
        return;
      }
      this.values[index] = value.trim();
    }
    this.record(text, lineNumber);
  }

  /** Validates `this.values` (raw, by column) and stages the record, or rejects the line. */
  private record(text: string, lineNumber: number): void {
    const { columns } = this.spec;
    const named = columns.length > 1;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i];
      const raw = this.values[i];
      if (raw === null || raw === '') {
        if (column.optional) {
          this.values[i] = null;
          continue;
        }
        this.reject(lineNumber, text, `${column.name} is missing`);
        return;
      }
      const checked = column.check(raw);
      if (!checked.ok) {
        this.reject(lineNumber, text, named ? `${column.name}: ${checked.reason}` : checked.reason);
        return;
      }
      this.values[i] = checked.value;
    }
    // Escaping at most doubles a value; values never outgrow the line they came from by more.
    this.out.reserve(2 * Buffer.byteLength(text) + 32);
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) this.out.byte(TAB);
      this.out.value(this.values[i]);
    }
    if (this.spec.withLineNumber) {
      this.out.byte(TAB);
      this.out.value(String(lineNumber));
    }
    this.out.byte(NEWLINE);
    this.staged++;
  }

  private reject(lineNumber: number, value: string, reason: string): void {
    this.rejected++;
    if (this.errors.length < MAX_LISTED_ERRORS) {
      this.errors.push({ line: lineNumber, value: shorten(value), reason });
    }
  }
}
