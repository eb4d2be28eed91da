import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from './support/browser.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { PROJECT_ROOT } from './support/processes.js';
import { gid, Seed, settled, startSync } from './support/sync-seed.js';
import { waitFor } from './support/util.js';

/** With UPDATE_SCREENSHOTS=1 the test also writes the README's screenshots. */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'docs/screenshots');
const AUDIENCE_SIZE = 60_000;

let t: TestApp;
let ws: TestWorkspace;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function shot(page: Page, name: string) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** A fresh browser profile whose requests to any other origin are aborted and recorded. */
async function isolatedPage(): Promise<{ page: Page; elsewhere: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  contexts.push(context);
  const origin = new URL(t.url).origin;
  const elsewhere: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url === origin) return route.continue();
    // Pages made in the browser itself (blob workers, data URLs) are not network requests.
    if (url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
    elsewhere.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('websocket', (socket) => {
    if (!socket.url().startsWith(origin.replace(/^http/, 'ws'))) elsewhere.push(socket.url());
  });
  return { page, elsewhere };
}

async function signIn(page: Page) {
  await page.goto(t.url);
  await page.getByLabel('API token', { exact: true }).fill(ws.token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'New sync' }).waitFor();
}

const jobCard = (page: Page, audience: string, list: string) =>
  page.getByRole('article', { name: `${audience} → ${list}` });

describe.runIf(browserAvailable('web app'))('web app in Chromium', () => {
  beforeAll(async () => {
    t = await startTestApp({
      worker: { watchdogMs: 500 },
      config: { syncDebounceMs: 50, progressThrottleMs: 0 },
    });
    ws = await t.workspace({ name: 'Acme' });
    const seed = new Seed(t.database.pool, ws.id);
    await seed.integration();
    // A library of two levels, an audience whose visitors are partly known, and a taken name.
    await t.database.pool.query(
      `with campaigns as (
         insert into audience_folder (workspace_id, name, path) values ($1, 'Campaigns', 'Campaigns')
         returning id
       ), q4 as (
         insert into audience_folder (workspace_id, parent_id, name, path)
         select $1, id, 'Q4', 'Campaigns/Q4' from campaigns returning id
       ), audience as (
         insert into audience (workspace_id, folder_id, external_id, name)
         select $1, id, 'seg-q4', 'Q4 buyers' from q4 returning id
       ), ids as (
         select n, lpad((floor(random() * 1e15)::bigint)::text, 15, '0') || lpad(n::text, 23, '0') as ecid
         from generate_series(1, $2::int) n
       ), members as (
         insert into audience_member (workspace_id, audience_id, ecid)
         select $1, audience.id, ecid from ids, audience
       ), leads as (
         insert into lead (workspace_id, email)
         select $1, 'buyer' || n || '@example.com' from ids where n % 5 = 0 returning id, email
       ), cookies as (
         insert into munchkin_cookie (workspace_id, cookie_id, lead_id, associated_at, association_source)
         select $1, '_mch-' || split_part(email, '@', 1), id, now(), 'FORM_FILL' from leads
         union all
         select $1, '_mch-visitor' || n, null, null, null from ids where n % 5 in (1, 2)
       )
       insert into cookie_sync (workspace_id, ecid, cookie_id)
       select $1, ecid, case when n % 5 = 0 then '_mch-buyer' || n else '_mch-visitor' || n end
       from ids where n % 5 in (0, 1, 2)`,
      [ws.id, AUDIENCE_SIZE],
    );
    await t.database.pool.query('analyze audience_member, cookie_sync, munchkin_cookie, lead');
    await seed.list('Newsletter');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  });

  it('refuses a bad token in words, then signs in and remembers the token', async () => {
    const { page, elsewhere } = await isolatedPage();
    await page.goto(t.url);
    await shot(page, 'sign-in');
    await page.getByLabel('API token', { exact: true }).fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('This token was not accepted');
    await signIn(page);
    await page.reload();
    await page.getByRole('heading', { name: 'Sync jobs' }).waitFor();
    await page.getByText('Workspace Acme').waitFor();
    expect(elsewhere).toEqual([]);
  });

  it('creates a sync through the flow, shows its progress reach 100 and the run as a funnel', {
    timeout: 60_000,
  }, async () => {
    const { page, elsewhere } = await isolatedPage();
    await signIn(page);
    await page.getByLabel('Audience library folder', { exact: true }).selectOption({
      label: 'Campaigns/Q4',
    });
    await expect
      .poll(() => page.getByLabel('Audience name', { exact: true }).textContent(), {
        timeout: 15_000,
      })
      .toContain('Q4 buyers');
    await page.getByLabel('Existing list', { exact: true }).selectOption({ value: '' });
    await page.getByLabel('New list name', { exact: true }).fill('Q4 buyers list');
    await shot(page, 'new-sync');
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Sync started' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'OK', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });

    const card = jobCard(page, 'Q4 buyers', 'Q4 buyers list');
    const bar = card.getByRole('progressbar');
    await bar.waitFor();
    // Every value the bar shows, recorded in the page as it changes.
    await bar.evaluate((element) => {
      const seen: string[] = [element.getAttribute('aria-valuenow') ?? ''];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => seen.push(element.getAttribute('aria-valuenow') ?? '')).observe(
        element,
        { attributes: true, attributeFilter: ['aria-valuenow'] },
      );
    });
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 30_000 }).toBe('100');
    const seen = (await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).map(
      Number,
    );
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    // The funnel shows the numbers of the run that just ended.
    const jobId = await waitFor(async () => {
      const row = await t.database.pool.query<{ id: string }>(
        `select j.id from sync_job j join static_list l on l.id = j.list_id where l.name = 'Q4 buyers list'`,
      );
      return row.rows[0]?.id;
    });
    const job = await settled(t, ws.token, jobId);
    const stats = job.lastRun?.stats as Record<string, number>;
    expect(stats).toMatchObject({ audienceSize: AUDIENCE_SIZE, matchedLeads: AUDIENCE_SIZE / 5 });
    for (const key of [
      'audienceSize',
      'ecidsWithCookie',
      'ecidsWithLead',
      'matchedLeads',
      'listSize',
    ]) {
      await expect
        .poll(() => card.locator(`[data-stat="${key}"] .funnel-number`).textContent())
        .toBe(stats[key]?.toLocaleString('en-US'));
    }
    await card.getByText('Run history (1)').click();
    expect(await card.getByRole('table').getByRole('row').count()).toBe(2);

    // Why a visitor is not on the list: the second ECID has an anonymous cookie.
    const second = await t.database.pool.query<{ ecid: string }>(
      `select ecid from cookie_sync where workspace_id = $1 and cookie_id = '_mch-visitor1'`,
      [ws.id],
    );
    await card.getByLabel('ECID', { exact: true }).fill(second.rows[0]!.ecid);
    await card.getByRole('button', { name: 'Explain', exact: true }).click();
    await expect
      .poll(() => card.locator('output').textContent())
      .toContain('tied to no known lead yet');
    await shot(page, 'sync-job');
    await card.getByLabel('ECID', { exact: true }).fill('123');
    await card.getByRole('button', { name: 'Explain', exact: true }).click();
    await expect.poll(() => card.getByRole('alert').textContent()).toContain('38');
    expect(elsewhere).toEqual([]);
  });

  it('pauses and resumes a sync, and runs it now', { timeout: 60_000 }, async () => {
    const { page } = await isolatedPage();
    await signIn(page);
    const card = jobCard(page, 'Q4 buyers', 'Q4 buyers list');
    await card.getByRole('button', { name: 'Pause', exact: true }).click();
    await card.getByRole('button', { name: 'Resume', exact: true }).waitFor();
    expect(await card.getByText('paused', { exact: true }).count()).toBe(1);
    const status = async () =>
      (
        await t.database.pool.query<{ status: string }>(
          `select j.status from sync_job j join static_list l on l.id = j.list_id where l.name = 'Q4 buyers list'`,
        )
      ).rows[0]?.status;
    expect(await status()).toBe('PAUSED');
    await card.getByRole('button', { name: 'Resume', exact: true }).click();
    await card.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    expect(await status()).toBe('ACTIVE');
    // Resume starts a run and Run now asks for one (folded into it when it is still queued):
    // once they are done, the history shows every run and the bar is back at 100.
    await card.getByRole('button', { name: 'Run now', exact: true }).click();
    const jobId = (
      await t.database.pool.query<{ id: string }>(
        `select j.id from sync_job j join static_list l on l.id = j.list_id where l.name = 'Q4 buyers list'`,
      )
    ).rows[0]!.id;
    await settled(t, ws.token, jobId, 30_000);
    const runs = await t.database.pool.query<{ trigger: string }>(
      'select trigger from sync_run where sync_job_id = $1',
      [jobId],
    );
    expect(runs.rows.length).toBeGreaterThanOrEqual(2);
    await expect
      .poll(() => card.getByText(/^Run history \(\d+\)$/).textContent(), { timeout: 30_000 })
      .toBe(`Run history (${runs.rows.length})`);
    await expect
      .poll(() => card.getByRole('progressbar').getAttribute('aria-valuenow'), { timeout: 30_000 })
      .toBe('100');
  });

  it('shows a typed error in words: a new list name already taken', async () => {
    const { page } = await isolatedPage();
    await signIn(page);
    const audienceId = (
      await t.database.pool.query<{ id: string }>(
        `select id from audience where workspace_id = $1 and name = 'Q4 buyers'`,
        [ws.id],
      )
    ).rows[0]!.id;
    // What the API says for the same request: the page must show exactly that.
    const expected = await startSync(t, ws.token, {
      audienceId: gid('Audience', audienceId),
      newListName: 'newsletter',
    });
    expect(expected.__typename).toBe('NameTakenError');
    await page.getByLabel('Audience library folder', { exact: true }).selectOption({
      label: 'Campaigns/Q4',
    });
    await expect
      .poll(() => page.getByLabel('Audience name', { exact: true }).textContent(), {
        timeout: 15_000,
      })
      .toContain('Q4 buyers');
    await page.getByLabel('New list name', { exact: true }).fill('newsletter');
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'New sync' }).getByRole('alert').textContent())
      .toBe((expected as { message: string }).message);
  });

  it('serves GraphiQL from local assets: it renders and loads the schema with other hosts blocked', async () => {
    const { page, elsewhere } = await isolatedPage();
    await signIn(page);
    const introspection = page.waitForResponse(
      (response) =>
        response.url().endsWith('/graphql') &&
        (response.request().postData() ?? '').includes('__schema') &&
        response.status() === 200,
    );
    await page.goto(`${t.url}/graphql`);
    await page.locator('.graphiql-container').first().waitFor();
    const schema = (await (await introspection).json()) as { data?: { __schema?: unknown } };
    expect(schema.data?.__schema).toBeTruthy();
    // The token from the web app is in the headers, in a new GraphiQL tab too.
    await page
      .getByRole('button', { name: /headers/i })
      .first()
      .click();
    await expect
      .poll(() => page.locator('.graphiql-container').first().textContent())
      .toContain(ws.token);
    await shot(page, 'graphiql');
    expect(elsewhere).toEqual([]);
  });
});
