/**
 * The eight 16-bit words of an IPv6 address, an IPv4 tail (as in ::ffff:1.2.3.4 or
 * 64:ff9b::1.2.3.4) read as its two words. The address must be one `net.isIPv6` accepts,
 * without a zone id. Both readers of IPv6 structure use it: the webhooks' SSRF guard (which
 * IPv4 address an IPv6 form carries) and the beacons' rate limit (the /64 a client holds).
 */
export function ipv6Words(address: string): number[] {
  let text = address;
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number);
    text = `${text.slice(0, tail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const words = (part: string) => (part ? part.split(':').map((word) => parseInt(word, 16)) : []);
  const [head, rest] = text.split('::');
  if (rest === undefined) return words(head);
  const before = words(head);
  const after = words(rest);
  return [...before, ...new Array(8 - before.length - after.length).fill(0), ...after];
}

/** The dotted IPv4 address of two 16-bit words (the last 32 bits of an IPv6 form). */
export const ipv4Of = (high: number, low: number): string =>
  `${high >>> 8}.${high & 255}.${low >>> 8}.${low & 255}`;
