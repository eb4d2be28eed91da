import type { Caller } from '../auth/tokens.js';
import { ForbiddenError, LimitError } from '../domain/errors.js';
import type { DeletedSyncJob, SyncProgressEvent } from '../sync/progress.js';
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

/** How a subscription stream holds its token's connection slot. */
export interface StreamConnection {
  /**
   * True on a graphql-ws connection, which already holds its token's slot (see
   * src/http/websocket.ts); false for an SSE stream, a connection of its own, which takes
   * a slot for as long as it lasts.
   */
  holdsSlot: boolean;
}

/** The live delivery of this process; refused on a process that does not serve subscriptions. */
export function servingRealtime(realtime: Realtime | null): Realtime {
  if (!realtime) throw new Error('This process does not serve subscriptions');
  return realtime;
}

/** The stream's owner; an SSE stream takes a connection slot of its token here. */
export function streamScope(
  rt: Realtime,
  caller: Caller,
  connection: StreamConnection,
): StreamScope {
  const scope = { workspaceId: caller.workspaceId, tokenId: caller.tokenId };
  if (connection.holdsSlot) return scope;
  const release = rt.connections.acquire(caller.tokenId);
  if (!release) {
    throw new LimitError(
      'TOO_MANY_CONNECTIONS',
      `Too many connections for this token (at most ${rt.limits.connectionsPerToken})`,
    );
  }
  return { ...scope, onClose: release };
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
export abstract class Stream<T, S> implements AsyncIterableIterator<T | Error> {
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

/** The job's last sequence handed out; null when the job does not exist (any more). */
async function currentSequence(
  rt: Realtime,
  workspaceId: string,
  syncJobId: string,
): Promise<number | null> {
  const { rows } = await rt.database.pool.query<{ last: number }>(
    'select last_sequence as last from sync_job where id = $1 and workspace_id = $2',
    [syncJobId, workspaceId],
  );
  return rows[0]?.last ?? null;
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
 *
 * The stream completes when the job is deleted: on the deletion notice (it comes after the
 * job's last event, see SYNC_PROGRESS_CHANNEL), or when a read-back finds nothing and the
 * job is gone (deleted while the LISTEN connection was down, or before this stream's
 * listener was registered: both reads start after it is).
 */
class SyncProgressStream extends Stream<SyncProgressEvent, ProgressSignal> {
  private readonly queue: ProgressQueue;
  private replay: SyncProgressEvent[] = [];
  /** Highest sequence delivered; null while a live-only stream has delivered nothing. */
  private last: number | null;
  /** The job's sequence when a live-only stream started; resolves null if the job is gone. */
  private readonly baseline: Promise<number | null> | null;
  private baselineChecked = false;
  /** When set, stored events after `last` must be read by a query started after this tick. */
  private readBackFrom: number | null;
  /** The deletion notice came: once what was queued before it is delivered, complete. */
  private deleted = false;

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
    } else if ('deleted' in signal) {
      this.deleted = true;
      this.queue.wake();
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

  private async end(): Promise<IteratorResult<SyncProgressEvent>> {
    await this.close();
    return { value: undefined, done: true };
  }

  private async jobExists(): Promise<boolean> {
    return (await currentSequence(this.rt, this.scope.workspaceId, this.syncJobId)) !== null;
  }

  protected async step(): Promise<IteratorResult<SyncProgressEvent>> {
    const { workspaceId } = this.scope;
    if (this.baseline && !this.baselineChecked) {
      this.baselineChecked = true;
      if ((await this.baseline) === null) return this.end();
    }
    while (!this.closed) {
      const stored = this.replay.shift();
      if (stored) {
        if (this.last !== null && stored.sequence <= this.last) continue;
        this.last = stored.sequence;
        return { value: stored, done: false };
      }
      if (this.readBackFrom !== null) {
        const since = this.readBackFrom;
        this.last ??= (await this.baseline) ?? 0;
        const page = await this.rt.stored.read(workspaceId, this.syncJobId, this.last, since);
        // A full page may have more behind it; a newer request (set meanwhile) stays pending.
        if (page.length < STORED_PAGE && this.readBackFrom === since) this.readBackFrom = null;
        // Events and their job are deleted together: nothing new may mean no job any more.
        if (page.length === 0 && !(await this.jobExists())) return this.end();
        this.replay = page;
        continue;
      }
      if (this.deleted && this.queue.length === 0) return this.end();
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
 * A stream whose pending work is kept by the subclass (keyed, so a slow client holds one entry
 * per key) and loaded when delivered: a failure is thrown at the next step, and `idle()`
 * waits until a signal or a failure wakes the stream.
 */
export abstract class LoadOnDeliveryStream<T, S> extends Stream<T, S> {
  private failure: Error | null = null;
  private waiter: (() => void) | null = null;

  protected fail(error: Error) {
    this.failure ??= error;
    this.wake();
  }

  protected wake() {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  /** Throws the stream's failure, if any. */
  protected throwIfFailed() {
    if (this.failure) throw this.failure;
  }

  /** Waits for the next wake. */
  protected idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiter = resolve;
    });
  }
}

/**
 * Loads a changed job for delivery (null: skip it). A deleted job cannot be loaded: it comes
 * with `deleted`, the job as it was just before its deletion.
 */
export type ChangedJobLoader<T> = (
  syncJobId: string,
  deleted: DeletedSyncJob | null,
) => Promise<T | null>;

/**
 * Sync jobs of one workspace that changed. Pending changes are keyed by job id, so a slow
 * client holds at most one entry per job however many changes it has not read yet; each job
 * is loaded when delivered, so the client gets its state at that moment. A deletion replaces
 * whatever was pending for its job (and is kept over later changes, which cannot load it).
 */
class SyncJobChangedStream<T> extends LoadOnDeliveryStream<T, JobChangedSignal> {
  /** Job id -> its deletion, or undefined for "load it". */
  private readonly pending = new Map<string, DeletedSyncJob | undefined>();
  private readBackSince: Date | null = null;

  constructor(
    rt: Realtime,
    scope: StreamScope,
    private readonly load: ChangedJobLoader<T>,
  ) {
    super(rt, scope, rt.pubSub.subscribe('syncJob:changed', scope.workspaceId));
  }

  protected onSignal(signal: JobChangedSignal) {
    if ('event' in signal) {
      const { syncJobId, deleted } = signal.event;
      this.pending.set(syncJobId, deleted ?? this.pending.get(syncJobId));
    } else if (!this.readBackSince || signal.resyncSince < this.readBackSince) {
      this.readBackSince = signal.resyncSince;
    }
    this.wake();
  }

  protected async step(): Promise<IteratorResult<T>> {
    while (!this.closed) {
      this.throwIfFailed();
      if (this.readBackSince) {
        const since = this.readBackSince;
        this.readBackSince = null;
        for (const id of await jobsChangedSince(this.rt, this.scope.workspaceId, since)) {
          if (!this.pending.has(id)) this.pending.set(id, undefined);
        }
      }
      const [next] = this.pending;
      if (next === undefined) {
        await this.idle();
        continue;
      }
      const [id, deleted] = next;
      this.pending.delete(id);
      const job = await this.load(id, deleted ?? null);
      if (job) return { value: job, done: false };
    }
    return { value: undefined, done: true };
  }
}

/** A live stream of the workspace's changed sync jobs, each loaded by `load` (null: skip). */
export function syncJobChangedStream<T>(
  rt: Realtime,
  scope: StreamScope,
  load: ChangedJobLoader<T>,
): AsyncIterableIterator<T | Error> {
  return new SyncJobChangedStream(rt, scope, load);
}
