import { type Caller, LAST_USED_RESOLUTION_MS } from './tokens.js';

/** Most tokens one process remembers; the oldest lookup goes first past it. */
export const TOKEN_CACHE_MAX_ENTRIES = 10_000;

/**
 * Token lookups of one process, reused for `ttlMs`: every request and connection resolves its
 * token, and most carry one seen a moment ago. Only tokens that exist are kept (a flood of
 * unknown tokens cannot fill it, and a token created a moment ago works at once). A revoked
 * token is dropped when its notification arrives (`dropToken`), and everything when the
 * process may have missed notifications (`clear`).
 */
export class TokenCache {
  private readonly entries = new Map<
    string,
    // usedAt: when this process last recorded the token's use (its lookup records one).
    { caller: Caller; expiresAt: number; usedAt: number }
  >();
  /** Moves on with every drop, so a lookup that overlapped a revocation is not kept. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = TOKEN_CACHE_MAX_ENTRIES,
  ) {}

  /** The caller of a token hash looked up less than `ttlMs` ago, if any. */
  get(tokenHash: string): Caller | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(tokenHash);
      return undefined;
    }
    return entry.caller;
  }

  /** Call before looking a token up; pass the result to `set`. */
  lookupStarts(): number {
    return this.generation;
  }

  /**
   * Keeps a lookup's answer, unless a token was dropped since the lookup started (its answer
   * may predate the revocation).
   */
  set(tokenHash: string, caller: Caller, startedAt: number): void {
    if (this.ttlMs <= 0 || startedAt !== this.generation) return;
    this.entries.delete(tokenHash);
    // A Map keeps insertion order: the first key is the oldest lookup.
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    const now = Date.now();
    this.entries.set(tokenHash, { caller, expiresAt: now + this.ttlMs, usedAt: now });
  }

  /**
   * Whether a use of this cached token should be recorded now (src/auth/tokens.ts
   * recordTokenUse): true at most once per LAST_USED_RESOLUTION_MS per token, counted from its
   * lookup, which recorded one. With a TTL under that span a cached token never needs it.
   */
  useDue(tokenHash: string): boolean {
    const entry = this.entries.get(tokenHash);
    if (!entry) return false;
    const now = Date.now();
    if (now - entry.usedAt < LAST_USED_RESOLUTION_MS) return false;
    entry.usedAt = now;
    return true;
  }

  /** Forgets the token with this hash (revoked by this process). */
  dropHash(tokenHash: string): void {
    this.generation++;
    this.entries.delete(tokenHash);
  }

  /** Forgets the token with this id (revoked or deleted). */
  dropToken(tokenId: string): void {
    this.generation++;
    for (const [hash, entry] of this.entries) {
      if (entry.caller.tokenId === tokenId) this.entries.delete(hash);
    }
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
