import { describe, expect, it } from 'vitest';
import {
  BeaconRateLimiter,
  RATE_WINDOW_MS,
  rateLimitClient,
} from '../src/http/munchkin/rate-limit.js';

/** The beacons' rate limiter on its own: whom it counts together, and what a flood can refuse. */

describe('the beacon rate limiter', () => {
  it('counts an IPv6 client by its /64, an IPv4 one (mapped or not) by its address', () => {
    expect(rateLimitClient('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(rateLimitClient('2001:0DB8:0001:0002:ffff:0000:0000:0009')).toBe('2001:db8:1:2::/64');
    expect(rateLimitClient('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(rateLimitClient('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(rateLimitClient('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(rateLimitClient('192.0.2.1')).toBe('192.0.2.1');
    expect(rateLimitClient('::1')).toBe('0:0:0:0::/64');
  });

  it('gives addresses of one IPv6 /64 one allowance, and another /64 its own', () => {
    const limiter = new BeaconRateLimiter(2, () => 1_000);
    expect(limiter.take('key', '2001:db8:1:2::1')).toBeNull();
    expect(limiter.take('key', '2001:db8:1:2:ffff::9')).toBeNull();
    expect(limiter.take('key', '2001:db8:1:2:abcd:1:2:3')).toBe(60);
    expect(limiter.take('key', '2001:db8:1:3::1')).toBeNull();
    // Another key has its own allowance for the same client.
    expect(limiter.take('other', '2001:db8:1:2::1')).toBeNull();
  });

  it("keeps the cap of clients per key: one key's flood refuses no other key's visitors", () => {
    let now = 0;
    const limiter = new BeaconRateLimiter(5, () => now, 3);
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
      expect(limiter.take('flooded', address)).toBeNull();
    }
    // A new client of the flooded key waits for the next window; clients already counted and
    // every other key's visitors do not.
    expect(limiter.take('flooded', '192.0.2.4')).toBe(60);
    expect(limiter.take('flooded', '192.0.2.1')).toBeNull();
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      expect(limiter.take('quiet', address)).toBeNull();
    }
    now = RATE_WINDOW_MS;
    expect(limiter.take('flooded', '192.0.2.4')).toBeNull();
  });

  it("judges a burst by one window of its key, whatever the clock's minute", () => {
    // A burst across the clock's minute boundary gets one allowance, not two.
    let now = RATE_WINDOW_MS - 500;
    const limiter = new BeaconRateLimiter(2, () => now);
    expect(limiter.take('key', '192.0.2.1')).toBeNull();
    now += 1_000;
    expect(limiter.take('key', '192.0.2.1')).toBeNull();
    expect(limiter.take('key', '192.0.2.1')).toBe(59);
    // The window ends a minute after the key's first call; the next call starts a new one.
    now = 2 * RATE_WINDOW_MS - 500;
    expect(limiter.take('key', '192.0.2.1')).toBeNull();
  });
});
