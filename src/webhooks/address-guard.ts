import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * The SSRF guard of webhook URLs. A webhook URL is chosen by a user but fetched by our
 * servers, so it must not reach what only they can reach: cloud metadata endpoints, the
 * machine itself, the private network. Every address a host resolves to is checked (a name
 * with one public and one private address is refused), and the request then connects to the
 * checked address itself, so a second DNS answer cannot swap in another one (DNS rebinding).
 */

/** Never reachable: link-local (cloud metadata lives there), metadata, multicast, reserved. */
const ALWAYS_REFUSED = new BlockList();
ALWAYS_REFUSED.addSubnet('169.254.0.0', 16, 'ipv4');
ALWAYS_REFUSED.addAddress('100.100.100.200', 'ipv4'); // Alibaba Cloud metadata
ALWAYS_REFUSED.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
ALWAYS_REFUSED.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved, broadcast
ALWAYS_REFUSED.addSubnet('fe80::', 10, 'ipv6');
ALWAYS_REFUSED.addAddress('fd00:ec2::254', 'ipv6'); // AWS metadata over IPv6
ALWAYS_REFUSED.addSubnet('ff00::', 8, 'ipv6'); // multicast

/** Loopback and private ranges: refused unless WEBHOOK_ALLOW_PRIVATE_NETWORKS=true. */
const PRIVATE = new BlockList();
PRIVATE.addSubnet('0.0.0.0', 8, 'ipv4'); // "this network": 0.0.0.0 reaches the local host
PRIVATE.addSubnet('127.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('10.0.0.0', 8, 'ipv4');
PRIVATE.addSubnet('172.16.0.0', 12, 'ipv4');
PRIVATE.addSubnet('192.168.0.0', 16, 'ipv4');
PRIVATE.addSubnet('100.64.0.0', 10, 'ipv4'); // carrier-grade NAT
PRIVATE.addSubnet('198.18.0.0', 15, 'ipv4'); // benchmarking networks
PRIVATE.addAddress('::', 'ipv6');
PRIVATE.addAddress('::1', 'ipv6');
PRIVATE.addSubnet('fc00::', 7, 'ipv6'); // unique local

/** Why an address may not be connected to, or null when it may. */
export function refusalOf(address: string, allowPrivate: boolean): string | null {
  let ip = address;
  let family = isIP(ip);
  // An IPv4-mapped IPv6 address (::ffff:169.254.169.254) reaches the IPv4 address it maps.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) {
    ip = mapped[1];
    family = 4;
  }
  if (family === 0) return `${address} is not an IP address`;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (ALWAYS_REFUSED.check(ip, type)) {
    return `${address} is a link-local, metadata or non-unicast address`;
  }
  if (!allowPrivate && PRIVATE.check(ip, type)) {
    return `${address} is a loopback or private address (set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow it)`;
  }
  return null;
}

/** A webhook URL that passed the guard: where to connect, and the URL to ask for there. */
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

/** Parses a webhook URL and checks its scheme (http or https) and form; throws RefusedUrlError. */
export function parseWebhookUrl(raw: string): URL {
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
 * Resolves the URL's host and checks every address it has; answers the first one to connect
 * to. Throws RefusedUrlError when the scheme, the host or any of its addresses is refused.
 */
export async function checkTarget(raw: string, allowPrivate: boolean): Promise<CheckedTarget> {
  const url = parseWebhookUrl(raw);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new RefusedUrlError(`the host ${host} does not resolve`);
    }
  }
  if (addresses.length === 0) throw new RefusedUrlError(`the host ${host} does not resolve`);
  for (const { address } of addresses) {
    const refusal = refusalOf(address, allowPrivate);
    if (refusal) throw new RefusedUrlError(refusal);
  }
  const [first] = addresses;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
