import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchBrowser } from './support/browser.js';
import { startTestApp, type TestApp, type TestWorkspace } from './support/harness.js';

let t: TestApp;
let ws: TestWorkspace;

beforeAll(async () => {
  t = await startTestApp();
  ws = await t.workspace();
});
afterAll(() => t?.close());

/** The directives of a Content-Security-Policy header: name -> sources. */
function directives(header: string | null): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) found.set(name, sources);
  }
  return found;
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('GET / and /assets', () => {
  it('serves the page and its hashed assets, and nothing outside web/dist', async () => {
    const page = await fetch(`${t.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const asset = await fetch(`${t.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${t.url}${script}`, { method: 'HEAD' })).status).toBe(200);
    for (const path of [
      '/assets/..%2f..%2fpackage.json',
      '/assets/%2e%2e%2findex.html',
      '/assets/nope.js',
    ]) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('"name"');
    }
  });

  it('serves GraphiQL with every script and style inline, none from another host', async () => {
    const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('renderYogaGraphiQL');
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+href="https?:/);
  });
});

describe('a Content-Security-Policy, and no framing', () => {
  it('on the web app: scripts and styles from this origin only, never framed', async () => {
    for (const path of ['/', '/index.html']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status).toBe(200);
      const csp = directives(res.headers.get('content-security-policy'));
      expect(csp.get('default-src'), path).toEqual(["'self'"]);
      expect(csp.get('script-src'), path).toEqual(["'self'"]);
      expect(csp.get('style-src'), path).toEqual(["'self'"]);
      expect(csp.get('frame-ancestors'), path).toEqual(["'none'"]);
      expect(csp.get('object-src'), path).toEqual(["'none'"]);
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      // The built page has no inline script or style for the policy to allow.
      const html = await res.text();
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(html).not.toMatch(/<style|\sstyle=/);
    }
  });

  it('on GraphiQL: its inline scripts allowed by their hashes only', async () => {
    const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
    const csp = directives(res.headers.get('content-security-policy'));
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    const html = await res.text();
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    // Every script of the page is inline and named by its hash: none other can run.
    expect(html.replace(/<script>[\s\S]*?<\/script>/g, '')).not.toContain('<script');
    expect(csp.get('script-src')).toEqual(["'self'", ...scripts.map(sha256)]);
    // The editor positions its lines with style attributes: styles may be inline, from here.
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it('not on the answers of the API, which are not pages', async () => {
    const res = await t.gql('{ __typename }', {}, ws.token);
    expect(res.status).toBe(200);
    const healthz = await fetch(`${t.url}/healthz`);
    expect(healthz.headers.get('content-security-policy')).toBeNull();
  });
});

describe.runIf(browserAvailable('web app CSP'))('the web app and GraphiQL under their CSP', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it('render and work in Chromium with no violation of the policy', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations: string[] = [];
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(
          `CSP violation: ${location.pathname} ${event.violatedDirective} ${event.blockedURI} ${event.sample} ${event.sourceFile}:${event.lineNumber}`,
        );
      });
    });
    page.on('console', (message) => {
      if (/Content Security Policy|CSP violation/i.test(message.text())) {
        violations.push(message.text().slice(0, 300));
      }
    });
    await page.goto(t.url);
    await page.getByLabel('API token', { exact: true }).fill(ws.token);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'New sync' }).waitFor();

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
    expect((await (await answer).json()).data.workspace.name).toBeTruthy();
    await expect
      .poll(() => page.locator('.graphiql-response').first().textContent())
      .toContain('workspace');
    expect(violations).toEqual([]);

    // Another page cannot frame the web app (or GraphiQL); /healthz, not a page, it can.
    const other = await context.newPage();
    await other.setContent(
      `<iframe src="${t.url}/"></iframe><iframe src="${t.url}/graphql"></iframe><iframe src="${t.url}/healthz"></iframe>`,
    );
    const frames = other.mainFrame().childFrames();
    expect(frames).toHaveLength(3);
    const [app, graphiql, health] = await Promise.all(
      frames.map((frame) => frame.evaluate(() => document.documentElement.outerHTML)),
    );
    expect(health).toContain('"status":"ok"');
    expect(app).not.toContain('id="app"');
    expect(graphiql).not.toContain('id="root"');
    await context.close();
  });
});
