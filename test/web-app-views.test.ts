import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeGlobalID } from '@pothos/plugin-relay';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from './support/browser.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { PROJECT_ROOT } from './support/processes.js';
import { gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';
import { ecid } from './support/util.js';

/** With UPDATE_SCREENSHOTS=1 the test also writes the README's screenshots of the views. */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'docs/screenshots');
/** A name a page that renders names as markup would run: it must stay text. */
const MARKUP = '<img src=x onerror=window.__xss=1>';
const DESKTOP = { width: 1100, height: 900 };
const PHONE = { width: 375, height: 800 };

let t: TestApp;
let ws: TestWorkspace;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Page errors and console errors of every page of the test that is running. */
let problems: string[] = [];

let q4AudienceId: string;
let q4ListId: string;
let newsletterId: string;

async function shot(page: Page, name: string) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * A fresh browser profile whose requests to any other origin are aborted and recorded; its
 * page errors and console errors are collected in `problems`.
 */
async function newPage(viewport = DESKTOP): Promise<{ page: Page; elsewhere: string[] }> {
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
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return { page, elsewhere };
}

async function signIn(page: Page, address = '/') {
  await page.goto(`${t.url}${address}`);
  await page.getByLabel('API token', { exact: true }).fill(ws.token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('navigation', { name: 'Views' }).waitFor();
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Views' });
const pathOf = (page: Page) => new URL(page.url()).pathname;
/** The view's own heading (the first h2 of the main part). */
const viewHeading = (page: Page) => page.locator('main h2').first();
/** The name of the navigation link marked as the current page. */
const currentLink = (page: Page) =>
  nav(page).locator('a[aria-current="page"]').first().textContent();

/** What the database holds of a list's membership and history (to prove nothing changed). */
async function listState(listId: string) {
  const members = await t.database.pool.query(
    'select lead_id, source from list_membership where list_id = $1 order by lead_id',
    [listId],
  );
  const history = await t.database.pool.query(
    'select count(*)::int as n from membership_change where list_id = $1',
    [listId],
  );
  return { members: members.rows, history: history.rows[0].n as number };
}

describe.runIf(browserAvailable('web app views'))('web app views in Chromium', () => {
  beforeAll(async () => {
    t = await startTestApp({
      worker: { watchdogMs: 500 },
      config: { syncDebounceMs: 50, progressThrottleMs: 0 },
    });
    ws = await t.workspace({ name: 'Views' });
    const db = t.database.pool;
    const seed = new Seed(db, ws.id);
    await seed.integration();
    // The library: Campaigns/Q4 holds Q4 buyers (3 matched leads and 1 visitor without a
    // cookie); Campaigns holds an audience of 1 ECID named with markup.
    const folders = await db.query<{ campaigns: string; q4: string }>(
      `with campaigns as (
         insert into audience_folder (workspace_id, name, path) values ($1, 'Campaigns', 'Campaigns')
         returning id
       ), q4 as (
         insert into audience_folder (workspace_id, parent_id, name, path)
         select $1, id, 'Q4', 'Campaigns/Q4' from campaigns returning id
       )
       select campaigns.id as campaigns, q4.id as q4 from campaigns, q4`,
      [ws.id],
    );
    const { campaigns, q4 } = folders.rows[0]!;
    const audience = await db.query<{ id: string }>(
      `insert into audience (workspace_id, folder_id, external_id, name)
       values ($1, $2, 'seg-q4', 'Q4 buyers') returning id`,
      [ws.id, q4],
    );
    q4AudienceId = audience.rows[0]!.id;
    await seed.matchedLeads(q4AudienceId, 'buyer', 3);
    await seed.members(q4AudienceId, [ecid(9_000_001)]);
    const marked = await db.query<{ id: string }>(
      `insert into audience (workspace_id, folder_id, external_id, name)
       values ($1, $2, 'seg-markup', $3) returning id`,
      [ws.id, campaigns, MARKUP],
    );
    await seed.members(marked.rows[0]!.id, [ecid(9_000_002)]);
    await db.query(
      `insert into audience_folder (workspace_id, name, path) values ($1, 'Empty', 'Empty')`,
      [ws.id],
    );
    // Newsletter: one member added by hand; another lead that is on no list.
    newsletterId = await seed.list('Newsletter');
    const reader = await seed.lead('reader@example.com');
    await seed.lead('other@example.com');
    await seed.listMember(newsletterId, reader, 'MANUAL');
    await seed.list(MARKUP);
    // A sync of Q4 buyers into a new list, run once.
    const job = startedJob(
      await startSync(t, ws.token, {
        audienceId: gid('Audience', q4AudienceId),
        newListName: 'Q4 buyers list',
      }),
    );
    const settledJob = await settled(t, ws.token, decodeGlobalID(job.id).id);
    q4ListId = settledJob.list.id;
    browser = await launchBrowser();
  });
  afterEach(() => {
    // Every page of the test ran without a script error or an error in the console.
    const seen = problems;
    problems = [];
    expect(seen).toEqual([]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  });

  it('reaches every view by its link and by its address after a reload; back and forward work', {
    timeout: 60_000,
  }, async () => {
    const { page, elsewhere } = await newPage();
    await signIn(page);
    expect(await currentLink(page)).toBe('Sync jobs');
    const views = [
      { link: 'Lists', path: '/lists', heading: 'Lists' },
      { link: 'Audiences', path: '/audiences', heading: 'Audiences' },
      { link: 'Settings', path: '/settings', heading: null },
      { link: 'Sync jobs', path: '/sync-jobs', heading: 'New sync' },
    ];
    for (const view of views) {
      await nav(page).getByRole('link', { name: view.link, exact: true }).click();
      await expect.poll(() => pathOf(page)).toBe(view.path);
      await expect.poll(() => currentLink(page)).toBe(view.link);
      if (view.heading) await expect.poll(() => viewHeading(page).textContent()).toBe(view.heading);
      // The view took the focus: the keyboard goes on from its heading.
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
      const heading = await viewHeading(page).textContent();
      await page.reload();
      await nav(page).waitFor();
      expect(pathOf(page)).toBe(view.path);
      expect(await currentLink(page)).toBe(view.link);
      await expect.poll(() => viewHeading(page).textContent()).toBe(heading);
    }
    // Back and forward through the history of views.
    await page.goBack();
    await expect.poll(() => pathOf(page)).toBe('/settings');
    await expect.poll(() => currentLink(page)).toBe('Settings');
    await page.goBack();
    await expect.poll(() => pathOf(page)).toBe('/audiences');
    await expect.poll(() => viewHeading(page).textContent()).toBe('Audiences');
    await page.goForward();
    await expect.poll(() => pathOf(page)).toBe('/settings');
    await page.goForward();
    await expect.poll(() => viewHeading(page).textContent()).toBe('New sync');

    // A list's own address, opened directly (a shared link), asks for the token first.
    const fresh = await newPage();
    await signIn(fresh.page, `/lists/${encodeURIComponent(gid('List', newsletterId))}`);
    await expect.poll(() => viewHeading(fresh.page).textContent()).toBe('Newsletter');
    expect(await currentLink(fresh.page)).toBe('Lists');
    await fresh.page.goto(`${t.url}/lists/${encodeURIComponent(gid('List', '999999'))}`);
    await expect.poll(() => viewHeading(fresh.page).textContent()).toBe('List not found');
    expect(elsewhere).toEqual([]);
    expect(fresh.elsewhere).toEqual([]);
  });

  it("shows the lists, and a list's members, search, history and CSV export", {
    timeout: 60_000,
  }, async () => {
    const { page } = await newPage();
    await signIn(page, '/lists');
    const row = page.getByRole('row').filter({ hasText: 'Q4 buyers list' });
    await expect.poll(() => row.textContent()).toContain('3 members');
    expect(await row.getByRole('link', { name: 'Sync of Q4 buyers' }).count()).toBe(1);
    await expect
      .poll(() => page.getByRole('row').filter({ hasText: 'Newsletter' }).textContent())
      .toContain('1 member');
    await shot(page, 'lists');
    await row.getByRole('link', { name: 'Q4 buyers list' }).click();
    await expect.poll(() => viewHeading(page).textContent()).toBe('Q4 buyers list');
    expect(pathOf(page)).toBe(`/lists/${encodeURIComponent(q4ListId)}`);

    const members = page.getByRole('region', { name: 'Members', exact: true });
    for (const i of [0, 1, 2]) {
      await members.getByRole('rowheader', { name: `buyer-${i}@example.com` }).waitFor();
    }
    // Sync members are kept by the sync: no Remove.
    expect(await members.getByRole('button', { name: 'Remove' }).count()).toBe(0);
    await expect.poll(() => members.textContent()).toContain('Members');

    // Search by email (any case).
    await members.getByLabel('Find a member by email').fill('BUYER-1@example.com');
    await members.getByRole('button', { name: 'Find', exact: true }).click();
    await expect
      .poll(() => members.getByRole('rowheader').allTextContents())
      .toEqual(['buyer-1@example.com']);
    await members.getByLabel('Find a member by email').fill('reader@example.com');
    await members.getByRole('button', { name: 'Find', exact: true }).click();
    await expect
      .poll(() => members.textContent())
      .toContain('reader@example.com is a lead, but not on this list');
    await members.getByRole('button', { name: 'Show all members' }).click();
    await expect.poll(() => members.getByRole('rowheader').count()).toBe(3);

    // The history: three leads entered with the initial run of the sync.
    const history = page.getByRole('region', { name: 'Membership history' });
    await expect.poll(() => history.getByRole('row').count()).toBe(4);
    const entry = history.getByRole('row').filter({ hasText: 'buyer-2@example.com' });
    expect(await entry.textContent()).toContain('Entered');
    expect(await entry.textContent()).toContain('The sync');
    expect(await entry.textContent()).toContain('Initial run of');
    await history.getByLabel('Show').selectOption('LEFT');
    await expect.poll(() => history.textContent()).toContain('No change of this kind yet.');
    await history.getByLabel('Show').selectOption('');
    await expect.poll(() => history.getByRole('row').count()).toBe(4);
    await shot(page, 'list');

    // Export CSV: a file holding the members, fetched without the token in any URL.
    const urls: string[] = [];
    page.on('request', (request) => urls.push(request.url()));
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe('Q4-buyers-list-members.csv');
    const csv = readFileSync((await file.path()) as string, 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toContain('email');
    expect(lines.filter((line) => line.startsWith('buyer-')).length).toBe(3);
    expect(csv).toContain('buyer-0@example.com');
    const exportUrl = urls.find((url) => url.includes('/export/lists/'));
    expect(exportUrl).toBeTruthy();
    expect(urls.some((url) => url.includes(ws.token))).toBe(false);
    await page.getByText('Saved Q4-buyers-list-members.csv.').waitFor();

    // The sync job's link opens its card under Sync jobs.
    await page.getByRole('link', { name: 'Sync of Q4 buyers' }).click();
    await expect.poll(() => pathOf(page)).toBe('/sync-jobs');
    await page.getByRole('article', { name: 'Q4 buyers → Q4 buyers list' }).waitFor();
    await expect.poll(() => currentLink(page)).toBe('Sync jobs');
  });

  it('refuses to add an email that is no lead, changing nothing; adds and removes a lead by hand', {
    timeout: 60_000,
  }, async () => {
    const { page } = await newPage();
    await signIn(page, `/lists/${encodeURIComponent(gid('List', newsletterId))}`);
    const members = page.getByRole('region', { name: 'Members', exact: true });
    await members.getByRole('rowheader', { name: 'reader@example.com' }).waitFor();
    const before = await listState(newsletterId);

    await members.getByLabel('Emails of leads to add').fill('nobody@example.com');
    await members.getByRole('button', { name: 'Add members' }).click();
    await expect
      .poll(() => members.getByRole('alert').textContent())
      .toBe(
        'Lead not found: no lead has the email nobody@example.com. Nothing was added: correct or remove it and try again.',
      );
    // The lead's lookup is what refuses it; the mutation would answer the same NOT_FOUND.
    const refused = await t.gql(
      'mutation ($input: AddListMembersInput!) { addListMembers(input: $input) { __typename ... on Error { code message } } }',
      { input: { listId: gid('List', newsletterId), leadIds: [gid('Lead', '999999')] } },
    );
    expect(refused.data).toEqual({
      addListMembers: { __typename: 'NotFoundError', code: 'NOT_FOUND', message: 'Lead not found' },
    });
    expect(await listState(newsletterId)).toEqual(before);
    expect(await members.getByRole('rowheader').allTextContents()).toEqual(['reader@example.com']);

    // A known lead (and the member already there) in one go.
    await members
      .getByLabel('Emails of leads to add')
      .fill('Other@example.com,\nreader@example.com');
    await members.getByRole('button', { name: 'Add members' }).click();
    await expect
      .poll(() => members.locator('.add-members .notice').textContent())
      .toBe('Added 1 member. 1 lead was on the list already (now kept by hand).');
    await members.getByRole('rowheader', { name: 'other@example.com' }).waitFor();
    await expect.poll(() => page.locator('.list-meta').textContent()).toContain('2 members');
    const history = page.getByRole('region', { name: 'Membership history' });
    await expect
      .poll(() => history.getByRole('row').filter({ hasText: 'other@example.com' }).textContent())
      .toContain('Entered');

    // Remove, with the keyboard: its button says which member it removes.
    const remove = members
      .getByRole('row')
      .filter({ hasText: 'other@example.com' })
      .getByRole('button', { name: 'Remove' });
    expect(
      await remove.evaluate(
        (button) =>
          document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent,
      ),
    ).toBe('other@example.com');
    await remove.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => members.textContent())
      .toContain('Removed other@example.com from the list.');
    await expect.poll(() => members.getByRole('rowheader').count()).toBe(1);
    await expect
      .poll(() => history.getByRole('row').filter({ hasText: 'other@example.com' }).count())
      .toBe(2);
    expect(
      await history.getByRole('row').filter({ hasText: 'other@example.com' }).first().textContent(),
    ).toContain('Left');
    const after = await listState(newsletterId);
    expect(after.members).toEqual(before.members);
    expect(after.history).toBe(before.history + 2);
  });

  it('shows the library as a folder tree that expands with the keyboard, Preview sync numbers, and the shortcut into New sync', {
    timeout: 60_000,
  }, async () => {
    const { page } = await newPage();
    await signIn(page, '/audiences');
    const campaigns = page.getByRole('button', { name: /^Campaigns/ });
    await campaigns.waitFor();
    expect(await campaigns.getAttribute('aria-expanded')).toBe('false');
    // With the keyboard alone: Tab to the folder, Enter opens it, Space opens the subfolder.
    await campaigns.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => campaigns.getAttribute('aria-expanded')).toBe('true');
    const q4 = page.getByRole('button', { name: /^Q4/ });
    await q4.waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/^Q4/);
    await page.keyboard.press('Space');
    await expect.poll(() => q4.getAttribute('aria-expanded')).toBe('true');
    const buyers = page.locator('li.audience').filter({ hasText: 'Q4 buyers' });
    await expect.poll(() => buyers.textContent()).toContain('4 ECIDs');
    expect(await buyers.textContent()).toContain('Created through the API');
    expect(await buyers.textContent()).toContain('Feeds Q4 buyers list');
    const marked = page.locator('li.audience').filter({ hasText: MARKUP });
    await expect.poll(() => marked.textContent()).toContain('1 ECID');
    expect(await marked.textContent()).not.toContain('ECIDs');
    // Collapsing hides the folder's content.
    await q4.click();
    await expect.poll(() => q4.getAttribute('aria-expanded')).toBe('false');
    expect(await buyers.isVisible()).toBe(false);
    await q4.click();

    // Preview sync: the dry run's numbers, as previewAudienceSync answers them.
    await buyers.getByRole('button', { name: 'Preview sync' }).click();
    const expected = await t.gql(
      'query ($id: ID!) { previewAudienceSync(audienceId: $id) { audienceSize ecidsWithCookie ecidsWithLead matchedLeads listSize } }',
      { id: gid('Audience', q4AudienceId) },
      ws.token,
    );
    const stats = (expected.data as { previewAudienceSync: Record<string, number> })
      .previewAudienceSync;
    expect(stats).toMatchObject({ audienceSize: 4, matchedLeads: 3 });
    for (const key of [
      'audienceSize',
      'ecidsWithCookie',
      'ecidsWithLead',
      'matchedLeads',
      'listSize',
    ]) {
      await expect
        .poll(() => buyers.locator(`[data-stat="${key}"] .funnel-number`).textContent())
        .toBe(stats[key]!.toLocaleString('en-US'));
    }
    expect(await buyers.textContent()).toContain('A dry run: nothing was written.');
    await shot(page, 'audiences');

    // The shortcut: New sync with this folder and audience chosen.
    await buyers.getByRole('link', { name: 'New sync with this audience' }).click();
    await expect.poll(() => pathOf(page)).toBe('/sync-jobs');
    const chosen = (label: string) =>
      page
        .getByLabel(label, { exact: true })
        .evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent);
    await expect.poll(() => chosen('Audience library folder')).toBe('Campaigns/Q4');
    await expect.poll(() => chosen('Audience name')).toBe('Q4 buyers');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('existing-list');

    // Searching the whole library.
    await page.goBack();
    await page.getByLabel('Find audiences by name or id').fill('seg-q4');
    await expect
      .poll(() => page.getByRole('list', { name: 'Audiences found' }).textContent())
      .toContain('Q4 buyers');
    expect(await page.getByRole('list', { name: 'Audiences found' }).textContent()).toContain(
      'in Campaigns/Q4',
    );
  });

  it('shows names with markup as text: no script of theirs runs', { timeout: 30_000 }, async () => {
    const { page } = await newPage();
    await signIn(page, '/lists');
    await page.getByRole('link', { name: MARKUP, exact: true }).waitFor();
    await page.getByRole('link', { name: MARKUP, exact: true }).click();
    await expect.poll(() => viewHeading(page).textContent()).toBe(MARKUP);
    await expect.poll(() => page.title()).toBe(`${MARKUP} · Lists · audience-sync`);
    await nav(page).getByRole('link', { name: 'Audiences', exact: true }).click();
    await page.getByRole('button', { name: /^Campaigns/ }).click();
    await page.getByText(MARKUP, { exact: true }).waitFor();
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  });

  it('fits every view on a 375 px screen', { timeout: 60_000 }, async () => {
    const { page } = await newPage(PHONE);
    const overflow = () =>
      page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
    await signIn(page, '/lists');
    await page.getByRole('row').filter({ hasText: 'Q4 buyers list' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(page, 'lists-narrow');

    await page.getByRole('link', { name: 'Q4 buyers list', exact: true }).click();
    await page
      .getByRole('region', { name: 'Members', exact: true })
      .getByRole('rowheader')
      .first()
      .waitFor();
    await page
      .getByRole('region', { name: 'Membership history' })
      .getByRole('row')
      .nth(1)
      .waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(page, 'list-narrow');

    await nav(page).getByRole('link', { name: 'Audiences', exact: true }).click();
    await page.getByRole('button', { name: /^Campaigns/ }).click();
    await page.getByRole('button', { name: /^Q4/ }).click();
    const buyers = page.locator('li.audience').filter({ hasText: 'Q4 buyers' });
    await buyers.getByRole('button', { name: 'Preview sync' }).click();
    await buyers.locator('[data-stat="listSize"] .funnel-number').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot(page, 'audiences-narrow');

    await nav(page).getByRole('link', { name: 'Sync jobs', exact: true }).click();
    await page.getByRole('article', { name: 'Q4 buyers → Q4 buyers list' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
  });
});

describe('the addresses of the views', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it('answer the app under its policy; other paths stay 404', async () => {
    const page = await (await fetch(`${app.url}/`)).text();
    for (const address of [
      '/sync-jobs',
      '/lists',
      '/lists/',
      `/lists/${encodeURIComponent(gid('List', '1'))}`,
      '/audiences',
      '/settings',
    ]) {
      const res = await fetch(`${app.url}${address}`);
      expect(res.status, address).toBe(200);
      expect(res.headers.get('content-type'), address).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy'), address).toContain("script-src 'self';");
      expect(res.headers.get('x-frame-options'), address).toBe('DENY');
      expect(await res.text(), address).toBe(page);
    }
    for (const address of ['/nope', '/lists/1/members', '/audiences/x', '/settingsx']) {
      expect((await fetch(`${app.url}${address}`)).status, address).toBe(404);
    }
  });
});
