/**
 * Beacon calls per (publishable key, client address) in fixed one-minute windows, counted in
 * this process's memory: a customer page is public, so anyone may replay its key, and this
 * keeps one client from flooding a workspace with identity writes. Each api process counts on
 * its own (see the README).
 */

export const RATE_WINDOW_MS = 60_000;
/**
 * Most distinct (key, address) pairs counted in one window. Past it, a pair not yet counted is
 * refused until the window ends, so a flood of spoofed or rotating addresses cannot grow the
 * table without bound; pairs already counted keep their own allowance.
 */
export const MAX_TRACKED_CLIENTS = 100_000;

export class BeaconRateLimiter {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Counts one call; returns null when it is within the limit, else the seconds until the
   * window ends (for `Retry-After`).
   */
  take(keyId: string, address: string): number | null {
    const now = this.now();
    const start = now - (now % RATE_WINDOW_MS);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.counts.clear();
    }
    const retryAfter = Math.max(1, Math.ceil((start + RATE_WINDOW_MS - now) / 1000));
    const pair = `${keyId} ${address}`;
    const count = this.counts.get(pair);
    if (count === undefined && this.counts.size >= MAX_TRACKED_CLIENTS) return retryAfter;
    const next = (count ?? 0) + 1;
    this.counts.set(pair, next);
    return next > this.limit ? retryAfter : null;
  }
}
