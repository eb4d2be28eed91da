import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { ipv4Of, ipv6Words } from './ipv6-words.js';

/**
 * The SSRF guard of every outbound URL a user chooses: webhook receivers and Marketo
 * endpoints. Such a URL is chosen by a user but fetched by our servers, so it must not reach
 * what only they can reach: cloud metadata endpoints, the machine itself, the private network. Every address a host resolves to is checked (a name
 * with one public and one private address is refused), and the request then connects to the
 * checked address itself, so a second DNS answer cannot swap in another one (DNS rebinding).
 */

/** Never reachable: link-local (cloud metadata lives there), metadata, multicast, reserved. */
const ALWAYS_REFUSED = new BlockList();
ALWAYS_REFUSED.addSubnet('169.254.0.0', 16, 'ipv4');
ALWAYS_REFUSED.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
// Azure's host address: the wire server (VM agent, extensions), DNS and health probes.
ALWAYS_REFUSED.addAddress('168.63.129.16', 'ipv4');
ALWAYS_REFUSED.addAddress('192.0.0.192', 'ipv4'); // Oracle Cloud metadata
ALWAYS_REFUSED.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
ALWAYS_REFUSED.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved, and 255.255.255.255 (broadcast)
ALWAYS_REFUSED.addSubnet('fe80::', 10, 'ipv6');
ALWAYS_REFUSED.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
ALWAYS_REFUSED.addSubnet('ff00::', 8, 'ipv6'); // multicast

/**
 * Loopback and private ranges: refused unless OUTBOUND_ALLOW_PRIVATE_NETWORKS=true (or the
 * older WEBHOOK_ALLOW_PRIVATE_NETWORKS=true).
 */
const PRIVATE = new BlockList();
PRIVATE.addSubnet('0.0.0.0', 8, 'ipv4'); // "this network": 0.0.0.0 reaches the local host
PRIVATE.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4'); // carrier-grade NAT
PRIVATE.addSubnet('192.0.0.0', 24, 'ipv4'); // IETF protocol assignments (NAT64 discovery, DS-Lite)
PRIVATE.addSubnet('198.18.0.0', 15, 'ipv4'); // benchmarking networks
PRIVATE.addAddress('::', 'ipv6');
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addSubnet('fc00::', 7, 'ipv6'); // unique local
PRIVATE.addSubnet('fec0::', 10, 'ipv6'); // site-local (deprecated, still routed by some networks)
PRIVATE.addSubnet('64:ff9b:1::', 48, 'ipv6'); // local-use IPv4/IPv6 translation

/**
 * The IPv4 addresses an IPv6 address reaches through a translation or tunnel, by the IPv6
 * form: IPv4-mapped (::ffff:0:0/96), IPv4-translated (::ffff:0:0:0/96), IPv4-compatible
 * (::/96), NAT64 (64:ff9b::/96, and the last 32 bits of local-use 64:ff9b:1::/48), 6to4
 * (2002::/16, bits 16-48) and Teredo (2001::/32: the server, and the client's obfuscated
 * address). Each is judged as the IPv4 address it is.
 */
export function embeddedIpv4(address: string): string[] {
  const w = ipv6Words(address);
  const zero = (from: number, to: number) => w.slice(from, to).every((word) => word === 0);
  if (zero(0, 5) && w[5] === 0xffff) return [ipv4Of(w[6], w[7])];
  if (zero(0, 4) && w[4] === 0xffff && w[5] === 0) return [ipv4Of(w[6], w[7])];
  // :: and ::1 are the IPv6 unspecified and loopback addresses, judged as themselves.
  if (zero(0, 6) && !(w[6] === 0 && w[7] <= 1)) return [ipv4Of(w[6], w[7])];
  if (w[0] === 0x64 && w[1] === 0xff9b && (zero(2, 6) || w[2] === 1)) {
    return [ipv4Of(w[6], w[7])];
  }
  if (w[0] === 0x2002) return [ipv4Of(w[1], w[2])];
  if (w[0] === 0x2001 && w[1] === 0) {
    return [ipv4Of(w[2], w[3]), ipv4Of(~w[6] & 0xffff, ~w[7] & 0xffff)];
  }
  return [];
}

/**
 * Why an address may not be connected to, or null when it may. An IPv6 address that carries
 * an IPv4 address (embeddedIpv4) is refused for whatever would refuse that IPv4 address too.
 */
export function refusalOf(address: string, allowPrivate: boolean): string | null {
  const family = isIP(address);
  if (family === 0) return `${address} is not an IP address`;
  const reached: { ip: string; type: 'ipv4' | 'ipv6' }[] =
    family === 4
      ? [{ ip: address, type: 'ipv4' }]
      : [
          { ip: address, type: 'ipv6' },
          ...embeddedIpv4(address).map((ip) => ({ ip, type: 'ipv4' as const })),
        ];
  const what = (ip: string) => (ip === address ? address : `${address} reaches ${ip}, which`);
  for (const { ip, type } of reached) {
    if (ALWAYS_REFUSED.check(ip, type)) {
      return `${what(ip)} is a link-local, metadata or non-unicast address`;
    }
  }
  if (allowPrivate) return null;
  for (const { ip, type } of reached) {
    if (PRIVATE.check(ip, type)) {
      return `${what(ip)} is a loopback or private address (set OUTBOUND_ALLOW_PRIVATE_NETWORKS=true to allow it)`;
    }
  }
  return null;
}

/** A URL that passed the guard: where to connect, and the URL to ask for there. */
export interface CheckedTarget {
  url: URL;
  /** The checked address to connect to (no second lookup). */
  address: string;
  family: 4 | 6;
}

/** Thrown for a URL the guard refuses; its message says why. */
export class RefusedUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedUrlError';
  }
}

/** Parses an outbound URL and checks its scheme (http or https) and form; throws RefusedUrlError. */
export function parseOutboundUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RefusedUrlError('not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RefusedUrlError(`the scheme must be http or https, not ${url.protocol.slice(0, -1)}`);
  }
  if (url.username || url.password)
    throw new RefusedUrlError('credentials in the URL are not allowed');
  return url;
}

/**
 * What a refused host name is answered, whatever the reason: it resolved to a refused
 * address, or to none. The addresses are never named, nor is which of the two it was, so
 * the answer cannot be used to read the service's DNS (which internal names exist, and what
 * they resolve to). A URL with an IP address as its host is answered with the reason.
 */
function refusedName(host: string, allowPrivate: boolean): RefusedUrlError {
  return new RefusedUrlError(
    allowPrivate
      ? `the host ${host} does not resolve to an address outbound calls may reach`
      : `the host ${host} does not resolve to a public address`,
  );
}

/**
 * Resolves the URL's host and checks every address it has; answers the first one to connect
 * to. Throws RefusedUrlError when the scheme, the host or any of its addresses is refused.
 */
export async function checkTarget(raw: string, allowPrivate: boolean): Promise<CheckedTarget> {
  const url = parseOutboundUrl(raw);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host)) {
    const refusal = refusalOf(host, allowPrivate);
    if (refusal) throw new RefusedUrlError(refusal);
    return { url, address: host, family: isIP(host) === 6 ? 6 : 4 };
  }
  let addresses: { address: string; family: number }[];
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    throw refusedName(host, allowPrivate);
  }
  if (addresses.length === 0) throw refusedName(host, allowPrivate);
  for (const { address } of addresses) {
    if (refusalOf(address, allowPrivate)) throw refusedName(host, allowPrivate);
  }
  const [first] = addresses;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
