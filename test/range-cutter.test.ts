import { describe, expect, it } from 'vitest';
import {
  FIRST_RANGE_ECIDS,
  largestRange,
  MAX_SIZED_RANGES,
  PROBE_LIMIT,
  RANGE_TARGET_MAX_MS,
  RangeCutter,
  resolutionRanges,
} from '../src/sync/resolve.js';
import { CHUNK_SIZE } from '../src/sync/runner.js';

/** ECIDs in [from, to) of an audience of `size` random ECIDs (their expected count). */
function ecidsIn(size: number, from: string, to: string | null): number {
  const at = (bound: string) => Number(BigInt(bound || '0') / 10n ** 26n) / 1e12;
  return Math.round(size * ((to === null ? 1 : at(to)) - at(from)));
}

interface Cost {
  /** A probe costs this per ECID. */
  probeMsPerEcid: number;
  /** A `hash` statement costs this once (a pass over the workspace's cookies) ... */
  fixedMs: number;
  /** ... plus this per ECID. */
  msPerEcid: number;
}

/** Cuts a whole audience under the cost model of a full run's resolution. */
function cut(size: number, cost: Cost) {
  const cutter = new RangeCutter(size, largestRange(size, CHUNK_SIZE));
  const ranges: { ecids: number; plan: string; ms: number }[] = [];
  for (let range = cutter.next(); range; range = cutter.next()) {
    const ecids = ecidsIn(size, range.from, range.to);
    const ms =
      range.plan === 'probe' ? cost.probeMsPerEcid * ecids : cost.fixedMs + cost.msPerEcid * ecids;
    ranges.push({ ecids, plan: range.plan, ms });
    cutter.took(ms);
  }
  return ranges;
}

const total = (ranges: { ecids: number }[]) => ranges.reduce((sum, r) => sum + r.ecids, 0);

describe('ranges of a full run', () => {
  it('grow with a large audience instead of multiplying', () => {
    expect(resolutionRanges(10_000_000, CHUNK_SIZE)).toHaveLength(MAX_SIZED_RANGES);
    expect(resolutionRanges(1_000_000, CHUNK_SIZE)).toHaveLength(3);
  });

  it('start with probes, then pay the pass over the cookies once per resolutionRanges range', () => {
    // 1,000,000 ECIDs as measured: 0.25 s per hash statement and 2 us per ECID.
    const ranges = cut(1_000_000, { probeMsPerEcid: 0.01, fixedMs: 250, msPerEcid: 0.002 });
    expect(ranges[0]).toMatchObject({ ecids: FIRST_RANGE_ECIDS, plan: 'probe' });
    expect(ranges.slice(1).every((r) => r.plan === 'hash')).toBe(true);
    expect(ranges).toHaveLength(1 + resolutionRanges(1_000_000, CHUNK_SIZE).length);
    expect(total(ranges)).toBeCloseTo(1_000_000, -2);
  });

  it('keep each range of a slow, large workspace within the target time', () => {
    // 10,000,000 ECIDs on a busy machine: probes at 40 us per ECID, 4 s per hash statement
    // and 6 us per ECID: the largest ranges would take 19 s, and the first estimate (from the
    // probes) sizes the first hash range well under the target.
    const cost = { probeMsPerEcid: 0.04, fixedMs: 4_000, msPerEcid: 0.006 };
    const ranges = cut(10_000_000, cost);
    expect(ranges[0]).toMatchObject({ ecids: FIRST_RANGE_ECIDS, plan: 'probe' });
    expect(total(ranges)).toBeCloseTo(10_000_000, -2);
    expect(ranges.every((r) => r.ms <= RANGE_TARGET_MAX_MS)).toBe(true);
    // The fixed cost is paid a few times, not once per ramp step.
    expect(ranges.length).toBeLessThanOrEqual(1 + MAX_SIZED_RANGES + 3);
  });

  it('keep progress moving within a small audience', () => {
    const ranges = cut(100_000, { probeMsPerEcid: 0.005, fixedMs: 20, msPerEcid: 0.0015 });
    expect(ranges[0]).toMatchObject({ ecids: FIRST_RANGE_ECIDS, plan: 'probe' });
    expect(ranges.length).toBeGreaterThan(2);
  });

  it('resolve a small audience in one statement, by probes up to PROBE_LIMIT', () => {
    const cost = { probeMsPerEcid: 0.005, fixedMs: 20, msPerEcid: 0.0015 };
    expect(cut(PROBE_LIMIT, cost)).toEqual([expect.objectContaining({ plan: 'probe' })]);
    expect(cut(PROBE_LIMIT + 1, cost)).toEqual([expect.objectContaining({ plan: 'hash' })]);
  });
});
