import type { MarketoPushSignal } from './pubsub.js';
import type { Realtime } from './realtime.js';
import { LoadOnDeliveryStream, type StreamScope } from './streams.js';

/** A push loaded for delivery: its id and whether its status is final. */
export interface LoadedPush<T> {
  value: T;
  final: boolean;
}

/** Loads a push by id for delivery, fresh (null: skip it). */
export type PushLoader<T> = (pushId: string) => Promise<LoadedPush<T> | null>;

/** The list's newest push id, for catching up after the live feed had a hole. */
export type LatestPush = () => Promise<string | null>;

/**
 * Progress of the pushes of one list's mirror. Notices name a push; each push is loaded when
 * delivered, so a slow client holds at most one pending entry per push and gets its counters
 * as they are at that moment. A push whose final state was delivered is not delivered again
 * (its final notice may come after a load that already saw it end). The stream starts with
 * the list's newest push when it has not ended yet (read after the listener is registered,
 * so no notice falls between the two); after a hole in the live feed, the newest push is
 * loaded again whatever its state.
 */
class MarketoPushStream<T> extends LoadOnDeliveryStream<T, MarketoPushSignal> {
  private readonly pending = new Set<string>();
  private readonly ended = new Set<string>();
  /** Load the newest push: `unfinished` only when it has not ended (the stream's start). */
  private catchUp: 'unfinished' | 'any' | null = 'unfinished';

  constructor(
    rt: Realtime,
    scope: StreamScope,
    listId: string,
    private readonly load: PushLoader<T>,
    private readonly latest: LatestPush,
  ) {
    super(rt, scope, rt.pubSub.subscribe('marketo:push', listId));
  }

  protected onSignal(signal: MarketoPushSignal) {
    if ('notice' in signal) {
      if (!this.ended.has(signal.notice.pushId)) this.pending.add(signal.notice.pushId);
    } else {
      this.catchUp = 'any';
    }
    this.wake();
  }

  protected async step(): Promise<IteratorResult<T>> {
    while (!this.closed) {
      this.throwIfFailed();
      if (this.catchUp) {
        const mode = this.catchUp;
        this.catchUp = null;
        const id = await this.latest();
        if (id && !this.ended.has(id)) {
          const push = await this.load(id);
          if (push?.final) this.ended.add(id);
          if (push && (mode === 'any' || !push.final)) {
            this.pending.delete(id);
            return { value: push.value, done: false };
          }
        }
        continue;
      }
      const [next] = this.pending;
      if (next === undefined) {
        await this.idle();
        continue;
      }
      this.pending.delete(next);
      const push = await this.load(next);
      if (!push) continue;
      if (push.final) this.ended.add(next);
      return { value: push.value, done: false };
    }
    return { value: undefined, done: true };
  }
}

/** A live stream of the pushes of one list's mirror; see MarketoPushStream. */
export function marketoPushStream<T>(
  rt: Realtime,
  scope: StreamScope,
  listId: string,
  load: PushLoader<T>,
  latest: LatestPush,
): AsyncIterableIterator<T | Error> {
  return new MarketoPushStream(rt, scope, listId, load, latest);
}
