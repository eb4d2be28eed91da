import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkTarget, embeddedIpv4, refusalOf } from '../src/net/address-guard.js';
import { sendAttempt } from '../src/webhooks/sender.js';

/** Refused whatever WEBHOOK_ALLOW_PRIVATE_NETWORKS says: link-local, metadata, non-unicast. */
const ALWAYS_REFUSED = [
  '169.254.169.254',
  '100.100.100.200',
  '168.63.129.16', // Azure's host address (wire server, DNS, health probes)
  '::ffff:168.63.129.16',
  '192.0.0.192', // Oracle Cloud metadata
  '224.0.0.1',
  '240.0.0.1',
  '255.255.255.255',
  'fe80::1',
  'fd00:ec2::254',
  'ff02::1',
  // 169.254.169.254 inside IPv6 forms that reach it.
  '::ffff:169.254.169.254', // IPv4-mapped
  '::ffff:a9fe:a9fe',
  '::ffff:0:a9fe:a9fe', // IPv4-translated
  '::a9fe:a9fe', // IPv4-compatible
  '::169.254.169.254',
  '64:ff9b::a9fe:a9fe', // NAT64
  '64:ff9b::169.254.169.254',
  '64:ff9b:1::a9fe:a9fe', // local-use NAT64
  '2002:a9fe:a9fe::1', // 6to4
  '2001:0:a9fe:a9fe::1', // Teredo server
  '2001:0:4136:e378:8000:63bf:5601:5601', // Teredo client (169.254.169.254, obfuscated)
];

/** Refused unless WEBHOOK_ALLOW_PRIVATE_NETWORKS=true: loopback and private ranges. */
const PRIVATE = [
  '0.0.0.0',
  '127.0.0.1',
  '10.1.2.3',
  '172.16.0.1',
  '192.168.1.1',
  '100.64.0.1',
  '192.0.0.170',
  '198.18.0.1',
  '::',
  '::1',
  'fc00::1',
  'fd12:3456::1',
  'fec0::1',
  '::ffff:127.0.0.1',
  '::ffff:0:7f00:1',
  '::7f00:1',
  '::10.0.0.1',
  '64:ff9b::a00:1',
  '64:ff9b:1::808:808',
  '2002:c0a8:101::1',
  '2002:7f00:1::1',
  '2001:0:a00:1:8000:63bf:f7f7:f7f7', // Teredo server 10.0.0.1
];

/** Public unicast addresses, in every form. */
const PUBLIC = [
  '93.184.216.34',
  '8.8.8.8',
  '2606:4700:4700::1111',
  '::ffff:8.8.8.8',
  '64:ff9b::808:808',
  '2002:808:808::1',
  '2001:0:808:808:8000:63bf:f7f7:f7f7',
];

describe('webhook address guard', () => {
  it.each(ALWAYS_REFUSED)('always refuses %s', (address) => {
    expect(refusalOf(address, false)).toMatch(/link-local, metadata or non-unicast/);
    expect(refusalOf(address, true)).toMatch(/link-local, metadata or non-unicast/);
  });

  it.each(PRIVATE)('refuses %s unless private networks are allowed', (address) => {
    expect(refusalOf(address, false)).toMatch(/loopback or private/);
    expect(refusalOf(address, true)).toBeNull();
  });

  it.each(PUBLIC)('accepts %s', (address) => {
    expect(refusalOf(address, false)).toBeNull();
  });

  it('names the IPv4 address an IPv6 form reaches', () => {
    expect(embeddedIpv4('64:ff9b::a9fe:a9fe')).toEqual(['169.254.169.254']);
    expect(embeddedIpv4('2002:c0a8:101::1')).toEqual(['192.168.1.1']);
    expect(embeddedIpv4('2001:0:4136:e378:8000:63bf:5601:5601')).toEqual([
      '65.54.227.120',
      '169.254.169.254',
    ]);
    expect(embeddedIpv4('2606:4700:4700::1111')).toEqual([]);
    expect(refusalOf('::ffff:0:a9fe:a9fe', true)).toContain('reaches 169.254.169.254');
  });

  it('refuses URLs by scheme, credentials and host before connecting', async () => {
    for (const [url, reason] of [
      ['http://user:secret@example.com/hook', /credentials/],
      ['http://:secret@example.com/hook', /credentials/],
      ['gopher://example.com/', /scheme/],
      ['http://[::ffff:a9fe:a9fe]/', /link-local/],
      ['http://[64:ff9b::a9fe:a9fe]/', /reaches 169\.254\.169\.254/],
      // The URL parser reads 0x7f.1 as 127.0.0.1.
      ['http://0x7f.1/', /loopback or private/],
      ['http://0.0.0.0:8080/', /loopback or private/],
    ] as const) {
      await expect(checkTarget(url, false), url).rejects.toThrow(reason);
    }
    await expect(checkTarget('https://[2606:4700:4700::1111]/hook', false)).resolves.toMatchObject({
      address: '2606:4700:4700::1111',
      family: 6,
    });
  });

  it('never says what a host name resolved to', async () => {
    // localhost resolves to loopback addresses: the refusal names the host, not them.
    const refused = checkTarget('http://localhost:9/hook', false);
    await expect(refused).rejects.toThrow(/localhost/);
    const message = String(await refused.catch((error: Error) => error.message));
    expect(message).not.toMatch(/127\.0\.0\.1|::1|\d+\.\d+\.\d+\.\d+/);
    // A name that does not resolve gets the same answer as one that resolves to a refused
    // address, so the errors cannot tell which internal names exist.
    const unknown = await checkTarget('http://no-such-host.invalid/hook', false).catch(
      (error: Error) => error.message,
    );
    expect(unknown).toBe(message.replace('localhost', 'no-such-host.invalid'));
  });

  it('reports a failed connection by the host name, not the address it resolved to', async () => {
    // A port nobody listens on: the connection is refused.
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    server.close();
    await once(server, 'close');
    const outcome = await sendAttempt(
      {
        url: `http://localhost:${port}/hook`,
        secret: `whsec_${'A'.repeat(44)}`,
        messageId: 'msg_1',
        payload: '{}',
      },
      true,
    );
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/ECONNREFUSED/);
    expect(outcome.error).toContain(`localhost:${port}`);
    expect(outcome.error).not.toMatch(/127\.0\.0\.1|::1/);
  });
});
