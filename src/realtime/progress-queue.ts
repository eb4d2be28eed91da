import { LimitError } from '../domain/errors.js';
import type { SyncProgressEvent } from '../sync/progress.js';

export interface QueuedProgress {
  event: SyncProgressEvent;
  /** Events before this one were dropped on purpose (slow consumer): not a hole to fill. */
  afterDrop: boolean;
}

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/** Thrown to a subscriber whose backlog cannot be shortened any more. */
export class SlowConsumerError extends LimitError {
  constructor(capacity: number) {
    super(
      'SLOW_CONSUMER',
      `Subscription closed: the client fell more than ${capacity} events behind`,
    );
    this.name = 'SlowConsumerError';
  }
}

const phaseKey = (e: SyncProgressEvent) => `${e.runId}|${e.status}|${e.phase}`;

/**
 * A subscriber's bounded backlog of live events. When full, it drops intermediate progress of
 * a phase and keeps the first and the latest of each phase and every terminal event, so a slow
 * client still sees every phase change and the outcome, with `processed` never going down. If
 * nothing can be dropped, the subscriber fails with SlowConsumerError.
 */
export class ProgressQueue {
  private items: QueuedProgress[] = [];
  private waiter: ((entry: QueuedProgress | undefined) => void) | null = null;
  private failure: Error | null = null;

  constructor(private readonly capacity: number) {}

  get length(): number {
    return this.items.length;
  }

  push(event: SyncProgressEvent): void {
    if (this.failure) return;
    const entry = { event, afterDrop: false };
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter(entry);
      return;
    }
    if (this.items.length >= this.capacity) this.compact();
    if (this.items.length >= this.capacity) {
      this.fail(new SlowConsumerError(this.capacity));
      return;
    }
    this.items.push(entry);
  }

  /** Puts an entry back at the front (it must wait for older stored events). */
  unshift(entry: QueuedProgress): void {
    this.items.unshift(entry);
  }

  /** The next entry; undefined when woken without one (see wake) or failed. */
  take(): Promise<QueuedProgress | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    const entry = this.items.shift();
    if (entry) return Promise.resolve(entry);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Wakes a pending take() with undefined, so its caller re-checks its state. */
  wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.(undefined);
  }

  /** Ends the queue with an error, raised by the next take(). */
  fail(error: Error): void {
    this.failure ??= error;
    this.items = [];
    this.wake();
  }

  get error(): Error | null {
    return this.failure;
  }

  private compact() {
    const kept: QueuedProgress[] = [];
    let dropped = false;
    const items = this.items;
    for (let i = 0; i < items.length; i++) {
      const entry = items[i];
      const key = phaseKey(entry.event);
      const first = i === 0 || phaseKey(items[i - 1].event) !== key;
      const last = i === items.length - 1 || phaseKey(items[i + 1].event) !== key;
      if (first || last || TERMINAL.has(entry.event.status)) {
        kept.push(dropped ? { ...entry, afterDrop: true } : entry);
        dropped = false;
      } else {
        dropped = true;
      }
    }
    this.items = kept;
  }
}
