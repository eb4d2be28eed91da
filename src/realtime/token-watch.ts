import type pg from 'pg';
import { logger } from '../observability/log.js';

/**
 * The token id in the context of an execution that subscribers share (src/realtime/fanout.ts).
 * It has no token of its own to watch: each subscriber's token is watched for that subscriber.
 */
export const SHARED_EXECUTION_TOKEN = 'shared-execution';

/**
 * Ends open subscriptions of revoked tokens. Every connection and stream registers its token;
 * one query per interval checks them all, however many subscribers a process holds.
 */
export class TokenWatch {
  private readonly watchers = new Map<string, Set<() => void>>();
  private timer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(
    private readonly pool: Pick<pg.Pool, 'query'>,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.check(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Calls `onRevoked` once if the token is revoked or deleted; returns the unwatch function. */
  watch(tokenId: string, onRevoked: () => void): () => void {
    if (tokenId === SHARED_EXECUTION_TOKEN) return () => {};
    let set = this.watchers.get(tokenId);
    if (!set) {
      set = new Set();
      this.watchers.set(tokenId, set);
    }
    set.add(onRevoked);
    return () => {
      const current = this.watchers.get(tokenId);
      current?.delete(onRevoked);
      if (current?.size === 0) this.watchers.delete(tokenId);
    };
  }

  private async check() {
    if (this.checking || this.watchers.size === 0) return;
    this.checking = true;
    try {
      const ids = [...this.watchers.keys()];
      const { rows } = await this.pool.query<{ id: string }>(
        'select id::text as id from api_token where id = any($1::bigint[]) and revoked_at is null',
        [ids],
      );
      const active = new Set(rows.map((row) => row.id));
      for (const id of ids) {
        if (active.has(id)) continue;
        const callbacks = this.watchers.get(id);
        this.watchers.delete(id);
        for (const callback of callbacks ?? []) callback();
      }
    } catch (error) {
      // A failed check keeps everything open; the next interval tries again.
      logger('realtime').warn({ error: (error as Error).message }, 'token check failed');
    } finally {
      this.checking = false;
    }
  }
}

/** Counts open connections per token against a cap. */
export class ConnectionLimiter {
  private readonly perToken = new Map<string, number>();

  constructor(readonly maxPerToken: number) {}

  /** Connections open right now, all tokens together. */
  get open(): number {
    let total = 0;
    for (const count of this.perToken.values()) total += count;
    return total;
  }

  /** Takes a slot for the token; returns its release function, or null when at the cap. */
  acquire(tokenId: string): (() => void) | null {
    const count = this.perToken.get(tokenId) ?? 0;
    if (count >= this.maxPerToken) return null;
    this.perToken.set(tokenId, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.perToken.get(tokenId) ?? 1) - 1;
      if (left > 0) this.perToken.set(tokenId, left);
      else this.perToken.delete(tokenId);
    };
  }
}
