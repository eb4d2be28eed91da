import { describe, expect, it } from 'vitest';
import { retryWaitMs } from '../web/src/api.js';

describe('the web app reconnecting its live connection', () => {
  it('waits 1 s, doubling, never more than 15 s however long the outage lasts', () => {
    // random() = 1: the longest wait of each attempt.
    expect([0, 1, 2, 3, 4, 5, 10, 1000].map((retries) => retryWaitMs(retries, 1))).toEqual([
      1000, 2000, 4000, 8000, 15_000, 15_000, 15_000, 15_000,
    ]);
  });

  it('shortens each wait by up to half at random, so pages do not all return at once', () => {
    expect(retryWaitMs(0, 0)).toBe(500);
    expect(retryWaitMs(30, 0)).toBe(7500);
    expect(retryWaitMs(30, 0.5)).toBe(11_250);
  });
});
