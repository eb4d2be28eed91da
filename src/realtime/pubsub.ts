import { createPubSub, type PubSub } from 'graphql-yoga';
import {
  MARKETO_PUSH_PROGRESS_CHANNEL,
  type MarketoPushProgressNotice,
  SYNC_JOB_CHANGED_CHANNEL,
  SYNC_PROGRESS_CHANNEL,
} from '../db/channels.js';
import { logger } from '../observability/log.js';
import type {
  SyncJobChangedEvent,
  SyncJobDeletedNotice,
  SyncProgressEvent,
} from '../sync/progress.js';

/**
 * A stored progress event, "the live feed had a hole: read back after your last one", or
 * "the job was deleted: nothing follows".
 */
export type ProgressSignal = { event: SyncProgressEvent } | { resync: true } | { deleted: true };
/** A changed job, or "the live feed had a hole since this time: look for changes". */
export type JobChangedSignal = { event: SyncJobChangedEvent } | { resyncSince: Date };
/** A push of a list's mirror moved, or "the live feed had a hole: read the list's last push". */
export type MarketoPushSignal = { notice: MarketoPushProgressNotice } | { resync: true };

export type SyncTopics = {
  'syncJob:progress': [syncJobId: string, signal: ProgressSignal];
  'syncJob:changed': [workspaceId: string, signal: JobChangedSignal];
  'marketo:push': [listId: string, signal: MarketoPushSignal];
};
export type SyncPubSub = PubSub<SyncTopics>;

const PROGRESS_PREFIX = 'syncJob:progress:';
const CHANGED_PREFIX = 'syncJob:changed:';
const MARKETO_PUSH_PREFIX = 'marketo:push:';

/**
 * yoga's pubsub event target over PostgreSQL LISTEN/NOTIFY. Listeners are local; events come
 * in from the process's LISTEN connection (`receive`), so a worker on any process reaches
 * subscribers on every api process.
 *
 * Publishing is SQL in the publisher's own transaction (src/sync/progress.ts), so an event is
 * announced only once the change it describes is committed; this side only listens, and
 * `dispatchEvent` (yoga's `pubSub.publish`) refuses every event.
 */
export class PgEventTarget extends EventTarget {
  private readonly listeners = new Map<string, number>();

  override addEventListener(
    type: string,
    callback: EventListenerOrEventListenerObject | null,
    options?: AddEventListenerOptions | boolean,
  ): void {
    super.addEventListener(type, callback, options);
    if (callback) this.listeners.set(type, (this.listeners.get(type) ?? 0) + 1);
  }

  override removeEventListener(
    type: string,
    callback: EventListenerOrEventListenerObject | null,
    options?: EventListenerOptions | boolean,
  ): void {
    super.removeEventListener(type, callback, options);
    const count = (this.listeners.get(type) ?? 0) - 1;
    if (count > 0) this.listeners.set(type, count);
    else this.listeners.delete(type);
  }

  override dispatchEvent(event: Event): never {
    throw new TypeError(
      `${event.type}: sync events are published by the writer's transaction (src/sync/progress.ts), not through the pubsub`,
    );
  }

  /** Delivers one NOTIFY payload to this process's listeners. */
  receive(channel: string, payload: string): void {
    let parsed:
      | SyncProgressEvent
      | SyncJobDeletedNotice
      | SyncJobChangedEvent
      | MarketoPushProgressNotice;
    try {
      parsed = JSON.parse(payload);
    } catch {
      logger('realtime').error({ channel }, 'unparsable notification payload');
      return;
    }
    if (channel === SYNC_PROGRESS_CHANNEL) {
      if ('deleted' in parsed && parsed.deleted === true) {
        this.deliver(`${PROGRESS_PREFIX}${parsed.syncJobId}`, { deleted: true });
        return;
      }
      // The payload is the stored row (ids already text), see publishSyncProgress.
      const event = parsed as SyncProgressEvent;
      this.deliver(`${PROGRESS_PREFIX}${event.syncJobId}`, { event });
    } else if (channel === SYNC_JOB_CHANGED_CHANNEL) {
      const event = parsed as SyncJobChangedEvent;
      this.deliver(`${CHANGED_PREFIX}${event.workspaceId}`, { event });
    } else if (channel === MARKETO_PUSH_PROGRESS_CHANNEL) {
      const notice = parsed as MarketoPushProgressNotice;
      this.deliver(`${MARKETO_PUSH_PREFIX}${notice.listId}`, { notice });
    }
  }

  /** After the LISTEN connection was lost: tells every live subscription to catch up. */
  resync(downSince: Date): void {
    for (const topic of [...this.listeners.keys()]) {
      if (topic.startsWith(PROGRESS_PREFIX)) this.deliver(topic, { resync: true });
      else if (topic.startsWith(CHANGED_PREFIX)) this.deliver(topic, { resyncSince: downSince });
      else if (topic.startsWith(MARKETO_PUSH_PREFIX)) this.deliver(topic, { resync: true });
    }
  }

  /** Listeners of a topic in this process. */
  listenerCount(topic: string): number {
    return this.listeners.get(topic) ?? 0;
  }

  private deliver(topic: string, detail: ProgressSignal | JobChangedSignal | MarketoPushSignal) {
    if (!this.listeners.has(topic)) return;
    super.dispatchEvent(new CustomEvent(topic, { detail }));
  }
}

export function createSyncPubSub(target: PgEventTarget): SyncPubSub {
  return createPubSub<SyncTopics>({ eventTarget: target as never });
}
