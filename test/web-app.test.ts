import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
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
async function isolatedPage(
  viewport = { width: 1100, height: 900 },
): Promise<{ page: Page; elsewhere: string[] }> {
  const context = await browser.newContext({ viewport });
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

/** The database id of the job feeding the list of this name. */
async function jobIdOf(list: string): Promise<string> {
  const row = await t.database.pool.query<{ id: string }>(
    'select j.id from sync_job j join static_list l on l.id = j.list_id where l.name = $1',
    [list],
  );
  return row.rows[0]!.id;
}

/** The element that has the keyboard focus, by id or text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return element?.id || element?.textContent?.trim() || '';
  });

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
    // A buyer's ECID: matched, and the last run put the lead on the list already.
    const buyer = await t.database.pool.query<{ ecid: string }>(
      `select ecid from cookie_sync where workspace_id = $1 and cookie_id = '_mch-buyer5'`,
      [ws.id],
    );
    await card.getByLabel('ECID', { exact: true }).fill(buyer.rows[0]!.ecid);
    await card.getByRole('button', { name: 'Explain', exact: true }).click();
    await expect
      .poll(() => card.locator('output').textContent())
      .toContain('leads to buyer5@example.com, and the lead is on the list.');
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
    // Each job's buttons keep their names and say which job they act on in their description.
    for (const name of ['Pause', 'Run now']) {
      const described = await card
        .getByRole('button', { name, exact: true })
        .evaluate(
          (button) =>
            document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent,
        );
      expect(described).toBe('Q4 buyers → Q4 buyers list');
    }
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
    expect(elsewhere).toEqual([]);
  });

  it('runs a query in GraphiQL with the token of the web app', async () => {
    const { page, elsewhere } = await isolatedPage();
    await signIn(page);
    const query = '{\n  workspace {\n    name\n  }\n}\n';
    await page.goto(`${t.url}/graphql?query=${encodeURIComponent(query)}`);
    await page.locator('.graphiql-container').first().waitFor();
    const answer = page.waitForResponse(
      (response) =>
        response.url().endsWith('/graphql') &&
        (response.request().postData() ?? '').includes('workspace'),
    );
    await page
      .getByRole('button', { name: /execute/i })
      .first()
      .click();
    expect(await (await answer).json()).toEqual({ data: { workspace: { name: 'Acme' } } });
    await expect
      .poll(() => page.locator('.graphiql-response').first().textContent())
      .toContain('Acme');
    await page
      .getByRole('button', { name: /headers/i })
      .first()
      .click();
    // The schema is loaded: the documentation explorer lists the root types.
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    await page
      .locator('.graphiql-doc-explorer')
      .getByText('Query', { exact: true })
      .first()
      .waitFor();
    await shot(page, 'graphiql');
    expect(elsewhere).toEqual([]);
  });

  it('says when live updates are down, and catches up with what changed once they are back', {
    timeout: 60_000,
  }, async () => {
    const { page } = await isolatedPage();
    // The page's graphql-ws connections pass through here; during the outage none is let in.
    let down = false;
    const open: WebSocketRoute[] = [];
    await page.context().routeWebSocket(/\/graphql$/, (socket) => {
      if (down) {
        void socket.close({ code: 1012, reason: 'outage' });
        return;
      }
      socket.connectToServer();
      open.push(socket);
    });
    await signIn(page);
    const card = jobCard(page, 'Q4 buyers', 'Q4 buyers list');
    await card.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    const notice = page.getByRole('status').filter({ hasText: 'Live updates are interrupted' });
    expect(await notice.count()).toBe(0);

    down = true;
    for (const socket of open.splice(0)) await socket.close({ code: 1012, reason: 'outage' });
    await notice.waitFor();
    // Paused elsewhere meanwhile: the announcement of it reaches nobody on this page.
    const jobId = await jobIdOf('Q4 buyers list');
    const paused = await t.gql(
      'mutation ($id: ID!) { pauseSyncJob(input: { id: $id }) { __typename } }',
      { id: gid('SyncJob', jobId) },
    );
    expect(paused.data).toEqual({ pauseSyncJob: { __typename: 'PauseSyncJobSuccess' } });
    down = false;
    await notice.waitFor({ state: 'hidden', timeout: 30_000 });
    await card.getByRole('button', { name: 'Resume', exact: true }).waitFor({ timeout: 30_000 });

    await card.getByRole('button', { name: 'Resume', exact: true }).click();
    await card.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await settled(t, ws.token, jobId, 30_000);
  });

  it('fits a 375 px wide screen: no sideways scrolling of the page', {
    timeout: 30_000,
  }, async () => {
    const { page } = await isolatedPage({ width: 375, height: 800 });
    const overflow = () =>
      page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
    await page.goto(t.url);
    await page.getByLabel('API token', { exact: true }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await signIn(page);
    const card = jobCard(page, 'Q4 buyers', 'Q4 buyers list');
    await card.locator('[data-stat="listSize"] .funnel-number').waitFor();
    await card.getByText(/^Run history/).click();
    await card.getByRole('table').waitFor();
    await card.getByLabel('ECID', { exact: true }).fill('1'.repeat(38));
    await card.getByRole('button', { name: 'Explain', exact: true }).click();
    await expect.poll(() => card.locator('output').textContent()).toContain('not a member');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(page, 'narrow');
  });

  it('runs the New sync flow with the keyboard alone, through to OK', {
    timeout: 30_000,
  }, async () => {
    const { page } = await isolatedPage();
    await signIn(page);
    const keys = page.keyboard;
    // Tab from the top of the page to the first control of New sync.
    for (let presses = 0; (await focused(page)) !== 'folder'; presses++) {
      expect(presses).toBeLessThan(20);
      await keys.press('Tab');
    }
    const folder = page.getByLabel('Audience library folder', { exact: true });
    await expect.poll(() => folder.locator('option').count()).toBeGreaterThan(1);
    // Arrow keys move through the closed select's options.
    const folderLabel = () =>
      folder.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent);
    for (let presses = 0; (await folderLabel()) !== 'Campaigns/Q4'; presses++) {
      expect(presses).toBeLessThan(10);
      await keys.press('ArrowDown');
    }
    await keys.press('Tab');
    expect(await focused(page)).toBe('audience');
    await expect
      .poll(() =>
        page
          .getByLabel('Audience name', { exact: true })
          .evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent),
      )
      .toBe('Q4 buyers');
    await keys.press('Tab');
    expect(await focused(page)).toBe('existing-list');
    await keys.press('Tab');
    expect(await focused(page)).toBe('new-list');
    await keys.type('Keyboard list');
    await keys.press('Shift+Tab');
    expect(await focused(page)).toBe('existing-list');
    await keys.press('Tab');
    await keys.press('Tab');
    expect(await focused(page)).toBe('Sync');
    await keys.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Sync started' });
    await dialog.waitFor();
    expect(await focused(page)).toBe('OK');
    await keys.press('Space');
    await dialog.waitFor({ state: 'hidden' });
    await jobCard(page, 'Q4 buyers', 'Keyboard list').waitFor();
    // The dialog's close event resets the form; Preact renders that after the dialog hides.
    await expect
      .poll(() => page.getByLabel('New list name', { exact: true }).inputValue())
      .toBe('');
    await settled(t, ws.token, await jobIdOf('Keyboard list'), 30_000);
  });
});
