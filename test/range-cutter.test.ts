import { describe, expect, it } from 'vitest';
import {
  FIRST_RANGE_ECIDS,
  largestRange,
  MAX_SIZED_RANGES,
  RangeCutter,
  resolutionRanges,
} from '../src/sync/resolve.js';
import { CHUNK_SIZE } from '../src/sync/runner.js';

/** ECIDs in [from, to) of an audience of `size` random ECIDs (their expected count). */
function ecidsIn(size: number, from: string, to: string | null): number {
  const at = (bound: string) => Number(BigInt(bound || '0') / 10n ** 26n) / 1e12;
  return Math.round(size * ((to === null ? 1 : at(to)) - at(from)));
}

/**
 * Cuts a whole audience with statements costing `fixedMs` each plus `msPerEcid` per ECID
 * (the model of a full run's resolution); returns the ranges' sizes.
 */
function cut(size: number, fixedMs: number, msPerEcid: number): number[] {
  const cutter = new RangeCutter(size, largestRange(size, CHUNK_SIZE));
  const sizes: number[] = [];
  for (let range = cutter.next(); range; range = cutter.next()) {
    const ecids = ecidsIn(size, range[0], range[1]);
    sizes.push(ecids);
    cutter.took(fixedMs + msPerEcid * ecids);
  }
  return sizes;
}

describe('ranges of a full run', () => {
  it('grow with a large audience instead of multiplying', () => {
    expect(resolutionRanges(10_000_000, CHUNK_SIZE)).toHaveLength(MAX_SIZED_RANGES);
    expect(resolutionRanges(1_000_000, CHUNK_SIZE)).toHaveLength(3);
  });

  it('leave the fixed cost of a statement out of the time per ECID', () => {
    // 10,000,000 ECIDs on a busy machine: 1.5 s per statement, 3.6 us per ECID.
    const sizes = cut(10_000_000, 1_500, 0.0036);
    expect(sizes[0]).toBe(FIRST_RANGE_ECIDS);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeCloseTo(10_000_000, -2);
    // After two small ranges the largest ones follow: the fixed cost is paid a few times,
    // not once per ramp step.
    expect(sizes.length).toBeLessThanOrEqual(2 + MAX_SIZED_RANGES + 1);
    expect(sizes[2]).toBeGreaterThan(1_000_000);
  });

  it('keep progress moving within a small audience', () => {
    // 100,000 ECIDs: 20 ms per statement, 1.5 us per ECID.
    const sizes = cut(100_000, 20, 0.0015);
    expect(sizes[0]).toBe(FIRST_RANGE_ECIDS);
    expect(sizes.length).toBeGreaterThan(2);
  });
});
