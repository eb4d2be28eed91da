import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeMarketo, startFakeMarketo } from './helpers/fake-marketo.js';
import { browserAvailable, launchBrowser } from './support/browser.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { connectMarketo, mirrorList, mirrorOf, nextPushEnded } from './support/marketo.js';
import { PROJECT_ROOT } from './support/processes.js';
import { gid } from './support/sync-seed.js';

/** With UPDATE_SCREENSHOTS=1 the test also writes the README's screenshots of the mirror. */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';
const SCREENSHOT_DIR = path.join(PROJECT_ROOT, 'docs/screenshots');
/** A Marketo list name a page that renders names as markup would run: it must stay text. */
const MARKUP = '<img src=x onerror=window.__xss=1>';
const DESKTOP = { width: 1100, height: 900 };
const PHONE = { width: 375, height: 800 };
/** How long to wait for what a push changes on the page (pushes run in the background). */
const LIVE = { timeout: 20_000 };

/** The Marketo static lists of the fake, by id. */
const WEBINAR = 1001;
const NEWSLETTER = 1002;
const MARKED = 1003;
const FOLDER = 12;

let t: TestApp;
let ws: TestWorkspace;
let fake: FakeMarketo;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Page errors and console errors of every page of the test that is running. */
let problems: string[] = [];

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

/** Signs in with `token` on the page at `address` (a list's own address asks first). */
async function signIn(page: Page, address: string, token = ws.token) {
  await page.goto(`${t.url}${address}`);
  await page.getByLabel('API token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('navigation', { name: 'Views' }).waitFor();
}

const listAddress = (listId: string) => `/lists/${encodeURIComponent(gid('List', listId))}`;
const marketoSection = (page: Page) =>
  page.getByRole('region', { name: 'Mirror to Marketo', exact: true });
const lastPush = (page: Page) => marketoSection(page).locator('.marketo-last-push');

/**
 * A list of the workspace whose members (added by hand) are the leads of these emails; a lead
 * another list has already is reused (emails are unique in a workspace). Answers its id.
 */
async function listOf(owner: TestWorkspace, name: string, emails: string[]): Promise<string> {
  const { pool } = t.database;
  const list = await pool.query<{ id: string }>(
    'insert into static_list (workspace_id, name) values ($1, $2) returning id::text',
    [owner.id, name],
  );
  const listId = list.rows[0]?.id as string;
  await pool.query(
    `with leads as (
       insert into lead (workspace_id, email) select $1, unnest($3::text[])
       on conflict (workspace_id, email) do update set email = excluded.email
       returning id
     )
     insert into list_membership (workspace_id, list_id, lead_id, source)
     select $1, $2, id, 'MANUAL' from leads`,
    [owner.id, listId, emails],
  );
  return listId;
}

const MIRROR = `
  mutation ($input: MirrorListToMarketoInput!) {
    mirrorListToMarketo(input: $input) { __typename ... on Error { code message } }
  }
`;

describe.runIf(browserAvailable('web app Marketo'))("a list's Marketo mirror in Chromium", () => {
  beforeAll(async () => {
    fake = await startFakeMarketo({
      clientId: 'web-client',
      clientSecret: 'web-secret',
      folders: [{ id: FOLDER, name: 'Lists' }],
      leads: [
        { email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' },
        { email: 'bob@example.com', firstName: 'Bob', lastName: 'Roy' },
        { email: 'dee@example.com' },
      ],
      lists: [
        { id: WEBINAR, name: 'Webinar invitees', folderId: FOLDER },
        { id: NEWSLETTER, name: 'Newsletter readers', folderId: FOLDER },
        { id: MARKED, name: `Marked ${MARKUP}`, folderId: FOLDER },
      ],
    });
    t = await startTestApp({
      worker: { watchdogMs: 500 },
      // The fake Marketo listens on 127.0.0.1; pushes follow changes within 50 ms.
      config: {
        outboundAllowPrivateNetworks: true,
        marketoPushDebounceMs: 50,
        progressThrottleMs: 0,
      },
    });
    ws = await t.workspace({ name: 'Marketo views' });
    await connectMarketo(t, ws, fake);
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
    await fake?.close();
  });

  it('shows the typed errors of Mirror to Marketo as their message, with Settings when not connected', {
    timeout: 60_000,
  }, async () => {
    const listId = await listOf(ws, 'Unknown target', ['ann@example.com']);
    const { page, elsewhere } = await newPage();
    await signIn(page, listAddress(listId));
    const section = marketoSection(page);
    await section.getByLabel('Marketo list id', { exact: true }).fill('4242');
    await section.getByRole('button', { name: 'Mirror to Marketo', exact: true }).click();
    const refused = await t.gql(MIRROR, {
      input: { listId: gid('List', listId), marketoListId: 4242 },
    });
    const answer = (refused.data as { mirrorListToMarketo: { code: string; message: string } })
      .mirrorListToMarketo;
    expect(answer.code).toBe('MARKETO_LIST_NOT_FOUND');
    await expect.poll(() => section.locator('.error').textContent()).toBe(answer.message);
    expect((await mirrorOf(t, ws, listId)) ?? null).toBeNull();

    // By name: a name no Marketo list has and no folder is refused by the API, as said.
    await section.getByLabel('By name (made in a folder when none has it)').check();
    await section.getByLabel('Marketo list name', { exact: true }).fill('Brand new list');
    await section.getByRole('button', { name: 'Mirror to Marketo', exact: true }).click();
    const named = await t.gql(MIRROR, {
      input: { listId: gid('List', listId), marketoListName: 'Brand new list' },
    });
    const namedAnswer = (named.data as { mirrorListToMarketo: { message: string } })
      .mirrorListToMarketo;
    await expect.poll(() => section.locator('.error').textContent()).toContain(namedAnswer.message);
    expect(fake.listByName('Brand new list')).toBeUndefined();

    // A workspace without a Marketo connection: the form says so, and the typed error too.
    const other = await t.workspace({ name: 'Unconnected' });
    const unconnectedId = await listOf(other, 'Unconnected list', ['cy@example.com']);
    const second = await newPage();
    await signIn(second.page, listAddress(unconnectedId), other.token);
    const form = marketoSection(second.page);
    await form.getByText('Marketo is not connected yet', { exact: false }).waitFor();
    await form.getByLabel('Marketo list id', { exact: true }).fill(String(WEBINAR));
    await form.getByRole('button', { name: 'Mirror to Marketo', exact: true }).click();
    const notConnected = await t.gql(
      MIRROR,
      { input: { listId: gid('List', unconnectedId), marketoListId: WEBINAR } },
      other.token,
    );
    const notConnectedAnswer = (
      notConnected.data as { mirrorListToMarketo: { code: string; message: string } }
    ).mirrorListToMarketo;
    expect(notConnectedAnswer.code).toBe('MARKETO_NOT_CONNECTED');
    await expect.poll(() => form.locator('.error').textContent()).toBe(notConnectedAnswer.message);
    await form.getByRole('link', { name: 'Connect Marketo in Settings' }).click();
    await expect.poll(() => new URL(second.page.url()).pathname).toBe('/settings');
    expect(elsewhere).toEqual([]);
    expect(second.elsewhere).toEqual([]);
  });

  it('mirrors a list by Marketo list id, follows the INITIAL push live, shows its records, pushes now', {
    timeout: 90_000,
  }, async () => {
    const listId = await listOf(ws, 'Customers', [
      'ann@example.com',
      'bob@example.com',
      'cy@example.com',
    ]);
    await listOf(ws, 'Prospects', ['zed@example.com']);
    const { page, elsewhere } = await newPage();
    // What the page hears over graphql-ws: the push's progress comes live, not from a reload.
    const frames: string[] = [];
    page.on('websocket', (socket) =>
      socket.on('framereceived', (frame) => frames.push(String(frame.payload))),
    );
    await signIn(page, listAddress(listId));
    const section = marketoSection(page);
    expect(await section.getByRole('radio', { name: 'Existing leads only' }).isChecked()).toBe(
      true,
    );
    expect(await section.getByRole('radio', { name: 'Create missing leads' }).count()).toBe(1);

    // Marketo's lookups hang, so the INITIAL push is seen before it ends.
    fake.hangNext('getLeads');
    // With the keyboard: the list id typed, Enter submits.
    const field = section.getByLabel('Marketo list id', { exact: true });
    await field.focus();
    await page.keyboard.type(String(WEBINAR));
    await page.keyboard.press('Enter');
    await section.getByText('Webinar invitees', { exact: false }).first().waitFor();
    await fake.waitForHung(1);
    expect(await lastPush(page).textContent()).toMatch(/^Initial push: (queued|running)/);
    fake.releaseHung();
    await expect
      .poll(() => lastPush(page).textContent(), LIVE)
      .toContain('Initial push: succeeded');
    await expect
      .poll(() =>
        frames.some(
          (frame) =>
            frame.includes('"marketoPushProgress"') &&
            frame.includes('"INITIAL"') &&
            frame.includes('"SUCCEEDED"'),
        ),
      )
      .toBe(true);

    // The counts the page shows are the push's own.
    const mirror = await mirrorOf(t, ws, listId);
    expect(mirror?.lastPush).toMatchObject({
      trigger: 'INITIAL',
      status: 'SUCCEEDED',
      added: 2,
      notInMarketo: 1,
    });
    expect(await lastPush(page).textContent()).toContain('2 leads added, 1 email not in Marketo');
    expect(fake.listMemberEmails(WEBINAR).sort()).toEqual(['ann@example.com', 'bob@example.com']);
    await expect
      .poll(() => section.textContent(), LIVE)
      .toContain('Nothing: Marketo has every change.');

    // The INITIAL push's records, then only those not in Marketo.
    const records = section.getByRole('table', { name: /^Records of the initial push/ });
    await expect.poll(() => records.getByRole('rowheader').allTextContents(), LIVE).toHaveLength(3);
    const cy = records.getByRole('row').filter({ hasText: 'cy@example.com' });
    expect(await cy.textContent()).toContain('Not in Marketo');
    expect(await cy.textContent()).toContain('No Marketo lead has this email');
    expect(
      await records.getByRole('row').filter({ hasText: 'ann@example.com' }).textContent(),
    ).toContain('Added');
    await section.getByLabel('Show', { exact: true }).selectOption('NOT_IN_MARKETO');
    await expect
      .poll(() => records.getByRole('rowheader').allTextContents())
      .toEqual(['cy@example.com']);
    await section.getByLabel('Show', { exact: true }).selectOption('SKIPPED');
    await expect
      .poll(() => section.textContent())
      .toContain('No record of this push is “skipped by marketo”.');
    await section.getByLabel('Show', { exact: true }).selectOption('');

    // Push now: a MANUAL push, followed to its end.
    const pushNow = section.getByRole('button', { name: 'Push now', exact: true });
    await pushNow.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => lastPush(page).textContent(), LIVE).toContain('Manual push: succeeded');
    const pushes = section.getByRole('table', { name: 'Pushes' });
    await expect
      .poll(() => pushes.getByRole('row').filter({ hasText: 'Manual' }).textContent(), LIVE)
      .toContain('Succeeded');
    await expect.poll(() => pushes.getByRole('row').count(), LIVE).toBe(3);
    const after = await mirrorOf(t, ws, listId);
    expect(after?.lastPush).toMatchObject({ trigger: 'MANUAL', status: 'SUCCEEDED' });
    await section.getByRole('table', { name: /^Records of the manual push/ }).waitFor();
    await shot(page, 'list-marketo');

    // The Lists view shows each list's mirror.
    await page
      .getByRole('navigation', { name: 'Views' })
      .getByRole('link', { name: 'Lists', exact: true })
      .click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/lists');
    const row = page.getByRole('row').filter({ hasText: 'Customers' });
    await expect.poll(() => row.textContent()).toContain('Webinar invitees (active)');
    await expect
      .poll(() => page.getByRole('row').filter({ hasText: 'Prospects' }).textContent())
      .toContain('Not in Marketo');
    expect(elsewhere).toEqual([]);
  });

  it('fits a 375 px screen: the mirror, its pushes and records, with names as text', {
    timeout: 60_000,
  }, async () => {
    const listId = await listOf(ws, 'Phone list', [
      'ann@example.com',
      'dee@example.com',
      'eve@example.com',
    ]);
    await mirrorList(t, ws, listId, MARKED);
    await nextPushEnded(t, ws, listId);
    const { page, elsewhere } = await newPage(PHONE);
    await signIn(page, listAddress(listId));
    const section = marketoSection(page);
    await expect
      .poll(() => lastPush(page).textContent(), LIVE)
      .toContain('Initial push: succeeded');
    await section.getByText(`Marked ${MARKUP}`).waitFor();
    await section.getByRole('table', { name: /^Records of the initial push/ }).waitFor();
    await section
      .getByRole('table', { name: 'Pushes' })
      .getByRole('row', { name: /Initial/ })
      .waitFor();
    expect(
      await page.evaluate(() => (window as unknown as { __xss?: number }).__xss),
    ).toBeUndefined();
    // Nothing is wider than the screen.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'list-marketo-narrow');
    expect(elsewhere).toEqual([]);
  });

  it('stops mirroring after a confirmation, leaving the Marketo list as it is', {
    timeout: 60_000,
  }, async () => {
    const listId = await listOf(ws, 'Stopped list', ['ann@example.com']);
    await mirrorList(t, ws, listId, NEWSLETTER);
    await nextPushEnded(t, ws, listId);
    const { page } = await newPage();
    await signIn(page, listAddress(listId));
    const section = marketoSection(page);
    await expect
      .poll(() => lastPush(page).textContent(), LIVE)
      .toContain('Initial push: succeeded');
    await section.getByRole('button', { name: 'Stop mirroring', exact: true }).click();
    // Cancel keeps the mirror; the focus goes back to the button.
    await section.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Stop mirroring');
    await page.keyboard.press('Enter');
    await section.getByRole('button', { name: 'Yes, stop mirroring', exact: true }).click();
    await section.getByText('Stopped mirroring.', { exact: false }).waitFor();
    await section.getByRole('button', { name: 'Mirror to Marketo', exact: true }).waitFor();
    expect((await mirrorOf(t, ws, listId)) ?? null).toBeNull();
    expect(fake.listMemberEmails(NEWSLETTER)).toEqual(['ann@example.com']);
  });
});
