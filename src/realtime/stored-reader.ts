import type pg from 'pg';
import { type SyncProgressEvent, storedSyncProgress } from '../sync/progress.js';

/** Events read per query when catching up; a full page means there may be more. */
export const STORED_PAGE = 1000;

/**
 * Reads stored progress for catch-up, sharing one query among subscribers that need the same
 * page (after a LISTEN reconnect every subscriber of a job asks at once). A caller may only
 * join a query that started after it needed one: `tick()` orders both on one counter, so a
 * read that began before the caller subscribed (and might miss an event) is never reused.
 */
export class StoredProgressReader {
  private clock = 0;
  private readonly inflight = new Map<
    string,
    { startedAt: number; rows: Promise<SyncProgressEvent[]> }
  >();

  constructor(private readonly pool: Pick<pg.Pool, 'query'>) {}

  tick(): number {
    return ++this.clock;
  }

  /** Up to STORED_PAGE events after `after`, from a query started after tick `neededSince`. */
  read(
    workspaceId: string,
    syncJobId: string,
    after: number,
    neededSince: number,
  ): Promise<SyncProgressEvent[]> {
    const key = `${workspaceId}:${syncJobId}:${after}`;
    const current = this.inflight.get(key);
    if (current && current.startedAt > neededSince) return current.rows;
    const rows = storedSyncProgress(this.pool, workspaceId, syncJobId, after, STORED_PAGE);
    const entry = { startedAt: this.tick(), rows };
    this.inflight.set(key, entry);
    const forget = () => {
      if (this.inflight.get(key) === entry) this.inflight.delete(key);
    };
    rows.then(forget, forget);
    return rows;
  }
}
