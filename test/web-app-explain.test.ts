import { decodeGlobalID } from '@pothos/plugin-relay';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from './support/browser.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';
import { cookie, gid, Seed, settled, startedJob, startSync } from './support/sync-seed.js';
import { ecid } from './support/util.js';

/**
 * The web app in Chromium for what a person reads: "why is jane not on the list?" asked by
 * email, refusals without field paths, durations and retries in the run history, a focus ring
 * that can be seen, and exports named after the list.
 */

const DESKTOP = { width: 1100, height: 900 };

let t: TestApp;
let ws: TestWorkspace;
let browser: Browser;
const contexts: BrowserContext[] = [];
let problems: string[] = [];
let jobId: string;
let listId: string;

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return page;
}

async function signIn(page: Page, address = '/') {
  await page.goto(`${t.url}${address}`);
  await page.getByLabel('API token', { exact: true }).fill(ws.token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('navigation', { name: 'Views' }).waitFor();
}

const jobCard = (page: Page) =>
  page.getByRole('article', { name: 'Explained buyers → Explained list' });

describe.runIf(browserAvailable('web app explain'))('web app explain box and details', () => {
  beforeAll(async () => {
    t = await startTestApp({ worker: { watchdogMs: 500 }, config: { syncDebounceMs: 50 } });
    ws = await t.workspace({ name: 'Explain' });
    const seed = new Seed(t.database.pool, ws.id);
    await seed.integration();
    const audienceId = await seed.audience('Explained buyers');
    // jane: matched. nocookie: a lead only. nosync: a cookie never synced. elsewhere: synced
    // with an ECID outside the audience, and added to the list by hand.
    const jane = await seed.lead('jane@acme.com');
    await seed.cookie(cookie('jane'), jane);
    await seed.cookieSync(ecid(1), cookie('jane'));
    await seed.lead('nocookie@acme.com');
    const nosync = await seed.lead('nosync@acme.com');
    await seed.cookie(cookie('nosync'), nosync);
    const elsewhere = await seed.lead('elsewhere@acme.com');
    await seed.cookie(cookie('elsewhere'), elsewhere);
    await seed.cookieSync(ecid(2), cookie('elsewhere'));
    await seed.members(audienceId, [ecid(1), ecid(3)]);
    const job = startedJob(
      await startSync(t, ws.token, {
        audienceId: gid('Audience', audienceId),
        newListName: 'Explained list',
      }),
    );
    jobId = decodeGlobalID(job.id).id;
    listId = decodeGlobalID(job.list.id).id;
    await settled(t, ws.token, jobId);
    await seed.listMember(listId, elsewhere, 'MANUAL');
    browser = await launchBrowser();
  }, 120_000);
  afterEach(() => {
    expect(problems).toEqual([]);
    problems = [];
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  it('explains a lead by email for each reason, and whether it is on the list', {
    timeout: 60_000,
  }, async () => {
    const page = await newPage();
    await signIn(page);
    const card = jobCard(page);
    await card.waitFor();
    const email = card.getByLabel('Email', { exact: true });
    const explainLead = card.getByRole('button', { name: 'Explain this lead', exact: true });
    const output = card.locator('output');
    const answers: [string, string[]][] = [
      [
        'Jane@Acme.com ',
        ['jane@acme.com is matched', cookie('jane'), ecid(1), 'the lead is on the list.'],
      ],
      ['nobody@acme.com', ['No lead has the email nobody@acme.com']],
      ['nocookie@acme.com', ['no Munchkin cookie is tied to it', 'The lead is not on the list.']],
      ['nosync@acme.com', [cookie('nosync'), 'none is synced with an ECID', 'not on the list']],
      [
        'elsewhere@acme.com',
        [cookie('elsewhere'), ecid(2), 'none of those is in the audience', 'added by hand'],
      ],
    ];
    for (const [typed, parts] of answers) {
      await email.fill(typed);
      await explainLead.click();
      for (const part of parts) await expect.poll(() => output.textContent()).toContain(part);
    }
    // The email box submits with Enter too.
    await email.fill('jane@acme.com');
    await email.press('Enter');
    await expect.poll(() => output.textContent()).toContain('jane@acme.com is matched');
    // On a phone the answer, 38-digit ECIDs and all, wraps inside the box.
    await page.setViewportSize({ width: 375, height: 800 });
    const overflow = await card
      .locator('fieldset')
      .evaluate((element) => element.scrollWidth - element.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('says what is wrong with a value in words, never with a field path', {
    timeout: 30_000,
  }, async () => {
    const page = await newPage();
    await signIn(page);
    const card = jobCard(page);
    await card.waitFor();
    const alert = card.getByRole('alert');
    await card.getByLabel('ECID', { exact: true }).fill('123');
    await card.getByRole('button', { name: 'Explain', exact: true }).click();
    await expect.poll(() => alert.textContent()).toBe('An ECID has 38 digits; this one has 3.');
    // Refused by the service (no address after the @): its message without "email: ".
    await card.getByLabel('Email', { exact: true }).fill('jane@');
    await card.getByRole('button', { name: 'Explain this lead', exact: true }).click();
    await expect.poll(async () => (await alert.textContent())?.length ?? 0).toBeGreaterThan(0);
    const text = (await alert.textContent()) ?? '';
    expect(text).not.toMatch(/^\s*[a-z][\w.]*:/);
    expect(text).not.toContain('email:');
  });

  it('shows how long runs took as people say it, and that a run was retried', {
    timeout: 30_000,
  }, async () => {
    await t.database.pool.query(
      `update sync_run set attempts = 2, finished_at = started_at + interval '561.7 seconds'
        where sync_job_id = $1`,
      [jobId],
    );
    const page = await newPage();
    await signIn(page);
    const card = jobCard(page);
    await card.getByText(/^Run history/).click();
    const row = card.getByRole('table').getByRole('row').nth(1);
    await expect.poll(() => row.textContent()).toContain('9 min 22 s (retried once)');
  });

  it('draws the focus ring at 3:1 or more against what is around it', {
    timeout: 30_000,
  }, async () => {
    const page = await newPage();
    await signIn(page);
    await jobCard(page).waitFor();
    const ratios: { element: string; ratio: number }[] = [];
    for (let i = 0; i < 25; i++) {
      await page.keyboard.press('Tab');
      const seen = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element || element === document.body) return null;
        const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
        const luminance = ([r, g, b]: number[]) => {
          const linear = (c: number) => {
            const s = c / 255;
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          };
          return 0.2126 * linear(r ?? 0) + 0.7152 * linear(g ?? 0) + 0.0722 * linear(b ?? 0);
        };
        const style = getComputedStyle(element);
        // The ring sits outside the element: against the first opaque background around it.
        let around: Element | null = element.parentElement;
        let background = 'rgb(255, 255, 255)';
        while (around) {
          const color = getComputedStyle(around).backgroundColor;
          const parts = rgb(color);
          if (parts.length === 3 || (parts.length === 4 && parts[3] === 1)) {
            background = color;
            break;
          }
          around = around.parentElement;
        }
        if (!around) background = getComputedStyle(document.documentElement).backgroundColor;
        const [a, b] = [luminance(rgb(style.outlineColor)), luminance(rgb(background))];
        return {
          element: `${element.tagName} ${element.id || element.textContent?.trim().slice(0, 30)}`,
          width: Number.parseFloat(style.outlineWidth),
          ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
        };
      });
      if (!seen) continue;
      expect(seen.width, seen.element).toBeGreaterThanOrEqual(2);
      ratios.push({ element: seen.element, ratio: seen.ratio });
    }
    expect(ratios.length).toBeGreaterThan(5);
    for (const { element, ratio } of ratios) expect(ratio, element).toBeGreaterThanOrEqual(3);
  });

  it("downloads Export CSV under the list's name, beyond ASCII too", {
    timeout: 30_000,
  }, async () => {
    await t.database.pool.query(`update static_list set name = 'Café Q4 «VIP»' where id = $1`, [
      listId,
    ]);
    const page = await newPage();
    await signIn(page, `/lists/${encodeURIComponent(gid('List', listId))}`);
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(file.suggestedFilename()).toBe('Café-Q4-VIP-members.csv');
    await page.getByText('Saved Café-Q4-VIP-members.csv.').waitFor();
  });
});
