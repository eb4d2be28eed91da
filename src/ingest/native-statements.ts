import { checkEcid, checkName } from '../domain/validation.js';
import type { CopyBatch } from './copy-batch.js';
import { type LineError, MAX_LISTED_ERRORS } from './records.js';
import type { BodyReader } from './upload.js';

const TAB = 0x09;
const NEWLINE = 0x0a;
const MAX_ERROR_VALUE_CHARS = 200;

/** A membership statement's qualification time, or why it is not one. */
export type CheckedTime = { ok: true; iso: string } | { ok: false; reason: string };

/**
 * How far ahead of the receiving clock a qualification time may be (clocks drift). A later
 * time would outrank every real statement of the pair until that date, so it is refused.
 */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

/** Most statements one item (AEP profile, AAM real-time user) may make. */
export const MAX_ITEM_STATEMENTS = 10_000;

/** Statements staged between two turns of the event loop (and checks of COPY's backlog). */
const STATEMENTS_PER_TURN = 1_000;

/** The part of a body chunk read between two turns of the event loop. */
const SLICE_BYTES = 16 * 1024;

/** The latest time ahead of `now` accepted for a statement. */
export function latestAccepted(now: Date | string): number {
  return new Date(now).getTime() + MAX_FUTURE_SKEW_MS;
}

/**
 * A qualification time as Adobe sends it: ISO-8601 (a time without a zone is UTC, as Audience
 * Manager writes it), the date string of AAM's `ProcessTime`, or an epoch, a number or a
 * string of digits read alike: up to 10 digits are seconds, 13 are milliseconds. A time
 * more than MAX_FUTURE_SKEW_MS ahead of `now` (the request's arrival) is refused.
 */
export function checkTime(raw: unknown, now: Date | string): CheckedTime {
  let ms: number;
  const epoch =
    typeof raw === 'number' && Number.isInteger(raw) && raw >= 0
      ? String(raw)
      : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw)
        ? raw.trim()
        : null;
  if (epoch !== null) {
    if (epoch.length <= 10) ms = Number(epoch) * 1000;
    else if (epoch.length === 13) ms = Number(epoch);
    else {
      return {
        ok: false,
        reason: `"${epoch.slice(0, 50)}" is not a date-time (an epoch is up to 10 digits of seconds or 13 of milliseconds)`,
      };
    }
  } else if (typeof raw === 'string' && raw.trim() !== '') {
    const text = raw.trim();
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) ms = Date.parse(`${text}Z`);
    else ms = Date.parse(text);
  } else {
    return { ok: false, reason: 'must be an ISO-8601 date-time' };
  }
  if (!Number.isFinite(ms) || ms < 0 || ms > 253402300799999) {
    return { ok: false, reason: `"${String(raw).slice(0, 50)}" is not a date-time` };
  }
  if (ms > latestAccepted(now)) {
    return {
      ok: false,
      reason: `"${String(raw).slice(0, 50)}" is in the future (more than ${MAX_FUTURE_SKEW_MS / 60_000} minutes ahead)`,
    };
  }
  return { ok: true, iso: new Date(ms).toISOString() };
}

/** Lets the event loop run what is waiting before going on. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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

  private sinceTurn = 0;

  /**
   * `room` waits until the COPY stream can take more (and lets other requests run): statements
   * are staged in turns of STATEMENTS_PER_TURN, never all of a large request at once.
   */
  constructor(
    private readonly out: CopyBatch,
    private readonly room: () => Promise<void> = nextTurn,
  ) {}

  /** After every STATEMENTS_PER_TURN statements, waits for room (see the constructor). */
  async breathe(): Promise<void> {
    if (this.sinceTurn < STATEMENTS_PER_TURN) return;
    this.sinceTurn = 0;
    await this.room();
  }

  /**
   * Hands `chunk` to `read` a slice of SLICE_BYTES at a time, waiting for room between slices:
   * however large the chunk the body arrives in, no slice of parsing holds the event loop for
   * more than a few milliseconds.
   */
  async inSlices(chunk: Buffer, read: (slice: Buffer) => void | Promise<void>): Promise<void> {
    for (let start = 0; start < chunk.length; start += SLICE_BYTES) {
      if (start > 0) {
        this.sinceTurn = 0;
        await this.room();
      }
      await read(chunk.subarray(start, start + SLICE_BYTES));
    }
  }

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
    this.sinceTurn++;
  }

  reject(item: number, value: string, reason: string): void {
    this.rejected++;
    this.sinceTurn++;
    if (this.errors.length < MAX_LISTED_ERRORS) {
      this.errors.push({ line: item, value: shorten(value), reason });
    }
  }
}

/**
 * The body reader of an item-by-item native format (AEP profiles, AAM real-time users): each
 * chunk is parsed a slice at a time (StatementSink.inSlices), and the items a slice completed,
 * which the parser pushes onto `queue`, are staged before the next slice is read, so parsing
 * and staging take turns and nothing piles up. `checkEnd` runs once the last items are staged.
 */
export function stagingReader<T>(
  sink: StatementSink,
  parser: { push(slice: Buffer): void; end(): void },
  queue: T[],
  stage: (queued: T) => Promise<void>,
  checkEnd: () => void = () => {},
): BodyReader {
  const stageQueued = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await stage(next);
      await sink.breathe();
    }
  };
  return {
    push(chunk) {
      return sink.inSlices(chunk, (slice) => {
        parser.push(slice);
        return stageQueued();
      });
    },
    async end() {
      parser.end();
      await stageQueued();
      checkEnd();
    },
  };
}
/** The ECID of `raw` when it is one (a string or a number of 38 digits), else the reason. */
export function ecidOf(raw: unknown): { ok: true; value: string } | { ok: false; reason: string } {
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    return { ok: false, reason: 'ECID must be a string of 38 digits' };
  }
  const checked = checkEcid(String(raw).trim());
  return checked.ok ? { ok: true, value: checked.value as string } : checked;
}
