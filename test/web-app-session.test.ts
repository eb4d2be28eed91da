import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../src/auth/tokens.js';
import { browserAvailable, launchBrowser } from './support/browser.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { Seed } from './support/sync-seed.js';

/** More than one page of everything the page lists: audiences and lists (500), jobs (50). */
const AUDIENCES = 501;
const LISTS = 501;
const JOBS = 51;
const FAILED_RUNS = 11;

let t: TestApp;
let ws: TestWorkspace;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  contexts.push(context);
  return { context, page: await context.newPage() };
}

async function signIn(page: Page, token: string) {
  await page.goto(t.url);
  await page.getByLabel('API token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'New sync' }).waitFor();
}

/** Every value this origin keeps in localStorage. */
const storedValues = (page: Page) =>
  page.evaluate(() =>
    Object.keys(window.localStorage).map((key) => window.localStorage.getItem(key) ?? ''),
  );

/** Opens GraphiQL and waits for its introspection to succeed; returns the header it sent. */
async function openGraphiQL(page: Page): Promise<string | undefined> {
  const introspection = page.waitForResponse(
    (response) =>
      response.url().endsWith('/graphql') &&
      (response.request().postData() ?? '').includes('__schema'),
  );
  await page.goto(`${t.url}/graphql`);
  await page.locator('.graphiql-container').first().waitFor();
  const response = await introspection;
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { data?: { __schema?: unknown } };
  expect(body.data?.__schema).toBeTruthy();
  await page
    .getByRole('button', { name: /headers/i })
    .first()
    .click();
  return response.request().headers().authorization;
}

describe.runIf(browserAvailable('web app sessions'))('web app sessions and long lists', () => {
  beforeAll(async () => {
    // Revoked tokens end subscriptions only after a long while here, so a refused HTTP call
    // is what signs the page out in the 401 test.
    t = await startTestApp({ realtime: { tokenCheckMs: 600_000 } });
    ws = await t.workspace({ name: 'Big' });
    await new Seed(t.database.pool, ws.id).integration();
    const db = t.database.pool;
    await db.query(
      `with folder as (
         insert into audience_folder (workspace_id, name, path) values ($1, 'Big', 'Big') returning id
       )
       insert into audience (workspace_id, folder_id, external_id, name)
       select $1, folder.id, 'seg-' || n, 'Audience ' || lpad(n::text, 3, '0')
       from folder, generate_series(1, $2::int) n`,
      [ws.id, AUDIENCES],
    );
    await db.query(
      `insert into static_list (workspace_id, name)
       select $1, 'List ' || lpad(n::text, 3, '0') from generate_series(1, $2::int) n`,
      [ws.id, LISTS],
    );
    await db.query(
      `insert into sync_job (workspace_id, audience_id, list_id, status)
       select $1, a.id, l.id, 'PAUSED'
       from generate_series(1, $2::int) n
       join audience a on a.workspace_id = $1 and a.name = 'Audience ' || lpad(n::text, 3, '0')
       join static_list l on l.workspace_id = $1 and l.name = 'List ' || lpad(n::text, 3, '0')`,
      [ws.id, JOBS],
    );
    // Job 1: a full run, an incremental one after it, then more failures than the card loads.
    const stats = (audienceSize: number, matchedLeads: number) =>
      JSON.stringify({
        audienceSize,
        ecidsWithCookie: 600,
        ecidsWithLead: 300,
        ecidsWithoutCookie: audienceSize - 600,
        ecidsAnonymousOnly: 300,
        matchedLeads,
        listSize: matchedLeads,
        added: matchedLeads,
        removed: 0,
      });
    await db.query(
      `with job as (
         select j.id from sync_job j join static_list l on l.id = j.list_id
         where j.workspace_id = $1 and l.name = 'List 001'
       ), runs as (
         select 1 as n, 'INITIAL' as trigger, 'SUCCEEDED' as status, $2::jsonb as stats, null as error
         union all select 2, 'INCREMENTAL', 'SUCCEEDED', $3::jsonb, null
         union all select 2 + k, 'SCHEDULED', 'FAILED', null, 'the database went away'
         from generate_series(1, $4::int) k
       )
       insert into sync_run (workspace_id, sync_job_id, trigger, status, phase, stats, error,
                             created_at, started_at, finished_at)
       select $1, job.id, runs.trigger, runs.status,
              case when runs.status = 'SUCCEEDED' then 'COMPLETED' else 'FAILED' end,
              runs.stats, runs.error,
              timestamptz '2026-11-01 10:00Z' + runs.n * interval '1 hour',
              timestamptz '2026-11-01 10:00Z' + runs.n * interval '1 hour',
              timestamptz '2026-11-01 10:00Z' + runs.n * interval '1 hour' + interval '2 seconds'
       from job, runs order by runs.n`,
      [ws.id, stats(1000, 250), stats(1000, 260), FAILED_RUNS],
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  });

  it('offers every audience of the folder and every list, page after page', async () => {
    const { page } = await newPage();
    await signIn(page, ws.token);
    await page.getByLabel('Audience library folder', { exact: true }).selectOption({
      label: 'Big',
    });
    const audiences = page.getByLabel('Audience name', { exact: true }).locator('option');
    await expect.poll(() => audiences.count(), { timeout: 15_000 }).toBe(AUDIENCES);
    expect(await audiences.last().textContent()).toBe(`Audience ${AUDIENCES}`);
    // "None: create a new list" and every list.
    const lists = page.getByLabel('Existing list', { exact: true }).locator('option');
    await expect.poll(() => lists.count(), { timeout: 15_000 }).toBe(LISTS + 1);
  });

  it('shows how many jobs there are, and the rest with Show more', async () => {
    const { page } = await newPage();
    await signIn(page, ws.token);
    const jobs = page.getByRole('region', { name: 'Sync jobs' }).getByRole('article');
    await expect.poll(() => jobs.count(), { timeout: 15_000 }).toBe(50);
    await page.getByText(`Showing 50 of ${JOBS} sync jobs.`).waitFor();
    await page.getByRole('button', { name: 'Show more', exact: true }).click();
    await expect.poll(() => jobs.count(), { timeout: 15_000 }).toBe(JOBS);
    await page.getByText(`${JOBS} sync jobs.`, { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Show more', exact: true }).count()).toBe(0);
  });

  it('shows the latest successful run after a streak of failures, saying which run each number is from', async () => {
    const { page } = await newPage();
    await signIn(page, ws.token);
    await page.getByRole('button', { name: 'Show more', exact: true }).click();
    const card = page.getByRole('article', { name: 'Audience 001 → List 001' });
    // The incremental run's own numbers; its audience side is the full run's.
    await expect
      .poll(() => card.locator('[data-stat="listSize"] .funnel-number').textContent(), {
        timeout: 15_000,
      })
      .toBe('260');
    expect(await card.locator('[data-stat="audienceSize"] .funnel-number').textContent()).toBe(
      '1,000',
    );
    const figure = card.locator('figure');
    expect(await figure.locator('figcaption').textContent()).toContain('incremental run of');
    expect(await figure.textContent()).toContain(
      'Matched leads and list size are as of this run. The three ECID counts are those of the full run of',
    );
  });

  it('forgets the token at sign-out, in GraphiQL’s saved tabs too, and GraphiQL follows the next token', async () => {
    const { context, page } = await newPage();
    const first = await t.app.services.workspaces.createToken(ws.id, [...SCOPES], 'first');
    const second = await t.app.services.workspaces.createToken(ws.id, [...SCOPES], 'second');
    await signIn(page, first.token);
    expect(await openGraphiQL(page)).toBe(`Bearer ${first.token}`);
    // GraphiQL saves its tabs with their headers (after a short debounce).
    await expect
      .poll(async () => (await storedValues(page)).filter((v) => v.includes(first.token)).length)
      .toBeGreaterThan(1);

    await page.goto(t.url);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByLabel('API token', { exact: true }).waitFor();
    expect((await storedValues(page)).filter((value) => value.includes(first.token))).toEqual([]);

    await signIn(page, second.token);
    expect(await openGraphiQL(page)).toBe(`Bearer ${second.token}`);
    const editor = page.locator('.graphiql-container').first();
    await expect.poll(() => editor.textContent()).toContain(second.token);
    expect(await editor.textContent()).not.toContain(first.token);
    // No saved tab keeps another token. GraphiQL may open a tab of its own and save it with
    // its headers unset (null) until they are edited; the page script gives such a tab the
    // current token when it restores it, which the second page below shows.
    const savedAuthorizations = () =>
      page.evaluate(() => {
        const saved = JSON.parse(window.localStorage.getItem('graphiql:tabState') ?? '{}');
        return (saved.tabs ?? []).map((tab: { headers: string | null }) => {
          try {
            return JSON.parse(tab.headers ?? '').Authorization ?? null;
          } catch {
            return null;
          }
        });
      });
    await expect
      .poll(savedAuthorizations)
      .toEqual(expect.arrayContaining([`Bearer ${second.token}`]));
    expect(
      (await savedAuthorizations()).filter(
        (authorization: string | null) =>
          authorization !== null && authorization !== `Bearer ${second.token}`,
      ),
    ).toEqual([]);

    // Another GraphiQL tab of the same browser has the current token too.
    const other = await context.newPage();
    expect(await openGraphiQL(other)).toBe(`Bearer ${second.token}`);
    await expect
      .poll(() => other.locator('.graphiql-container').first().textContent())
      .toContain(second.token);
  });

  it('signs out with a sentence when any call is refused with 401, not only the first', async () => {
    const { page } = await newPage();
    const { token } = await t.app.services.workspaces.createToken(ws.id, [...SCOPES], 'soon gone');
    // The page's own reads (cards load older runs in the background) must be over before the
    // token goes, so that the refused call is the button's.
    let pending = 0;
    const isApiCall = (request: { url(): string }) => request.url().endsWith('/graphql');
    page.on('request', (request) => {
      if (isApiCall(request)) pending++;
    });
    const settled = (request: { url(): string }) => {
      if (isApiCall(request)) pending--;
    };
    page.on('requestfinished', settled);
    page.on('requestfailed', settled);
    await signIn(page, token);
    const card = page.getByRole('article', { name: 'Audience 002 → List 002' });
    const resume = card.getByRole('button', { name: 'Resume', exact: true });
    await resume.waitFor();
    let idleSince = Date.now();
    await expect
      .poll(
        () => {
          if (pending > 0) idleSince = Date.now();
          return Date.now() - idleSince >= 500;
        },
        { timeout: 15_000, interval: 50 },
      )
      .toBe(true);
    await t.app.services.workspaces.revokeToken(token);
    await resume.click();
    await page.getByLabel('API token', { exact: true }).waitFor();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('The service no longer accepts this token. Sign in with another one.');
    expect((await storedValues(page)).filter((value) => value.includes(token))).toEqual([]);
  });
});
