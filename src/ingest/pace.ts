import { UploadError } from './records.js';

/** How slow an upload's body may be (INGEST_IDLE_TIMEOUT_MS, INGEST_MIN_BYTES_PER_SECOND, ...). */
export interface PaceLimits {
  /** Longest wait for the next chunk of the body. */
  idleTimeoutMs: number;
  /** Lowest average rate over `windowMs` of waiting for the client; 0 turns the floor off. */
  minBytesPerSecond: number;
  windowMs: number;
}

/** What a tripped limit rejects with (by default, an upload's REQUEST_TIMEOUT, nothing stored). */
export interface PaceProblems {
  idle(idleTimeoutMs: number): UploadError;
  slow(minBytesPerSecond: number): UploadError;
}

const UPLOAD_PROBLEMS: PaceProblems = {
  idle: (ms) =>
    new UploadError('REQUEST_TIMEOUT', `The body sent nothing for ${ms} ms; nothing was stored`),
  slow: (floor) =>
    new UploadError(
      'REQUEST_TIMEOUT',
      `The body arrived slower than ${floor} bytes per second; nothing was stored`,
    ),
};

/**
 * Cuts off an upload whose client sends too slowly, so that a trickling body cannot hold a
 * pooled connection for minutes. Only the time spent waiting for the client counts: while
 * the upload waits for the database (backpressure) the client cannot send, and that is not
 * its fault. `next` races each read of the body against the limits and against `abort`
 * (graceful shutdown); a tripped limit rejects with UploadError REQUEST_TIMEOUT, and nothing
 * read so far is committed by the caller. The same limits pace a client reading an export
 * (src/services/exports.ts), where `next` awaits the client taking what was written, with its
 * own `problems`.
 */
export class BodyPace {
  private windowClientMs = 0;
  private windowBytes = 0;
  private aborted: UploadError | null = null;
  private wake: ((error: UploadError) => void) | null = null;

  constructor(
    private readonly limits: PaceLimits,
    private readonly problems: PaceProblems = UPLOAD_PROBLEMS,
  ) {}

  /** Fails the read in progress (and every later one) with `error`. */
  abort(error: UploadError): void {
    this.aborted ??= error;
    this.wake?.(error);
  }

  /** Awaits the next read of the body within the limits. */
  async next<T>(read: Promise<T>, bytesOf: (value: T) => number): Promise<T> {
    if (this.aborted) throw this.aborted;
    // The read may settle after we gave up on it; its rejection must not go unhandled.
    read.catch(() => undefined);
    const waitStart = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const tripped = new Promise<never>((_, reject) => {
      this.wake = reject;
      const check = () => {
        const waited = Date.now() - waitStart;
        const problem = this.problem(waited, this.windowClientMs + waited, this.windowBytes);
        if (problem) return reject(problem);
        if (this.windowClientMs + waited >= this.limits.windowMs) {
          // A full window at a good rate: measure the next one from here.
          this.windowClientMs = -waited;
          this.windowBytes = 0;
        }
        timer = setTimeout(check, this.untilNextCheck(waited));
      };
      timer = setTimeout(check, this.untilNextCheck(0));
    });
    try {
      const value = await Promise.race([read, tripped]);
      const waited = Date.now() - waitStart;
      this.windowClientMs += waited;
      this.windowBytes += bytesOf(value);
      if (this.windowClientMs >= this.limits.windowMs) {
        const problem = this.problem(0, this.windowClientMs, this.windowBytes);
        if (problem) throw problem;
        this.windowClientMs = 0;
        this.windowBytes = 0;
      }
      return value;
    } finally {
      clearTimeout(timer);
      this.wake = null;
    }
  }

  private untilNextCheck(waited: number): number {
    const idle = this.limits.idleTimeoutMs - waited;
    const window = this.limits.windowMs - (this.windowClientMs + waited);
    return Math.max(1, Math.min(idle, window > 0 ? window : this.limits.windowMs));
  }

  private problem(waited: number, clientMs: number, bytes: number): UploadError | null {
    if (this.aborted) return this.aborted;
    if (waited >= this.limits.idleTimeoutMs) return this.problems.idle(this.limits.idleTimeoutMs);
    const floor = this.limits.minBytesPerSecond;
    if (floor > 0 && clientMs >= this.limits.windowMs && bytes < (floor * clientMs) / 1000) {
      return this.problems.slow(floor);
    }
    return null;
  }
}
