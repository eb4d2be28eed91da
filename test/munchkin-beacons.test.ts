import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { configuredWorkspace, IMS_ORG } from './support/identity.js';
import {
  expectNothingRecorded,
  lead,
  publishableKey,
  recorded,
  trackedLink,
} from './support/munchkin.js';

/** The beacons and tracked links over plain HTTP: every refusal, and what each one records. */

const SHOP = 'https://shop.example';
const ECID = '12345678901234567890123456789012345678';
const COOKIE = '_mch-shop.example-1700000000000-12345';
const RATE_LIMIT = 30;

const RevokePublishableKey = graphql(/* GraphQL */ `
  mutation RevokePublishableKey($input: RevokePublishableKeyInput!) {
    revokePublishableKey(input: $input) {
      __typename
      ...ErrorFields
      ... on RevokePublishableKeySuccess {
        publishableKey {
          id
          revokedAt
        }
      }
    }
  }
`);

const WorkspaceKeys = graphql(/* GraphQL */ `
  query WorkspaceKeys {
    workspace {
      publishableKeys(first: 10) {
        totalCount
        edges {
          node {
            id
            key
            allowedOrigins
            revokedAt
          }
        }
      }
    }
  }
`);

const CreateKeyWithOrigins = graphql(/* GraphQL */ `
  mutation CreateKeyWithOrigins($input: CreatePublishableKeyInput!) {
    createPublishableKey(input: $input) {
      __typename
      ...ErrorFields
    }
  }
`);

const LinkFor = graphql(/* GraphQL */ `
  mutation LinkFor($input: CreateTrackedLinkInput!) {
    createTrackedLink(input: $input) {
      __typename
      ...ErrorFields
    }
  }
`);

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({
    config: { munchkinRateLimit: RATE_LIMIT, publicUrl: 'https://links.example/mail' },
  });
});
afterAll(() => t?.close());

async function beacon(
  path: 'cookie-sync' | 'form-fill' | 'email-click',
  body: unknown,
  options: { origin?: string | null; contentType?: string; raw?: string } = {},
) {
  const origin = options.origin === undefined ? SHOP : options.origin;
  const response = await fetch(`${t.url}/munchkin/v1/${path}`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'text/plain;charset=UTF-8',
      ...(origin ? { origin } : {}),
    },
    body: options.raw ?? JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    allowOrigin: response.headers.get('access-control-allow-origin'),
    retryAfter: response.headers.get('retry-after'),
    body: text ? JSON.parse(text) : null,
  };
}

/** A configured workspace with a key for SHOP. */
async function shop(): Promise<{ ws: TestWorkspace; key: string; keyId: string }> {
  const ws = await configuredWorkspace(t);
  const { key, id } = await publishableKey(t, ws, [SHOP]);
  return { ws, key, keyId: id };
}

describe('publishable keys', () => {
  it('are listed on the workspace until revoked; a revoked key is refused with 403', async () => {
    const { ws, key, keyId } = await shop();
    expect(key).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    const listed = await t.gql(WorkspaceKeys, {}, ws.token);
    expect(listed.data.workspace.publishableKeys).toEqual({
      totalCount: 1,
      edges: [{ node: { id: keyId, key, allowedOrigins: [SHOP], revokedAt: null } }],
    });
    const revoked = await t.gql(RevokePublishableKey, { input: { id: keyId } }, ws.token);
    expect(revoked.data.revokePublishableKey).toMatchObject({
      __typename: 'RevokePublishableKeySuccess',
      publishableKey: { id: keyId, revokedAt: expect.any(String) },
    });
    const after = await t.gql(WorkspaceKeys, {}, ws.token);
    expect(after.data.workspace.publishableKeys.totalCount).toBe(0);
    const res = await beacon('cookie-sync', {
      key,
      imsOrgId: IMS_ORG,
      ecid: ECID,
      cookieId: COOKIE,
    });
    expect(res).toMatchObject({ status: 403, allowOrigin: null, body: { code: 'FORBIDDEN' } });
    expect((await recorded(t, ws.id)).cookieSyncs).toEqual([]);
  });

  it('take exact origins only, and only admins create or revoke them', async () => {
    const ws = await configuredWorkspace(t);
    for (const bad of [
      'shop.example',
      'https://shop.example/',
      'https://shop.example/path',
      'ftp://x.example',
    ]) {
      const res = await t.gql(CreateKeyWithOrigins, { input: { allowedOrigins: [bad] } }, ws.token);
      expect(res.data.createPublishableKey, bad).toMatchObject({ code: 'VALIDATION' });
    }
    const none = await t.gql(CreateKeyWithOrigins, { input: { allowedOrigins: [] } }, ws.token);
    expect(none.data.createPublishableKey).toMatchObject({ code: 'VALIDATION' });
    const writer = await ws.tokenWith(['read', 'write']);
    const res = await t.gql(CreateKeyWithOrigins, { input: { allowedOrigins: [SHOP] } }, writer);
    expect(res.data.createPublishableKey).toMatchObject({ code: 'FORBIDDEN' });
    const listed = await t.gql(WorkspaceKeys, {}, ws.token);
    expect(listed.data.workspace.publishableKeys.totalCount).toBe(0);
  });

  it('of another workspace cannot be revoked (NOT_FOUND), and keep working', async () => {
    const mine = await shop();
    const other = await configuredWorkspace(t);
    const res = await t.gql(RevokePublishableKey, { input: { id: mine.keyId } }, other.token);
    expect(res.data.revokePublishableKey).toMatchObject({ code: 'NOT_FOUND' });
    const ok = await beacon('cookie-sync', {
      key: mine.key,
      imsOrgId: IMS_ORG,
      ecid: ECID,
      cookieId: COOKIE,
    });
    expect(ok.status).toBe(204);
  });
});

describe('beacons', () => {
  it('record a cookie sync and a form fill from an allowed origin, with that origin in CORS', async () => {
    const { ws, key } = await shop();
    const sync = await beacon('cookie-sync', {
      key,
      imsOrgId: IMS_ORG,
      ecid: ECID,
      cookieId: COOKIE,
    });
    expect(sync).toEqual({ status: 204, allowOrigin: SHOP, retryAfter: null, body: null });
    const fill = await beacon('form-fill', {
      key,
      cookieId: COOKIE,
      email: 'Ada@Example.com',
      firstName: 'Ada',
      lastName: null,
    });
    expect(fill.status).toBe(204);
    expect(await recorded(t, ws.id)).toEqual({
      cookieSyncs: [{ ecid: ECID, cookie_id: COOKIE }],
      cookies: [{ cookie_id: COOKIE, email: 'ada@example.com', association_source: 'FORM_FILL' }],
      leads: ['ada@example.com'],
      associations: [{ cookie_id: COOKIE, email: 'ada@example.com', source: 'FORM_FILL' }],
      syncChanges: 0,
    });
    const names = await t.database.pool.query(
      'SELECT first_name, last_name FROM lead WHERE workspace_id = $1',
      [ws.id],
    );
    expect(names.rows).toEqual([{ first_name: 'Ada', last_name: null }]);
  });

  it("tie the cookie to a known lead on a form fill, but never change that lead's fields", async () => {
    const { ws, key } = await shop();
    const pool = t.database.pool;
    await pool.query(
      `INSERT INTO lead (workspace_id, email, first_name, last_name)
       VALUES ($1, 'grace@example.com', 'Grace', 'Hopper'), ($1, 'nameless@example.com', null, null)`,
      [ws.id],
    );
    const stored = async () =>
      (
        await pool.query(
          `SELECT email, first_name, last_name, updated_at FROM lead
            WHERE workspace_id = $1 ORDER BY email`,
          [ws.id],
        )
      ).rows;
    const before = await stored();
    const other = '_mch-shop.example-1700000000000-99999';
    for (const [cookieId, email] of [
      [COOKIE, 'Grace@Example.com'],
      [other, 'nameless@example.com'],
    ]) {
      const fill = await beacon('form-fill', {
        key,
        cookieId,
        email,
        firstName: 'Mallory',
        lastName: '',
      });
      expect(fill.status).toBe(204);
    }
    // Neither the names (given or empty) nor anything else of a known lead changed.
    expect(await stored()).toEqual(before);
    // The association still happens, as FORM_FILL.
    expect((await recorded(t, ws.id)).cookies).toEqual([
      { cookie_id: COOKIE, email: 'grace@example.com', association_source: 'FORM_FILL' },
      { cookie_id: other, email: 'nameless@example.com', association_source: 'FORM_FILL' },
    ]);
    // A form fill with a new email creates its lead with the names given.
    const created = await beacon('form-fill', {
      key,
      cookieId: '_mch-shop.example-1700000000000-55555',
      email: 'new@example.com',
      firstName: 'Newt',
      lastName: 'Scamander',
    });
    expect(created.status).toBe(204);
    const added = await pool.query(
      "SELECT first_name, last_name FROM lead WHERE workspace_id = $1 AND email = 'new@example.com'",
      [ws.id],
    );
    expect(added.rows).toEqual([{ first_name: 'Newt', last_name: 'Scamander' }]);
  });

  it('answer preflights for allowed origins only', async () => {
    const { key } = await shop();
    const preflight = (origin: string) =>
      fetch(`${t.url}/munchkin/v1/form-fill`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const allowed = await preflight(SHOP);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(allowed.headers.get('access-control-allow-headers')).toBe('content-type');
    const other = await preflight('https://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(key).toBeTruthy();
  });

  it('refuse another origin, no Origin, an unknown key, each with 403 and nothing recorded', async () => {
    const { ws, key } = await shop();
    const body = { key, imsOrgId: IMS_ORG, ecid: ECID, cookieId: COOKIE };
    for (const [origin, sent] of [
      ['https://evil.example', body],
      ['https://shop.example:8443', body],
      ['http://shop.example', body],
      [null, body],
      [SHOP, { ...body, key: 'pk_unknownunknownunknownunknownunknownunknown1' }],
      [SHOP, { ...body, key: 42 }],
    ] as const) {
      const res = await beacon('cookie-sync', sent, { origin });
      expect(res, String(origin)).toMatchObject({
        status: 403,
        allowOrigin: null,
        body: { code: 'FORBIDDEN' },
      });
    }
    await expectNothingRecorded(t, ws.id);
  });

  it('refuse bad values with 400 { code, message } and record nothing', async () => {
    const { ws, key } = await shop();
    const cases: [Parameters<typeof beacon>[0], unknown][] = [
      ['cookie-sync', { key, imsOrgId: IMS_ORG, ecid: '123', cookieId: COOKIE }],
      ['cookie-sync', { key, imsOrgId: IMS_ORG, ecid: ECID, cookieId: 'not-a-cookie' }],
      ['cookie-sync', { key, imsOrgId: 'nope', ecid: ECID, cookieId: COOKIE }],
      ['cookie-sync', { key, imsOrgId: IMS_ORG, ecid: ECID }],
      ['cookie-sync', { key, imsOrgId: IMS_ORG, ecid: ECID, cookieId: COOKIE, extra: 1 }],
      ['cookie-sync', { key, imsOrgId: IMS_ORG, ecid: Number(ECID), cookieId: COOKIE }],
      ['form-fill', { key, cookieId: COOKIE, email: 'not an email' }],
      ['form-fill', { key, cookieId: COOKIE, email: 'a@example.com', firstName: 'x\u0000' }],
      ['form-fill', { key, cookieId: '_mch-has space', email: 'a@example.com' }],
      ['email-click', { key, cookieId: COOKIE, mktTok: 'forged.token' }],
    ];
    for (const [path, body] of cases) {
      const res = await beacon(path, body);
      expect(res, JSON.stringify(body)).toMatchObject({
        status: 400,
        allowOrigin: SHOP,
        body: { code: 'VALIDATION', message: expect.any(String) },
      });
    }
    const notJson = await beacon('cookie-sync', null, { raw: `{"key":"${key}",` });
    expect(notJson.status).toBe(400);
    const tooLarge = await beacon('form-fill', null, {
      raw: JSON.stringify({
        key,
        cookieId: COOKIE,
        email: 'a@example.com',
        firstName: 'x'.repeat(9000),
      }),
    });
    expect(tooLarge.status).toBe(413);
    const wrongType = await beacon(
      'cookie-sync',
      { key },
      { contentType: 'application/x-www-form-urlencoded' },
    );
    expect(wrongType.status).toBe(415);
    await expectNothingRecorded(t, ws.id);
  });

  it('refuse inherited names as fields (constructor, toString, __proto__), naming them', async () => {
    const { ws, key } = await shop();
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const res = await beacon('cookie-sync', null, {
        raw: `{"key":"${key}","imsOrgId":"${IMS_ORG}","ecid":"${ECID}","cookieId":"${COOKIE}","${name}":"x"}`,
      });
      expect(res, name).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION', message: `${name}: not a field of this call` },
      });
    }
    await expectNothingRecorded(t, ws.id);
  });

  it('answer 404 for a call that is not one of the three, inherited names included', async () => {
    const { key } = await shop();
    for (const path of ['constructor', 'unknown']) {
      const res = await fetch(`${t.url}/munchkin/v1/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: SHOP },
        body: JSON.stringify({ key }),
      });
      expect(res.status, path).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('check the Origin header, then the body (which carries the key), then the key', async () => {
    const unknown = { key: 'pk_unknownunknownunknownunknownunknownunknown1' };
    const noOrigin = await beacon('cookie-sync', unknown, {
      origin: null,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(noOrigin).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const wrongType = await beacon('cookie-sync', unknown, {
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(wrongType).toMatchObject({
      status: 415,
      allowOrigin: null,
      body: { code: 'UNSUPPORTED_MEDIA_TYPE' },
    });
    const notJson = await beacon('cookie-sync', null, { raw: '{"key":' });
    expect(notJson).toMatchObject({ status: 400, allowOrigin: null, body: { code: 'VALIDATION' } });
    const unknownKey = await beacon('cookie-sync', unknown);
    expect(unknownKey).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });

  it('follow the workspace rules of recordCookieSync, recording nothing', async () => {
    const hipaa = await t.workspace({ hipaaReady: true });
    const hipaaKey = (await publishableKey(t, hipaa, [SHOP])).key;
    const bare = await t.workspace();
    const bareKey = (await publishableKey(t, bare, [SHOP])).key;
    const off = await configuredWorkspace(t, false);
    const offKey = (await publishableKey(t, off, [SHOP])).key;
    const on = await shop();
    const sync = (key: string, imsOrgId = IMS_ORG) =>
      beacon('cookie-sync', { key, imsOrgId, ecid: ECID, cookieId: COOKIE });
    const fill = (key: string) =>
      beacon('form-fill', { key, cookieId: COOKIE, email: 'a@example.com' });
    expect(await sync(hipaaKey)).toMatchObject({ status: 403, body: { code: 'HIPAA_RESTRICTED' } });
    expect(await fill(hipaaKey)).toMatchObject({ status: 403, body: { code: 'HIPAA_RESTRICTED' } });
    expect(await sync(bareKey)).toMatchObject({
      status: 409,
      body: { code: 'INTEGRATION_NOT_CONFIGURED' },
    });
    expect(await sync(offKey)).toMatchObject({
      status: 403,
      body: { code: 'COOKIE_SYNC_DISABLED' },
    });
    expect(await fill(offKey)).toMatchObject({
      status: 403,
      body: { code: 'COOKIE_SYNC_DISABLED' },
    });
    expect(await sync(on.key, 'FEDCBA9876543210FEDCBA98@AdobeOrg')).toMatchObject({
      status: 409,
      body: { code: 'IMS_ORG_MISMATCH' },
    });
    for (const ws of [hipaa, bare, off, on.ws]) {
      await expectNothingRecorded(t, ws.id);
    }
  });

  it(`allow ${RATE_LIMIT} calls a minute per key and address, then 429 with Retry-After`, async () => {
    const { ws, key } = await shop();
    const second = await publishableKey(t, ws, [SHOP]);
    const cookie = (n: number) => `${COOKIE}-${n}`;
    for (let n = 0; n < RATE_LIMIT; n++) {
      const res = await beacon('cookie-sync', {
        key,
        imsOrgId: IMS_ORG,
        ecid: ECID,
        cookieId: cookie(n),
      });
      expect(res.status).toBe(204);
    }
    const limited = await beacon('cookie-sync', {
      key,
      imsOrgId: IMS_ORG,
      ecid: ECID,
      cookieId: cookie(RATE_LIMIT),
    });
    expect(limited).toMatchObject({
      status: 429,
      allowOrigin: SHOP,
      body: { code: 'RATE_LIMITED' },
    });
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(60);
    // Another key of the same workspace has its own allowance.
    const other = await beacon('cookie-sync', {
      key: second.key,
      imsOrgId: IMS_ORG,
      ecid: ECID,
      cookieId: cookie(99),
    });
    expect(other.status).toBe(204);
    const cookies = (await recorded(t, ws.id)).cookieSyncs.map((row) => row.cookie_id);
    expect(cookies).not.toContain(cookie(RATE_LIMIT));
    expect(cookies).toHaveLength(RATE_LIMIT + 1);
  });
});

describe('tracked links', () => {
  it('carry PUBLIC_URL, redirect to their url with mkt_tok, and an email click ties the cookie', async () => {
    const { ws, key } = await shop();
    const leadId = await lead(t, ws, 'grace@example.com');
    const link = await trackedLink(t, ws, leadId, 'https://shop.example/offer?utm=mail#top');
    expect(link).toMatch(/^https:\/\/links\.example\/mail\/t\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const token = link.slice(link.lastIndexOf('/') + 1);
    const followed = await fetch(`${t.url}/t/${token}`, { redirect: 'manual' });
    expect(followed.status).toBe(302);
    const location = new URL(followed.headers.get('location') as string);
    expect(location.origin + location.pathname).toBe('https://shop.example/offer');
    expect(location.searchParams.get('utm')).toBe('mail');
    expect(location.searchParams.get('mkt_tok')).toBe(token);
    expect(location.hash).toBe('#top');
    expect(followed.headers.get('set-cookie')).toBeNull();
    const click = await beacon('email-click', { key, cookieId: COOKIE, mktTok: token });
    expect(click.status).toBe(204);
    expect((await recorded(t, ws.id)).cookies).toEqual([
      { cookie_id: COOKIE, email: 'grace@example.com', association_source: 'EMAIL_CLICK' },
    ]);
  });

  it("append mkt_tok to the destination's query as written, keeping every other byte", async () => {
    const ws = await configuredWorkspace(t);
    const leadId = await lead(t, ws, 'grace@example.com');
    const cases: [string, (token: string) => string][] = [
      [
        'https://shop.example/offer?q=a%20b&flag&path=/x/y&plus=a+b#top?x=1',
        (token) =>
          `https://shop.example/offer?q=a%20b&flag&path=/x/y&plus=a+b&mkt_tok=${token}#top?x=1`,
      ],
      ['https://shop.example/offer', (token) => `https://shop.example/offer?mkt_tok=${token}`],
      ['https://shop.example/offer?', (token) => `https://shop.example/offer?mkt_tok=${token}`],
      ['https://shop.example/#f', (token) => `https://shop.example/?mkt_tok=${token}#f`],
      // A mkt_tok already there (under any spelling URLSearchParams reads as mkt_tok) is
      // replaced by the link's own; the other pairs keep their bytes and order.
      [
        'https://shop.example/?a=1&mkt_tok=old&b=%2F&mkt%5Ftok=older',
        (token) => `https://shop.example/?a=1&b=%2F&mkt_tok=${token}`,
      ],
    ];
    for (const [url, expected] of cases) {
      const token = (await trackedLink(t, ws, leadId, url)).split('/t/')[1];
      const followed = await fetch(`${t.url}/t/${token}`, { redirect: 'manual' });
      expect(followed.status, url).toBe(302);
      expect(followed.headers.get('location'), url).toBe(expected(token));
    }
  });

  it('made for any accepted url, however it encodes, can be followed and clicked', async () => {
    const { ws, key } = await shop();
    const leadId = await lead(t, ws, 'grace@example.com');
    // Backslashes stay as they are in a serialized query and double in the token's JSON.
    const prefix = 'https://shop.example/?q=';
    const url = `${prefix}${'\\'.repeat(2048 - prefix.length)}`;
    expect(new URL(url).href).toBe(url);
    const token = (await trackedLink(t, ws, leadId, url)).split('/t/')[1];
    expect(token.length).toBeGreaterThan(3200);
    const followed = await fetch(`${t.url}/t/${token}`, { redirect: 'manual' });
    expect(followed.status).toBe(302);
    expect(followed.headers.get('location')).toBe(`${url}&mkt_tok=${token}`);
    const click = await beacon('email-click', { key, cookieId: COOKIE, mktTok: token });
    expect(click.status).toBe(204);
    expect((await recorded(t, ws.id)).cookies).toEqual([
      { cookie_id: COOKIE, email: 'grace@example.com', association_source: 'EMAIL_CLICK' },
    ]);
  });

  it('refuse a forged or altered token: 404 at /t/, 400 at email-click', async () => {
    const { ws, key } = await shop();
    const leadId = await lead(t, ws, 'grace@example.com');
    const token = (await trackedLink(t, ws, leadId, 'https://shop.example/')).split('/t/')[1];
    const [payload, mac] = token.split('.');
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const redirected = Buffer.from(
      JSON.stringify({ ...decoded, u: 'https://evil.example/' }),
    ).toString('base64url');
    const otherLead = Buffer.from(
      JSON.stringify({ ...decoded, l: String(Number(decoded.l) + 1) }),
    ).toString('base64url');
    const flipped = `${mac.slice(0, -2)}${mac.at(-2) === 'A' ? 'B' : 'A'}${mac.at(-1)}`;
    // The last character carries two spare bits; a spelling that decodes to the same bytes is
    // still an altered token.
    const last = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const index = last.indexOf(mac.at(-1) as string);
    const respelled = `${mac.slice(0, -1)}${last[index ^ 1]}`;
    // Another workspace's valid token does not work with this workspace's key either.
    const stranger = await configuredWorkspace(t);
    const strangerLead = await lead(t, stranger, 'eve@example.com');
    const foreign = (await trackedLink(t, stranger, strangerLead, 'https://shop.example/')).split(
      '/t/',
    )[1];
    for (const bad of [
      `${redirected}.${mac}`,
      `${otherLead}.${mac}`,
      `${payload}.${flipped}`,
      `${payload}.${respelled}`,
      `${payload}.`,
      'nonsense',
    ]) {
      const followed = await fetch(`${t.url}/t/${bad}`, { redirect: 'manual' });
      expect(followed.status, bad).toBe(404);
      expect(followed.headers.get('location')).toBeNull();
    }
    for (const bad of [
      `${redirected}.${mac}`,
      `${otherLead}.${mac}`,
      `${payload}.${flipped}`,
      foreign,
    ]) {
      const click = await beacon('email-click', { key, cookieId: COOKIE, mktTok: bad });
      expect(click).toMatchObject({ status: 400, body: { code: 'VALIDATION' } });
    }
    expect((await recorded(t, ws.id)).cookies).toEqual([]);
  });

  it('only go to absolute http(s) addresses, for leads of the caller', async () => {
    const ws = await configuredWorkspace(t);
    const leadId = await lead(t, ws, 'grace@example.com');
    for (const url of [
      'javascript:alert(1)',
      '/relative',
      'https://user:pw@shop.example/',
      `https://shop.example/${'x'.repeat(2100)}`,
    ]) {
      const res = await t.gql(LinkFor, { input: { leadId, url } }, ws.token);
      expect(res.data.createTrackedLink, url).toMatchObject({ code: 'VALIDATION' });
    }
    const other = await configuredWorkspace(t);
    const res = await t.gql(
      LinkFor,
      { input: { leadId, url: 'https://shop.example/' } },
      other.token,
    );
    expect(res.data.createTrackedLink).toMatchObject({ code: 'NOT_FOUND' });
    const reader = await ws.tokenWith(['read']);
    const forbidden = await t.gql(
      LinkFor,
      { input: { leadId, url: 'https://shop.example/' } },
      reader,
    );
    expect(forbidden.data.createTrackedLink).toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('the script', () => {
  it('is served small, cacheable, and without cookies', async () => {
    const res = await fetch(`${t.url}/munchkin/cookie-sync.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(res.headers.get('set-cookie')).toBeNull();
    // Loadable with crossorigin (and so with SRI) from any page.
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const text = await res.text();
    expect(Buffer.byteLength(text)).toBeLessThan(8 * 1024);
    const etag = res.headers.get('etag') as string;
    const again = await fetch(`${t.url}/munchkin/cookie-sync.js`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });
});
