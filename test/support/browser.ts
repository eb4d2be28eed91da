import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's `chromium` package (`.ci/run` installs it); nothing is ever downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // A page on a second local port is a second origin; Chromium would otherwise ask before it
  // reaches another local address.
  '--disable-features=LocalNetworkAccessChecks',
];

/**
 * Whether the browser tests can run here. Without Chromium they are skipped with a line that
 * says so, except under CI=true, where a missing browser fails the run: CI always runs them.
 */
export function browserAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true') {
    throw new Error(
      `${suite}: Chromium is missing at ${CHROMIUM_PATH}, and CI must run the browser tests`,
    );
  }
  console.log(`${suite}: skipped, no Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);
  return false;
}

/** A headless Chromium; each test should use its own context (a fresh profile). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}
