import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.js';
import { browserAvailable, launchBrowser } from './support/browser.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { configuredWorkspace, IMS_ORG } from './support/identity.js';
import {
  expectNothingRecorded,
  lead,
  publishableKey,
  recorded,
  trackedLink,
} from './support/munchkin.js';
import { freePort } from './support/processes.js';
import { gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';
import { waitFor } from './support/util.js';

/**
 * The cookie-sync script in headless Chromium, on a customer page served from a second local
 * origin: what a visitor's browser reports, and how the visitor reaches a synced list.
 */

const RATE_LIMIT = 20;
const ECID_ADA = '11111111111111111111111111111111111111';
const ECID_GRACE = '22222222222222222222222222222222222222';
const COOKIE_ADA = '_mch-127.0.0.1-1700000000000-11111';

const LeadEcids = graphql(/* GraphQL */ `
  query LeadEcids($email: String!) {
    leads(email: $email, first: 1) {
      edges {
        node {
          email
          firstName
          ecids
        }
      }
    }
  }
`);

const RevokeKey = graphql(/* GraphQL */ `
  mutation RevokeKey($input: RevokePublishableKeyInput!) {
    revokePublishableKey(input: $input) {
      __typename
    }
  }
`);

/**
 * The customer's site. `/page?key=pk_...` loads the script with that key and a sign-up form;
 * like munchkin.js, its inline "Munchkin" writes a `_mkto_trk` cookie when the visitor has none
 * (unless `munchkin=off`, a page without Munchkin).
 */
function customerPage(serviceUrl: string, url: URL): string {
  const key = url.searchParams.get('key') ?? '';
  const munchkin =
    url.searchParams.get('munchkin') === 'off'
      ? ''
      : `<script>
  if (!/(?:^|; )_mkto_trk=/.test(document.cookie)) {
    document.cookie = '_mkto_trk=id:123-ABC-456&token:_mch-127.0.0.1-' + Date.now() + '-' +
      Math.floor(Math.random() * 90000 + 10000) + '; path=/';
  }
</script>`;
  // `org=` sets data-ims-org; `visitor=now|later` stands in for Adobe's VisitorAPI.js: an
  // instance in s_c_il whose getMarketingCloudVisitorID answers at once, or later through its
  // callback, as the real one does before its ECID is known.
  const org = url.searchParams.get('org');
  const visitor = url.searchParams.get('visitor');
  const visitorApi = visitor
    ? `<script>
  window.s_c_il = [{
    _c: 'Visitor',
    marketingCloudOrgID: ${JSON.stringify(url.searchParams.get('visitorOrg'))},
    getMarketingCloudVisitorID: function (callback) {
      var ecid = ${JSON.stringify(url.searchParams.get('ecid'))};
      if (${JSON.stringify(visitor)} === 'now') return ecid;
      setTimeout(function () { callback(ecid); }, 50);
      return undefined;
    }
  }];
</script>`
    : '';
  return `<!doctype html>
<html><head><title>Shop</title>
${munchkin}
${visitorApi}
<script src="${serviceUrl}/munchkin/cookie-sync.js" data-key="${key}"${org ? ` data-ims-org="${org}"` : ''} async></script>
</head><body>
<h1>Shop</h1>
<form id="signup">
  <label>Email <input name="email" type="email"></label>
  <label>First name <input name="firstName"></label>
  <button type="submit">Sign up</button>
</form>
<script>
  document.getElementById('signup').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    window.audienceSync.formFill({ email: form.email.value, firstName: form.firstName.value });
  });
</script>
</body></html>`;
}

/** The Adobe cookie for the IMS org, URL-encoded as the Visitor API writes it. */
function amcvCookie(origin: string, ecidValue: string) {
  return {
    name: `AMCV_${encodeURIComponent(IMS_ORG)}`,
    value: encodeURIComponent(
      `-1124106680|MCIDTS|19700|MCMID|${ecidValue}|MCAAMLH-1701000000|7|MCAAMB-1701000000|vVersion|5.5.0`,
    ),
    url: origin,
  };
}

function munchkinCookie(origin: string, cookieId: string) {
  return { name: '_mkto_trk', value: `id:123-ABC-456&token:${cookieId}`, url: origin };
}

const run = browserAvailable('munchkin-browser');

describe.runIf(run)('the cookie-sync script in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let site: Server;
  /** The customer origin the keys allow, and the same site under a name they do not. */
  let shop: string;
  let elsewhere: string;
  let ws: TestWorkspace;
  let key: string;
  let audienceId: string;

  beforeAll(async () => {
    const port = await freePort();
    t = await startTestApp({
      worker: true,
      config: {
        port,
        publicUrl: `http://127.0.0.1:${port}`,
        syncDebounceMs: 100,
        munchkinRateLimit: RATE_LIMIT,
      },
    });
    site = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://site');
      if (url.pathname !== '/page') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(customerPage(t.url, url));
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const sitePort = (site.address() as AddressInfo).port;
    shop = `http://127.0.0.1:${sitePort}`;
    elsewhere = `http://localhost:${sitePort}`;
    browser = await launchBrowser();
    ws = await configuredWorkspace(t);
    key = (await publishableKey(t, ws, [shop])).key;
    const seed = new Seed(t.database.pool, ws.id);
    audienceId = await seed.audience('Visitors');
    await seed.members(audienceId, [ECID_ADA, ECID_GRACE]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await t?.close();
  });

  /** Beacon calls the page made, with their answers' statuses as they arrive. */
  function beacons(page: Page) {
    const calls: { path: string; status: number }[] = [];
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.pathname.startsWith('/munchkin/v1/')) {
        calls.push({ path: url.pathname.slice('/munchkin/v1/'.length), status: response.status() });
      }
    });
    return calls;
  }

  /** Beacon calls the page issued, in the order the browser issued them. */
  function issued(page: Page) {
    const paths: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/munchkin/v1/')) {
        paths.push(url.pathname.slice('/munchkin/v1/'.length));
      }
    });
    return paths;
  }

  async function listEmails(listId: string): Promise<string[]> {
    const { rows } = await t.database.pool.query<{ email: string }>(
      `SELECT l.email FROM list_membership m JOIN lead l ON l.id = m.lead_id
        WHERE m.workspace_id = $1 AND m.list_id = $2 ORDER BY l.email`,
      [ws.id, listId],
    );
    return rows.map((row) => row.email);
  }

  /** A fresh profile: no cookies, no storage. */
  async function freshContext(): Promise<BrowserContext> {
    return browser.newContext();
  }

  it('records the cookie sync, ties the form fill, and a tracked click; each visitor reaches the synced list', async () => {
    const job = startedJob(
      await startSync(t, ws.token, {
        audienceId: gid('Audience', audienceId),
        newListName: 'Visitors',
      }),
    );
    const initial = await settled(t, ws.token, decodeGlobalID(job.id).id);
    expect(initial.lastRun?.status).toBe('SUCCEEDED');
    const listId = decodeGlobalID(initial.list.id).id;
    expect(await listEmails(listId)).toEqual([]);

    // Ada: Munchkin's cookie and Adobe's ECID are there; the page reports the pair.
    const ada = await freshContext();
    await ada.addCookies([munchkinCookie(shop, COOKIE_ADA), amcvCookie(shop, ECID_ADA)]);
    const page = await ada.newPage();
    const calls = beacons(page);
    const requests = issued(page);
    await page.goto(`${shop}/page?key=${key}`);
    await waitFor(
      async () => ((await recorded(t, ws.id)).cookieSyncs.length > 0 ? true : undefined),
      20_000,
      'the cookie sync',
    );
    expect((await recorded(t, ws.id)).cookieSyncs).toEqual([
      { ecid: ECID_ADA, cookie_id: COOKIE_ADA },
    ]);
    await waitFor(async () => (calls.length >= 1 ? true : undefined), 10_000, 'the beacon answer');
    expect(calls).toEqual([{ path: 'cookie-sync', status: 204 }]);
    // Once per browser session: another page of the session does not report it again, neither
    // when the script loads nor at the page's load event (reload() returns after it), nor when
    // asked.
    await page.reload();
    expect(await page.evaluate(() => (window as any).audienceSync.report())).toBe(false);

    // The form fill makes Ada known: her ECID reaches her lead, and the sync puts her on the list.
    // It is also the marker for the check above: the browser issues this page's calls in order,
    // so a second cookie sync from the reloaded page would be issued before it.
    await page.fill('input[name=email]', 'Ada@Example.com');
    await page.fill('input[name=firstName]', 'Ada');
    await page.click('button[type=submit]');
    await waitFor(
      async () => (requests.includes('form-fill') ? true : undefined),
      10_000,
      'the form fill call',
    );
    expect(requests).toEqual(['cookie-sync', 'form-fill']);
    const adaLead = await waitFor(
      async () => {
        const res = await t.gql(LeadEcids, { email: 'ada@example.com' }, ws.token);
        const node = res.data.leads.edges[0]?.node;
        return node?.ecids.length ? node : undefined;
      },
      20_000,
      'the form fill',
    );
    expect(adaLead).toEqual({ email: 'ada@example.com', firstName: 'Ada', ecids: [ECID_ADA] });
    await waitFor(
      async () => ((await listEmails(listId)).includes('ada@example.com') ? true : undefined),
      20_000,
      'Ada on the synced list',
    );
    expect(calls.map((call) => call.path)).toEqual(['cookie-sync', 'form-fill']);
    expect(calls.every((call) => call.status === 204)).toBe(true);
    await ada.close();

    // Grace: a known lead gets a tracked link; she opens it in a fresh profile that has only
    // Adobe's cookie. The landing page's Munchkin gives her a new cookie, and the script ties
    // it to her lead and syncs it with her ECID.
    const graceId = await lead(t, ws, 'grace@example.com');
    const link = await trackedLink(t, ws, graceId, `${shop}/page?key=${key}`);
    expect(link.startsWith(`${t.url}/t/`)).toBe(true);
    const grace = await freshContext();
    await grace.addCookies([amcvCookie(shop, ECID_GRACE)]);
    const landing = await grace.newPage();
    const graceCalls = beacons(landing);
    await landing.goto(link);
    const landed = new URL(landing.url());
    expect(landed.origin).toBe(shop);
    expect(landed.searchParams.get('mkt_tok')).toBe(link.split('/t/')[1]);
    const graceCookie =
      (await grace.cookies(shop)).find((c) => c.name === '_mkto_trk')?.value ?? '';
    const graceCookieId = graceCookie.split('token:')[1];
    expect(graceCookieId).toMatch(/^_mch-/);
    await waitFor(
      async () => ((await listEmails(listId)).includes('grace@example.com') ? true : undefined),
      20_000,
      'Grace on the synced list',
    );
    const now = await recorded(t, ws.id);
    expect(now.cookies).toContainEqual({
      cookie_id: graceCookieId,
      email: 'grace@example.com',
      association_source: 'EMAIL_CLICK',
    });
    expect(now.cookieSyncs).toContainEqual({ ecid: ECID_GRACE, cookie_id: graceCookieId });
    expect(graceCalls.map((call) => call.path).sort()).toEqual(['cookie-sync', 'email-click']);
    expect(await listEmails(listId)).toEqual(['ada@example.com', 'grace@example.com']);
    await grace.close();
  }, 120_000);

  it('sends with navigator.sendBeacon, and with fetch keepalive where sendBeacon is missing', async () => {
    const beaconWs = await configuredWorkspace(t);
    const beaconKey = (await publishableKey(t, beaconWs, [shop])).key;
    for (const [cookieId, withBeacon] of [
      ['_mch-127.0.0.1-1700000000000-55555', true],
      ['_mch-127.0.0.1-1700000000000-66666', false],
    ] as const) {
      const context = await freshContext();
      if (!withBeacon) {
        await context.addInitScript(() => {
          Object.defineProperty(Navigator.prototype, 'sendBeacon', { value: undefined });
        });
      }
      await context.addCookies([munchkinCookie(shop, cookieId), amcvCookie(shop, ECID_ADA)]);
      const page = await context.newPage();
      const kinds: string[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/munchkin/v1/cookie-sync')) kinds.push(request.resourceType());
      });
      await page.goto(`${shop}/page?key=${beaconKey}`);
      await waitFor(
        async () =>
          (await recorded(t, beaconWs.id)).cookieSyncs.some((row) => row.cookie_id === cookieId)
            ? true
            : undefined,
        20_000,
        `the cookie sync of ${cookieId}`,
      );
      expect(kinds).toEqual([withBeacon ? 'ping' : 'fetch']);
      await context.close();
    }
  });

  it('with fetch, remembers a pair only after a 2xx answer: a refused one is sent again on the next page', async () => {
    // Cookie sync off: the call is refused (403 COOKIE_SYNC_DISABLED).
    const retryWs = await configuredWorkspace(t, false);
    const retryKey = (await publishableKey(t, retryWs, [shop])).key;
    const cookieId = '_mch-127.0.0.1-1700000000000-77777';
    const context = await freshContext();
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'sendBeacon', { value: undefined });
    });
    await context.addCookies([munchkinCookie(shop, cookieId), amcvCookie(shop, ECID_ADA)]);
    const page = await context.newPage();
    const calls = beacons(page);
    const marks = () =>
      page.evaluate(() =>
        Object.keys(sessionStorage).filter((name) => name.startsWith('audienceSync:')),
      );
    await page.goto(`${shop}/page?key=${retryKey}`);
    await waitFor(async () => (calls.length > 0 ? true : undefined), 20_000, 'the refusal');
    expect(calls).toEqual([{ path: 'cookie-sync', status: 403 }]);
    expect(await marks()).toEqual([]);
    // Cookie sync turned on: the next page of the session sends the pair again, and once it is
    // accepted it is remembered.
    const res = await t.gql(
      `mutation($input: ConfigureExperienceCloudInput!) {
         configureExperienceCloud(input: $input) { __typename }
       }`,
      { input: { imsOrgId: IMS_ORG, cookieSyncEnabled: true } },
      retryWs.token,
    );
    expect(res.data).toEqual({
      configureExperienceCloud: { __typename: 'ConfigureExperienceCloudSuccess' },
    });
    await page.goto(`${shop}/page?key=${retryKey}`);
    await waitFor(async () => (calls.length > 1 ? true : undefined), 20_000, 'the second call');
    expect(calls).toEqual([
      { path: 'cookie-sync', status: 403 },
      { path: 'cookie-sync', status: 204 },
    ]);
    await page.waitForFunction(() =>
      Object.keys(sessionStorage).some((name) => name.startsWith('audienceSync:')),
    );
    expect((await recorded(t, retryWs.id)).cookieSyncs).toEqual([
      { ecid: ECID_ADA, cookie_id: cookieId },
    ]);
    await context.close();
  });

  it("finds the ECID in s_ecid with data-ims-org, and in the page's Visitor API instance without it", async () => {
    const adobeWs = await configuredWorkspace(t);
    const adobeKey = (await publishableKey(t, adobeWs, [shop])).key;
    const org = encodeURIComponent(IMS_ORG);
    const cases = [
      {
        cookieId: '_mch-127.0.0.1-1700000000000-81111',
        ecid: '81111111111111111111111111111111111111',
        query: `&org=${org}`,
        sEcid: true,
      },
      {
        cookieId: '_mch-127.0.0.1-1700000000000-82222',
        ecid: '82222222222222222222222222222222222222',
        query: `&visitor=now&visitorOrg=${org}`,
        sEcid: false,
      },
      {
        cookieId: '_mch-127.0.0.1-1700000000000-83333',
        ecid: '83333333333333333333333333333333333333',
        query: `&visitor=later&visitorOrg=${org}`,
        sEcid: false,
      },
    ];
    for (const { cookieId, ecid, query, sEcid } of cases) {
      const context = await freshContext();
      await context.addCookies([
        munchkinCookie(shop, cookieId),
        ...(sEcid
          ? [{ name: 's_ecid', value: encodeURIComponent(`MCMID|${ecid}`), url: shop }]
          : []),
      ]);
      const page = await context.newPage();
      const calls = beacons(page);
      await page.goto(`${shop}/page?key=${adobeKey}&ecid=${ecid}${query}`);
      await waitFor(async () => (calls.length > 0 ? true : undefined), 20_000, query);
      expect(calls, query).toEqual([{ path: 'cookie-sync', status: 204 }]);
      expect((await recorded(t, adobeWs.id)).cookieSyncs, query).toContainEqual({
        ecid,
        cookie_id: cookieId,
      });
      await context.close();
    }
    expect((await recorded(t, adobeWs.id)).cookieSyncs).toHaveLength(cases.length);
  });

  it('makes no call on a page without the cookies', async () => {
    const context = await freshContext();
    await context.addCookies([amcvCookie(shop, ECID_ADA)]);
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('request', (request) => {
      if (request.url().startsWith(`${t.url}/munchkin/v1/`)) requests.push(request.url());
    });
    await page.goto(`${shop}/page?key=${key}&munchkin=off`);
    await page.waitForFunction(() => Boolean((window as any).audienceSync));
    expect(await page.evaluate(() => (window as any).audienceSync.report())).toBe(false);
    expect(
      await page.evaluate(() => (window as any).audienceSync.formFill({ email: 'x@example.com' })),
    ).toBe(false);
    expect(requests).toEqual([]);
    await context.close();
  });

  /** Loads the page on `origin` with `cookies`, waits for the first beacon's answer. */
  async function firstAnswer(
    origin: string,
    pageKey: string,
    cookies: { name: string; value: string; url: string }[],
    query = '',
  ): Promise<{ path: string; status: number }[]> {
    const context = await freshContext();
    await context.addCookies(cookies);
    const page = await context.newPage();
    const calls = beacons(page);
    await page.goto(`${origin}/page?key=${pageKey}${query}`);
    await waitFor(async () => (calls.length > 0 ? true : undefined), 20_000, 'a beacon answer');
    await context.close();
    return calls;
  }

  it('is refused on an origin the key does not allow (403), with a revoked key (403), a HIPAA workspace (403), bad values (400) and a forged token (404, 400); nothing is recorded', async () => {
    const other = await configuredWorkspace(t);
    const otherKey = await publishableKey(t, other, [shop]);
    const cookieId = '_mch-127.0.0.1-1700000000000-33333';
    const good = [munchkinCookie(shop, cookieId), amcvCookie(shop, ECID_ADA)];

    const disallowed = await firstAnswer(elsewhere, otherKey.key, [
      munchkinCookie(elsewhere, cookieId),
      amcvCookie(elsewhere, ECID_ADA),
    ]);
    expect(disallowed).toEqual([{ path: 'cookie-sync', status: 403 }]);

    await t.gql(RevokeKey, { input: { id: otherKey.id } }, other.token);
    expect(await firstAnswer(shop, otherKey.key, good)).toEqual([
      { path: 'cookie-sync', status: 403 },
    ]);

    const hipaa = await t.workspace({ hipaaReady: true });
    const hipaaKey = await publishableKey(t, hipaa, [shop]);
    expect(await firstAnswer(shop, hipaaKey.key, good)).toEqual([
      { path: 'cookie-sync', status: 403 },
    ]);

    const live = await publishableKey(t, other, [shop]);
    expect(
      await firstAnswer(shop, live.key, [munchkinCookie(shop, cookieId), amcvCookie(shop, '123')]),
    ).toEqual([{ path: 'cookie-sync', status: 400 }]);
    expect(
      await firstAnswer(shop, live.key, [
        munchkinCookie(shop, 'not-a-cookie'),
        amcvCookie(shop, ECID_ADA),
      ]),
    ).toEqual([{ path: 'cookie-sync', status: 400 }]);

    // A forged token: /t/ answers 404 in the browser, and a page carrying it gets 400.
    const context = await freshContext();
    const page = await context.newPage();
    const forged = `${Buffer.from('{"w":"1","l":"1","u":"https://evil.example/"}').toString('base64url')}.${'A'.repeat(43)}`;
    const response = await page.goto(`${t.url}/t/${forged}`);
    expect(response?.status()).toBe(404);
    expect(new URL(page.url()).origin).toBe(t.url);
    await context.close();
    const clicks = await firstAnswer(
      shop,
      live.key,
      [munchkinCookie(shop, cookieId)],
      `&mkt_tok=${forged}`,
    );
    expect(clicks).toEqual([{ path: 'email-click', status: 400 }]);

    for (const workspace of [other, hipaa]) {
      await expectNothingRecorded(t, workspace.id);
    }
  }, 120_000);

  it(`answers 429 past ${RATE_LIMIT} calls a minute from one address for one key, and records nothing more`, async () => {
    const limited = await configuredWorkspace(t);
    const limitedKey = await publishableKey(t, limited, [shop]);
    const context = await freshContext();
    await context.addCookies([munchkinCookie(shop, '_mch-127.0.0.1-1700000000000-44444')]);
    const page = await context.newPage();
    const calls = beacons(page);
    await page.goto(`${shop}/page?key=${limitedKey.key}`);
    await page.waitForFunction(() => Boolean((window as any).audienceSync));
    const sent = await page.evaluate((count) => {
      let queued = 0;
      for (let n = 0; n < count; n++) {
        if ((window as any).audienceSync.formFill({ email: `visitor${n}@example.com` })) queued++;
      }
      return queued;
    }, RATE_LIMIT + 1);
    expect(sent).toBe(RATE_LIMIT + 1);
    await waitFor(
      async () => (calls.length === RATE_LIMIT + 1 ? true : undefined),
      20_000,
      'every answer',
    );
    expect(calls.filter((call) => call.status === 204)).toHaveLength(RATE_LIMIT);
    expect(calls.filter((call) => call.status === 429)).toHaveLength(1);
    expect((await recorded(t, limited.id)).leads).toHaveLength(RATE_LIMIT);
    await context.close();
  }, 60_000);
});
