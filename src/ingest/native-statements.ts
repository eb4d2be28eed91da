import { checkEcid, checkName } from '../services/validation.js';
import type { CopyBatch } from './copy-batch.js';
import { type LineError, MAX_LISTED_ERRORS } from './records.js';

const TAB = 0x09;
const NEWLINE = 0x0a;
const MAX_ERROR_VALUE_CHARS = 200;

/** A membership statement's qualification time, or why it is not one. */
export type CheckedTime = { ok: true; iso: string } | { ok: false; reason: string };

/**
 * A qualification time as Adobe sends it: ISO-8601 (a time without a zone is UTC, as Audience
 * Manager writes it), the date string of AAM's `ProcessTime`, or milliseconds since 1970.
 */
export function checkTime(raw: unknown): CheckedTime {
  let ms: number;
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    ms = raw;
  } else if (typeof raw === 'string' && raw.trim() !== '') {
    const text = raw.trim();
    if (/^\d{10,13}$/.test(text)) ms = Number(text) * (text.length === 13 ? 1 : 1000);
    else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text))
      ms = Date.parse(`${text}Z`);
    else ms = Date.parse(text);
  } else {
    return { ok: false, reason: 'must be an ISO-8601 date-time' };
  }
  if (!Number.isFinite(ms) || ms < 0 || ms > 253402300799999) {
    return { ok: false, reason: `"${String(raw).slice(0, 50)}" is not a date-time` };
  }
  return { ok: true, iso: new Date(ms).toISOString() };
}

function shorten(text: string): string {
  return text.length > MAX_ERROR_VALUE_CHARS ? `${text.slice(0, MAX_ERROR_VALUE_CHARS)}…` : text;
}

/**
 * Collects the membership statements of one native upload as COPY rows of
 * NATIVE_STAGE_TABLE, in order, and the items (profiles, users, lines) or statements it
 * rejects, each by the 1-based position of its item.
 */
export class StatementSink {
  /** Statements copied (each one ECID in or out of one audience). */
  staged = 0;
  rejected = 0;
  readonly errors: LineError[] = [];

  constructor(private readonly out: CopyBatch) {}

  /**
   * Stages one statement; `externalId` and `name` are checked here (a bad one rejects the
   * statement), the ECID and the time are already valid.
   */
  statement(
    item: number,
    externalId: string,
    name: string | null,
    ecid: string,
    member: boolean,
    qualifiedAt: string,
  ): void {
    const id = checkName(externalId);
    if (!id.ok) {
      this.reject(item, externalId, `audience id: ${id.reason}`);
      return;
    }
    let checkedName: string | null = null;
    if (name !== null) {
      const named = checkName(name);
      if (!named.ok) {
        this.reject(item, name, `audience name: ${named.reason}`);
        return;
      }
      checkedName = named.value;
    }
    this.out.reserve(2 * (id.value.length + (checkedName?.length ?? 0)) * 3 + 128);
    this.out.value(id.value);
    this.out.byte(TAB);
    this.out.value(checkedName);
    this.out.byte(TAB);
    this.out.value(ecid);
    this.out.byte(TAB);
    this.out.value(member ? 't' : 'f');
    this.out.byte(TAB);
    this.out.value(qualifiedAt);
    this.out.byte(TAB);
    this.out.value(String(this.staged));
    this.out.byte(NEWLINE);
    this.staged++;
  }

  reject(item: number, value: string, reason: string): void {
    this.rejected++;
    if (this.errors.length < MAX_LISTED_ERRORS) {
      this.errors.push({ line: item, value: shorten(value), reason });
    }
  }
}

/** The ECID of `raw` when it is one (a string or a number of 38 digits), else the reason. */
export function ecidOf(raw: unknown): { ok: true; value: string } | { ok: false; reason: string } {
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    return { ok: false, reason: 'ECID must be a string of 38 digits' };
  }
  const checked = checkEcid(String(raw).trim());
  return checked.ok ? { ok: true, value: checked.value as string } : checked;
}
