import { mkdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMarketo, startFakeMarketo } from './helpers/fake-marketo.js';
import { browserAvailable, launchBrowser } from './support/browser.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { PROJECT_ROOT } from './support/processes.js';
import { waitFor } from './support/util.js';

/** With UPDATE_SCREENSHOTS=1 the test also writes the README's screenshots of Settings. */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'docs/screenshots');

/** Text that would run a script if the page put it into the document as markup. */
const MARKUP = '<img src=x onerror="window.__injected = true">';

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let t: TestApp;
let ws: TestWorkspace;
let browser: Browser;
let fake: FakeMarketo;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
const contexts: BrowserContext[] = [];

async function shot(page: Page, name: string) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * A fresh browser profile; requests to any other origin are aborted and recorded, and every
 * console error and uncaught page error is recorded too.
 */
async function freshPage(
  viewport = { width: 1100, height: 900 },
): Promise<{ page: Page; elsewhere: string[]; problems: string[] }> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const origin = new URL(t.url).origin;
  const elsewhere: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url === origin) return route.continue();
    if (url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    elsewhere.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return { page, elsewhere, problems };
}

/** Signs in on the start page, then opens Settings by its link in the navigation. */
async function openSettings(page: Page, token = ws.token) {
  await page.goto(t.url);
  await page.getByLabel('API token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.waitForURL(`${t.url}/settings`);
  await section(page, 'Webhooks').waitFor();
}

const section = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/** Whether a script put into the page through user text ran. */
const injected = (page: Page) =>
  page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected === true);

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      res.writeHead(204);
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  fake = await startFakeMarketo({ clientId: 'settings-client', clientSecret: 'settings-secret' });
  t = await startTestApp({
    worker: { watchdogMs: 500 },
    background: { retryBaseMs: 200 },
    // The webhook receiver and the fake Marketo listen on 127.0.0.1.
    config: { outboundAllowPrivateNetworks: true },
  });
  ws = await t.workspace({ name: 'Acme' });
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await t?.close();
  await fake?.close();
  receiver?.close();
});

describe.runIf(browserAvailable('web app settings'))('Settings in Chromium', () => {
  it('configures Experience Cloud: a bad IMS org shows the typed error, a good one is saved', async () => {
    const { page, problems, elsewhere } = await freshPage();
    await openSettings(page);
    const panel = section(page, 'Experience Cloud');
    await panel.getByText('Not configured yet').waitFor();
    const field = panel.getByLabel('IMS organization ID', { exact: true });
    await field.fill('not-an-org');
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    // What the API says for the same input: the page shows exactly that.
    const refused = await t.gql(
      `mutation { configureExperienceCloud(input: { imsOrgId: "not-an-org", cookieSyncEnabled: true }) {
         __typename ... on Error { message } ... on ValidationError { fieldErrors { message } } } }`,
    );
    const answer = refused.data as {
      configureExperienceCloud: { message: string; fieldErrors: { message: string }[] };
    };
    await expect
      .poll(() => panel.locator('.error').textContent())
      .toBe(
        [
          answer.configureExperienceCloud.message,
          ...answer.configureExperienceCloud.fieldErrors.map((e) => e.message),
        ].join(' '),
      );

    const org = '0123456789ABCDEF01234567@AdobeOrg';
    await field.fill(org);
    await panel.getByLabel('Accept cookie syncs', { exact: true }).uncheck();
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    await panel.getByText('Saved: cookie syncs are turned off').waitFor();
    const stored = await t.gql('{ workspace { experienceCloud { imsOrgId cookieSyncEnabled } } }');
    expect(stored.data).toEqual({
      workspace: { experienceCloud: { imsOrgId: org, cookieSyncEnabled: false } },
    });
    // Kept after a reload, and turned on again.
    await page.reload();
    await expect.poll(() => field.inputValue()).toBe(org);
    expect(await panel.getByLabel('Accept cookie syncs', { exact: true }).isChecked()).toBe(false);
    await panel.getByLabel('Accept cookie syncs', { exact: true }).check();
    await panel.getByRole('button', { name: 'Save', exact: true }).click();
    await panel.getByText('Saved: cookie syncs from this IMS organization are accepted.').waitFor();
    expect(problems).toEqual([]);
    expect(elsewhere).toEqual([]);
  });

  // After the test above: the workspace has its IMS org, which the snippet names.
  it('creates a publishable key with an origin, shows its snippet to copy, and revokes it', async () => {
    const { page, problems } = await freshPage();
    await openSettings(page);
    const panel = section(page, 'Publishable keys');
    await panel.getByText('No publishable keys yet').waitFor();
    await panel
      .getByLabel('Allowed origins', { exact: true })
      .fill('https://shop.example\nhttps://www.shop.example/');
    await panel.getByRole('button', { name: 'Create key', exact: true }).click();
    await panel.getByText('Key created for 2 origins').waitFor();

    const keys = await t.gql<
      {
        workspace: {
          publishableKeys: {
            edges: { node: { id: string; key: string; allowedOrigins: string[] } }[];
          };
        };
      },
      never
    >('{ workspace { publishableKeys { edges { node { id key allowedOrigins } } } } }');
    const [created] = keys.data.workspace.publishableKeys.edges.map((edge) => edge.node);
    expect(created?.allowedOrigins).toEqual(['https://shop.example', 'https://www.shop.example']);
    const snippet = panel.getByLabel('Page snippet', { exact: true });
    // The snippet the README documents, with this service's origin, the key and the IMS org.
    expect(await snippet.inputValue()).toBe(
      `<script src="${t.url}/munchkin/cookie-sync.js" data-key="${created?.key}" data-ims-org="0123456789ABCDEF01234567@AdobeOrg" async></script>`,
    );
    expect(await panel.getByText('1 live key.', { exact: true }).count()).toBe(1);
    // Copy: with clipboard access the snippet is on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await panel.getByRole('button', { name: 'Copy page snippet', exact: true }).click();
    await panel.getByText('Copied.', { exact: true }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      await snippet.inputValue(),
    );

    // Revoke asks first; Cancel keeps the key.
    await panel.getByRole('button', { name: 'Revoke', exact: true }).click();
    await panel.getByRole('button', { name: 'Cancel', exact: true }).click();
    await panel.getByRole('button', { name: 'Revoke', exact: true }).click();
    await panel.getByRole('button', { name: 'Yes, revoke', exact: true }).click();
    await panel.getByText('No publishable keys yet').waitFor();
    const after = await t.database.pool.query<{ revoked_at: Date | null }>(
      'select revoked_at from publishable_key where key = $1',
      [created?.key],
    );
    expect(after.rows[0]?.revoked_at).not.toBeNull();
    expect(problems).toEqual([]);
  });

  it('creates a webhook: its secret once, Send test reaches the receiver, the log shows the delivery', {
    timeout: 60_000,
  }, async () => {
    const { page, problems } = await freshPage();
    await openSettings(page);
    const panel = section(page, 'Webhooks');
    await panel.getByText('No webhooks yet').waitFor();
    await panel.getByLabel('Receiver URL', { exact: true }).fill(`${receiverUrl}/settings-hook`);
    await panel.getByLabel('Description', { exact: true }).fill(MARKUP);
    await panel.getByLabel('sync_run.succeeded', { exact: true }).check();
    await panel.getByRole('button', { name: 'Create webhook', exact: true }).click();
    const secretField = panel.getByLabel('Signing secret', { exact: true });
    await secretField.waitFor();
    const secret = await secretField.inputValue();
    expect(secret).toMatch(/^whsec_/);
    // The description is text on the page, not markup.
    await panel.getByText(MARKUP, { exact: true }).waitFor();
    expect(await panel.locator('img').count()).toBe(0);
    const hooks = await t.gql<
      { webhooks: { edges: { node: { events: string[]; description: string } }[] } },
      never
    >('{ webhooks { edges { node { events description } } } }');
    expect(hooks.data.webhooks.edges[0]?.node).toEqual({
      events: [
        'SYNC_RUN_SUCCEEDED',
        'SYNC_RUN_FAILED',
        'MATCH_RATE_DROPPED',
        'MARKETO_PUSH_FAILED',
      ],
      description: MARKUP,
    });

    await panel.getByRole('button', { name: 'Send test', exact: true }).click();
    // The receiver gets the test delivery, signed with the secret the page showed.
    const delivery = await waitFor(
      async () => received.find((request) => request.path === '/settings-hook'),
      30_000,
    );
    const payload = new StandardWebhook(secret).verify(delivery.body, {
      'webhook-id': String(delivery.headers['webhook-id']),
      'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
      'webhook-signature': String(delivery.headers['webhook-signature']),
    }) as { type: string };
    expect(payload.type).toBe('webhook.test');
    // The delivery log, opened by Send test, reads again until the delivery is delivered.
    const row = panel.getByRole('row').filter({ hasText: 'webhook.test' });
    await expect
      .poll(() => row.locator('td').nth(1).textContent(), { timeout: 30_000 })
      .toBe('delivered');
    expect(await row.locator('td').nth(2).textContent()).toBe('1');
    expect(await row.locator('td').nth(3).textContent()).toBe('HTTP 204');
    await panel.getByText('1 delivery, newest first', { exact: true }).waitFor();

    // After a reload the secret is gone for good.
    await page.reload();
    await section(page, 'Webhooks').getByText(MARKUP, { exact: true }).waitFor();
    expect(await page.getByLabel('Signing secret', { exact: true }).count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
    expect(await injected(page)).toBe(false);

    // Page by page: 20 failed deliveries from earlier make a second page of the log.
    const seeded = await t.database.pool.query<{ id: string }>(
      `insert into webhook_delivery (workspace_id, webhook_id, event_type, message_id, payload,
         status, attempts, response_status, last_error, created_at)
       select workspace_id, id, 'sync_run.failed', 'msg_seeded_' || n, '{}', 'FAILED', 8, 500,
              'HTTP 500', now() - n * interval '1 hour'
         from webhook, generate_series(1, 20) n
        where workspace_id = $1
       returning id`,
      [ws.id],
    );
    expect(seeded.rowCount).toBe(20);
    const hooksPanel = section(page, 'Webhooks');
    await hooksPanel.getByText('Delivery log').click();
    await hooksPanel.getByText('Deliveries 1–20 of 21', { exact: true }).waitFor();
    expect(await hooksPanel.getByRole('row').count()).toBe(21);
    await hooksPanel.getByRole('button', { name: 'Next page', exact: true }).click();
    await hooksPanel.getByText('Deliveries 21–21 of 21', { exact: true }).waitFor();
    expect(await hooksPanel.getByRole('row').count()).toBe(2);
    await hooksPanel.getByRole('button', { name: 'Previous page', exact: true }).click();
    await hooksPanel.getByText('Deliveries 1–20 of 21', { exact: true }).waitFor();
    await t.database.pool.query('delete from webhook_delivery where id = any($1)', [
      seeded.rows.map((row) => row.id),
    ]);
    expect(problems).toEqual([]);
  });

  it('connects Marketo (a refused secret shows the typed error), shows calls today, and disconnects', {
    timeout: 30_000,
  }, async () => {
    const { page, problems } = await freshPage();
    await openSettings(page);
    const panel = section(page, 'Marketo');
    await panel.getByText('Not connected yet').waitFor();
    expect(await panel.getByLabel('Client secret', { exact: true }).getAttribute('type')).toBe(
      'password',
    );
    expect(await panel.getByLabel('Calls per 20 seconds', { exact: true }).inputValue()).toBe('50');
    expect(await panel.getByLabel('Concurrent calls', { exact: true }).inputValue()).toBe('5');
    expect(await panel.getByLabel('Daily call budget', { exact: true }).inputValue()).toBe('10000');
    await panel.getByLabel('REST endpoint', { exact: true }).fill(fake.restEndpoint);
    await panel.getByLabel('Client ID', { exact: true }).fill('settings-client');
    await panel.getByLabel('Client secret', { exact: true }).fill('wrong-secret');
    await panel.getByRole('button', { name: 'Connect', exact: true }).click();
    const error = panel.locator('.error');
    await error.waitFor();
    const refused = await t.gql(
      `mutation ($input: ConnectMarketoInput!) { connectMarketo(input: $input) { __typename ... on Error { message } } }`,
      {
        input: {
          restEndpoint: fake.restEndpoint,
          clientId: 'settings-client',
          clientSecret: 'wrong-secret',
        },
      },
    );
    const answer = (refused.data as { connectMarketo: { __typename: string; message: string } })
      .connectMarketo;
    expect(answer.__typename).toBe('MarketoAuthFailedError');
    expect(await error.textContent()).toBe(answer.message);

    await panel.getByLabel('Client secret', { exact: true }).fill('settings-secret');
    await panel.getByLabel('Daily call budget', { exact: true }).fill('2500');
    await panel.getByRole('button', { name: 'Connect', exact: true }).click();
    await panel.getByText('Connected: pushes run.', { exact: true }).waitFor();
    await panel.getByText(/^0 of 2,500 calls/).waitFor();
    expect(await panel.getByText('settings-secret').count()).toBe(0);
    expect(await page.content()).not.toContain('settings-secret');

    await panel.getByRole('button', { name: 'Disconnect', exact: true }).click();
    await panel.getByRole('button', { name: 'Yes, disconnect', exact: true }).click();
    await panel.getByText('Disconnected: mirrors are paused', { exact: false }).waitFor();
    const stored = await t.gql('{ workspace { marketo { status } } }');
    expect(stored.data).toEqual({ workspace: { marketo: { status: 'DISCONNECTED' } } });
    expect(problems).toEqual([]);
  });

  it('creates a read token with the keyboard: shown once, works for its scope only, gone after a reload, revoked', {
    timeout: 30_000,
  }, async () => {
    const { page, problems } = await freshPage();
    await openSettings(page);
    const panel = section(page, 'API tokens');
    const description = `Reporting ${MARKUP}`;
    // The keyboard alone: Create token opens the form with the focus on its first scope.
    await panel.getByRole('button', { name: 'Create token', exact: true }).focus();
    await page.keyboard.press('Enter');
    const read = panel.getByLabel('read', { exact: true });
    await expect.poll(() => read.evaluate((box) => box === document.activeElement)).toBe(true);
    expect(await read.isChecked()).toBe(true);
    expect(await panel.getByLabel('write', { exact: true }).isChecked()).toBe(false);
    expect(await panel.getByLabel('admin', { exact: true }).isChecked()).toBe(false);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type(description);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const field = panel.getByLabel('New token', { exact: true });
    await field.waitFor();
    const value = await field.inputValue();
    expect(value.length).toBeGreaterThan(20);
    const row = panel.getByRole('row').filter({ hasText: 'Reporting' });
    await expect.poll(() => row.locator('td').first().textContent()).toBe(description);
    expect(await row.locator('td').nth(1).textContent()).toBe('read');
    expect(await row.locator('td').nth(3).textContent()).toBe('never');
    expect(await injected(page)).toBe(false);

    // Over HTTP: it reads, and a mutation is refused for want of the write scope.
    const asNew = (query: string) =>
      fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${value}` },
        body: JSON.stringify({ query }),
      }).then(async (response) => ({ status: response.status, body: await response.json() }));
    expect(await asNew('{ workspace { name } }')).toEqual({
      status: 200,
      body: { data: { workspace: { name: 'Acme' } } },
    });
    const refused = await asNew(
      'mutation { createList(input: { name: "From a read token" }) { __typename } }',
    );
    expect(refused.body).toEqual({ data: { createList: { __typename: 'ForbiddenError' } } });
    const lists = await t.database.pool.query(
      "select 1 from static_list where name = 'From a read token'",
    );
    expect(lists.rowCount).toBe(0);

    // After a reload the value is gone from the page; the list shows when it was last used.
    await page.reload();
    await expect.poll(() => row.locator('td').first().textContent()).toBe(description);
    expect(await page.getByLabel('New token', { exact: true }).count()).toBe(0);
    expect(await page.content()).not.toContain(value);
    const used = await waitFor(async () => {
      const answer = await t.gql<
        {
          workspace: {
            apiTokens: { edges: { node: { description: string; lastUsedAt: string | null } }[] };
          };
        },
        never
      >('{ workspace { apiTokens { edges { node { description lastUsedAt } } } } }');
      return (
        answer.data.workspace.apiTokens.edges.find((edge) => edge.node.description === description)
          ?.node.lastUsedAt ?? undefined
      );
    });
    await page.reload();
    await expect
      .poll(() => row.locator('td').nth(3).locator('time').getAttribute('datetime'))
      .toBe(used);

    // Revoke asks first, then the token is refused.
    await row.getByRole('button', { name: 'Revoke', exact: true }).click();
    await row.getByRole('button', { name: 'Yes, revoke', exact: true }).click();
    await panel.getByText('revoked: requests with it are refused from now on.').waitFor();
    await expect.poll(() => row.count()).toBe(0);
    expect((await asNew('{ workspace { name } }')).status).toBe(401);
    expect(problems).toEqual([]);
  });

  it('shows every section at desktop width and fits a 375 px screen, opened by its address', {
    timeout: 30_000,
  }, async () => {
    // Something in each section: a key, Marketo connected again, a token of the page's own.
    await t.gql(
      'mutation { createPublishableKey(input: { allowedOrigins: ["https://shop.example"] }) { __typename } }',
    );
    const connected = await t.gql(
      `mutation ($input: ConnectMarketoInput!) { connectMarketo(input: $input) { __typename } }`,
      {
        input: {
          restEndpoint: fake.restEndpoint,
          clientId: 'settings-client',
          clientSecret: 'settings-secret',
        },
      },
    );
    expect(connected.data).toEqual({ connectMarketo: { __typename: 'ConnectMarketoSuccess' } });
    for (const viewport of [
      { width: 1100, height: 900, name: 'settings' },
      { width: 375, height: 800, name: 'settings-narrow' },
    ]) {
      const { page, problems } = await freshPage(viewport);
      await openSettings(page);
      await page.goto(`${t.url}/settings`);
      const hooks = section(page, 'Webhooks');
      await hooks.getByText(MARKUP, { exact: true }).waitFor();
      await hooks.getByText('Delivery log').click();
      await hooks.getByRole('table').waitFor();
      await section(page, 'Marketo').getByText('Connected: pushes run.').waitFor();
      await section(page, 'Publishable keys').getByLabel('Page snippet', { exact: true }).waitFor();
      await section(page, 'API tokens').getByRole('table').waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
      await shot(page, viewport.name);
      expect(await injected(page)).toBe(false);
      expect(problems).toEqual([]);
    }
  });
});
