import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { E2E } from './e2e-env';

/** Where console screenshots are written (gitignored; CI keeps them as artifacts). */
export const SCREENSHOT_DIR = join(E2E.repoRoot, 'test', 'artifacts', 'console');

/** Flags for Debian's Chromium on this machine: headless, and no calls to Google's services (the network is closed). */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];

/** One headless Chromium with a fresh profile, and everything the page did that a test may assert on. */
export interface ConsoleBrowser {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors, as text. */
  errors: string[];
  /** Every URL the page requested or navigated to. */
  urls: string[];
  /** Console errors a test expects (e.g. the 401 of a wrong key), removed from `errors` when they match once. */
  expectError: (pattern: RegExp) => void;
  shot: (name: string) => Promise<string>;
  close: () => Promise<void>;
}

/** Launches Debian's Chromium through playwright-core (never a downloaded browser) with a new user-data-dir. */
export async function launchConsoleBrowser(): Promise<ConsoleBrowser> {
  const profile = mkdtempSync(join(tmpdir(), `wisp-console-${E2E.port}-`));
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1360, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  // A CSP violation reaches the console anyway; this line adds where it came from (file, line, the blocked sample).
  await context.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} sample ${JSON.stringify(e.sample)}`));",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  const urls: string[] = [];
  const expected: RegExp[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const i = expected.findIndex((p) => p.test(m.text()));
    if (i >= 0) expected.splice(i, 1);
    else errors.push(`console.error: ${m.text()}`);
  });
  page.on('request', (r) => urls.push(r.url()));
  page.on('framenavigated', (f) => urls.push(f.url()));
  return {
    context,
    page,
    errors,
    urls,
    expectError: (p) => expected.push(p),
    shot: async (name) => {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.evaluate('window.scrollTo(0, 0)'); // else the sticky bar lands mid-page in a full-page shot
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
