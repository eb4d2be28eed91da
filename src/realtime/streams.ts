import { ForbiddenError } from '../domain/errors.js';
import type { SyncProgressEvent } from '../sync/progress.js';
import { ProgressQueue } from './progress-queue.js';
import type { JobChangedSignal, ProgressSignal } from './pubsub.js';
import type { Realtime } from './realtime.js';
import { STORED_PAGE } from './stored-reader.js';

/** Who subscribes to what: every stream is bound to one workspace and one token. */
export interface StreamScope {
  workspaceId: string;
  tokenId: string;
  /** Called once when the stream ends, however it ends. */
  onClose?: () => void;
}

/**
 * Shared lifecycle of a subscription stream: the pubsub source pumped eagerly into the
 * stream's own state, the token watch, and one close path. Implemented as an iterator object,
 * not an async generator, so that return() takes effect while next() is waiting for an event.
 *
 * A stream that fails (token revoked, client too slow, database error) yields the error as
 * its last value and then completes: the field's resolver throws it, so every transport
 * sends it as an ordinary result with `errors` (masked unless it is a GraphQLError) instead
 * of tearing down the stream without a reason.
 */
abstract class Stream<T, S> implements AsyncIterableIterator<T | Error> {
  protected closed = false;
  private readonly cleanups: (() => void)[] = [];

  constructor(
    protected readonly rt: Realtime,
    protected readonly scope: StreamScope,
    private readonly source: AsyncIterableIterator<S>,
  ) {
    // Starting the pump registers the listener on the event target at once, before any read
    // of stored state, so no event can fall between the two.
    void this.pump();
    this.cleanups.push(
      rt.tokens.watch(scope.tokenId, () => this.fail(new ForbiddenError('The token was revoked'))),
    );
    if (scope.onClose) this.cleanups.push(scope.onClose);
  }

  protected abstract onSignal(signal: S): void;
  protected abstract step(): Promise<IteratorResult<T>>;
  protected abstract fail(error: Error): void;

  private async pump() {
    try {
      for await (const signal of this.source) this.onSignal(signal);
    } catch (error) {
      this.fail(error as Error);
    }
  }

  async next(): Promise<IteratorResult<T | Error>> {
    if (this.closed) return { value: undefined, done: true };
    try {
      return await this.step();
    } catch (error) {
      await this.close();
      return { value: error instanceof Error ? error : new Error(String(error)), done: false };
    }
  }

  async return(): Promise<IteratorResult<T | Error>> {
    await this.close();
    return { value: undefined, done: true };
  }

  async throw(error: unknown): Promise<IteratorResult<T | Error>> {
    await this.close();
    throw error;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  protected async close() {
    if (this.closed) return;
    this.closed = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
    this.wake();
    await this.source.return?.();
  }

  protected abstract wake(): void;
}

async function currentSequence(rt: Realtime, workspaceId: string, syncJobId: string) {
  const { rows } = await rt.database.pool.query<{ last: number }>(
    'select last_sequence as last from sync_job where id = $1 and workspace_id = $2',
    [syncJobId, workspaceId],
  );
  return rows[0]?.last ?? 0;
}

/**
 * Progress of one sync job: stored events after `afterSequence` first (when given), then live
 * ones, each sequence exactly once and in order. Live events are buffered from the moment the
 * stream is created; whatever the live feed skipped (a hole after a LISTEN reconnect, or
 * events that committed while the replay was read) is read back from sync_event.
 *
 * Without `afterSequence` the stream is live from its creation: the first live event sets the
 * starting point. The job's sequence at creation is read as well, in case the LISTEN
 * connection drops before any event arrives: the read-back then starts there.
 */
class SyncProgressStream extends Stream<SyncProgressEvent, ProgressSignal> {
  private readonly queue: ProgressQueue;
  private replay: SyncProgressEvent[] = [];
  /** Highest sequence delivered; null while a live-only stream has delivered nothing. */
  private last: number | null;
  private readonly baseline: Promise<number> | null;
  /** When set, stored events after `last` must be read by a query started after this tick. */
  private readBackFrom: number | null;

  constructor(
    rt: Realtime,
    scope: StreamScope,
    private readonly syncJobId: string,
    afterSequence: number | null,
  ) {
    super(rt, scope, rt.pubSub.subscribe('syncJob:progress', syncJobId));
    this.queue = new ProgressQueue(rt.limits.subscriberBuffer);
    this.last = afterSequence;
    this.readBackFrom = afterSequence === null ? null : rt.stored.tick();
    this.baseline =
      afterSequence === null ? currentSequence(rt, scope.workspaceId, syncJobId) : null;
    this.baseline?.catch(() => {});
  }

  protected onSignal(signal: ProgressSignal) {
    if ('event' in signal) {
      this.queue.push(signal.event);
    } else {
      this.readBackFrom ??= this.rt.stored.tick();
      this.queue.wake();
    }
  }

  protected fail(error: Error) {
    this.queue.fail(error);
  }

  protected wake() {
    this.queue.wake();
  }

  protected async step(): Promise<IteratorResult<SyncProgressEvent>> {
    const { workspaceId } = this.scope;
    while (!this.closed) {
      const stored = this.replay.shift();
      if (stored) {
        if (this.last !== null && stored.sequence <= this.last) continue;
        this.last = stored.sequence;
        return { value: stored, done: false };
      }
      if (this.readBackFrom !== null) {
        const since = this.readBackFrom;
        this.last ??= await (this.baseline as Promise<number>);
        const page = await this.rt.stored.read(workspaceId, this.syncJobId, this.last, since);
        // A full page may have more behind it; a newer request (set meanwhile) stays pending.
        if (page.length < STORED_PAGE && this.readBackFrom === since) this.readBackFrom = null;
        this.replay = page;
        continue;
      }
      const entry = await this.queue.take();
      if (!entry) continue;
      const { event } = entry;
      const last = this.last ?? event.sequence - 1;
      if (event.sequence <= last) continue;
      if (event.sequence > last + 1 && !entry.afterDrop) {
        const page = await this.rt.stored.read(
          workspaceId,
          this.syncJobId,
          last,
          this.rt.stored.tick(),
        );
        const missing = page.filter((e) => e.sequence < event.sequence);
        // Stored events that are gone (the job was deleted) cannot be filled in: move on.
        if (missing.length > 0) {
          this.queue.unshift(entry);
          this.replay = missing;
          continue;
        }
      }
      this.last = event.sequence;
      return { value: event, done: false };
    }
    return { value: undefined, done: true };
  }
}

/** A live progress stream of one sync job; see SyncProgressStream. */
export function syncProgressStream(
  rt: Realtime,
  scope: StreamScope,
  syncJobId: string,
  afterSequence: number | null,
): AsyncIterableIterator<SyncProgressEvent | Error> {
  return new SyncProgressStream(rt, scope, syncJobId, afterSequence);
}

/** Jobs with any change since `since` (status, a run starting or ending), for catch-up. */
async function jobsChangedSince(rt: Realtime, workspaceId: string, since: Date) {
  // A margin for clock skew between this process and the database.
  const from = new Date(since.getTime() - 5_000);
  const { rows } = await rt.database.pool.query<{ id: string }>(
    `select id::text as id from sync_job where workspace_id = $1 and updated_at >= $2
     union
     select distinct sync_job_id::text from sync_event where workspace_id = $1 and at >= $2`,
    [workspaceId, from],
  );
  return rows.map((row) => row.id);
}

/**
 * Sync jobs of one workspace that changed. Pending changes are a set of job ids, so a slow
 * client holds at most one entry per job however many changes it has not read yet; each job
 * is loaded when delivered, so the client gets its state at that moment.
 */
class SyncJobChangedStream<T> extends Stream<T, JobChangedSignal> {
  private readonly pending = new Set<string>();
  private readBackSince: Date | null = null;
  private failure: Error | null = null;
  private waiter: (() => void) | null = null;

  constructor(
    rt: Realtime,
    scope: StreamScope,
    private readonly load: (syncJobId: string) => Promise<T | null>,
  ) {
    super(rt, scope, rt.pubSub.subscribe('syncJob:changed', scope.workspaceId));
  }

  protected onSignal(signal: JobChangedSignal) {
    if ('event' in signal) this.pending.add(signal.event.syncJobId);
    else if (!this.readBackSince || signal.resyncSince < this.readBackSince) {
      this.readBackSince = signal.resyncSince;
    }
    this.wake();
  }

  protected fail(error: Error) {
    this.failure ??= error;
    this.wake();
  }

  protected wake() {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  protected async step(): Promise<IteratorResult<T>> {
    while (!this.closed) {
      if (this.failure) throw this.failure;
      if (this.readBackSince) {
        const since = this.readBackSince;
        this.readBackSince = null;
        for (const id of await jobsChangedSince(this.rt, this.scope.workspaceId, since)) {
          this.pending.add(id);
        }
      }
      const [next] = this.pending;
      if (next === undefined) {
        await new Promise<void>((resolve) => {
          this.waiter = resolve;
        });
        continue;
      }
      this.pending.delete(next);
      const job = await this.load(next);
      if (job) return { value: job, done: false };
    }
    return { value: undefined, done: true };
  }
}

/** A live stream of the workspace's changed sync jobs, each loaded by `load` (null: skip). */
export function syncJobChangedStream<T>(
  rt: Realtime,
  scope: StreamScope,
  load: (syncJobId: string) => Promise<T | null>,
): AsyncIterableIterator<T | Error> {
  return new SyncJobChangedStream(rt, scope, load);
}
