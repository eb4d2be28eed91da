/** Small helpers the test files share. */

/** An ECID (38 digits) made from a number: ecid(1) is 000…0001. */
export const ecid = (n: number) => String(n).padStart(38, '0');

/**
 * Waits `ms`. Only for tests that prove something does NOT happen within a while, or that
 * pace a loop; to wait for something to happen, await its event or poll with `waitFor`.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
