import { isIPv6 } from 'node:net';
import { ipv4Of, ipv6Words } from '../../net/ipv6-words.js';

/**
 * Beacon calls per (publishable key, client) in one-minute windows per key, counted in this
 * process's memory: a customer page is public, so anyone may replay its key, and this keeps one
 * client from flooding a workspace with identity writes. Each api process counts on its own (see
 * the README).
 */

export const RATE_WINDOW_MS = 60_000;
/**
 * Most distinct clients counted for one key in one window. Past it, a client not yet counted for
 * that key is refused until the window ends, so a flood of spoofed or rotating addresses cannot
 * grow the table without bound; clients already counted keep their own allowance, and other
 * keys are not affected.
 */
export const MAX_TRACKED_CLIENTS = 100_000;

/**
 * Whom a call is counted against: an IPv4 address on its own, an IPv6 address by its /64 prefix
 * (the block one subscriber line or host usually holds, so rotating within it gains nothing);
 * an IPv4-mapped IPv6 address (`::ffff:1.2.3.4`, what a dual-stack socket reports) as its IPv4
 * address.
 */
export function rateLimitClient(address: string): string {
  const bare = address.split('%')[0];
  if (!isIPv6(bare)) return bare;
  const words = ipv6Words(bare);
  if (words.slice(0, 5).every((word) => word === 0) && words[5] === 0xffff) {
    return ipv4Of(words[6], words[7]);
  }
  return `${words
    .slice(0, 4)
    .map((word) => word.toString(16))
    .join(':')}::/64`;
}

/** One key's window: when it began, and the calls of each client since. */
interface KeyWindow {
  start: number;
  clients: Map<string, number>;
}

export class BeaconRateLimiter {
  /**
   * Per key, its current window. A key's window starts at its first call after the last one
   * ended (not on the clock's minute), so a burst is judged whole by one window instead of being
   * split by a minute boundary into two allowances.
   */
  private readonly windows = new Map<string, KeyWindow>();
  private lastSweep = 0;

  constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
    private readonly maxClientsPerKey = MAX_TRACKED_CLIENTS,
  ) {}

  /**
   * Counts one call of `address` with `keyId`; returns null when it is within the limit, else
   * the seconds until the key's window ends (for `Retry-After`).
   */
  take(keyId: string, address: string): number | null {
    const now = this.now();
    this.sweep(now);
    let window = this.windows.get(keyId);
    if (!window || now - window.start >= RATE_WINDOW_MS) {
      window = { start: now, clients: new Map() };
      this.windows.set(keyId, window);
    }
    const retryAfter = Math.max(1, Math.ceil((window.start + RATE_WINDOW_MS - now) / 1000));
    const client = rateLimitClient(address);
    const count = window.clients.get(client);
    if (count === undefined && window.clients.size >= this.maxClientsPerKey) return retryAfter;
    const next = (count ?? 0) + 1;
    window.clients.set(client, next);
    return next > this.limit ? retryAfter : null;
  }

  /** Once a window's length: forgets the keys whose window has ended, so idle keys cost nothing. */
  private sweep(now: number): void {
    if (now - this.lastSweep < RATE_WINDOW_MS) return;
    this.lastSweep = now;
    for (const [keyId, window] of this.windows) {
      if (now - window.start >= RATE_WINDOW_MS) this.windows.delete(keyId);
    }
  }
}
