import type { Page } from 'playwright-core';
import { launchConsoleBrowser, type ConsoleBrowser } from '../support/browser';
import { E2E, GUEST_KEY } from '../support/e2e-env';
import { http } from '../support/http';
import { owClient, uniqueName } from '../support/namespaces';

/**
 * The web console in headless Chromium, against the running stack, as a new user would use it with the guest key:
 * sign in, browse the catalog, create and invoke an action, connect an alarm feed to a new trigger and rule, then
 * watch the fired activations arrive in the timeline and follow one's trace. Any uncaught page error or console
 * error (a CSP violation is one) fails the suite.
 */
describe('the web console', () => {
  jest.setTimeout(120_000);
  const run = uniqueName('ui');
  const action = `${run}-hello`;
  const trigger = `${run}-tick`;
  const rule = `${trigger}-${action}`;
  const failing = `${run}-fails`;
  const manual = `${run}-manual`;
  const strict = `${run}-strict`;
  const ow = owClient(GUEST_KEY);
  let b: ConsoleBrowser;
  let page: Page;
  const url = (path: string) => `${E2E.apihost}/console${path}`;

  beforeAll(async () => {
    b = await launchConsoleBrowser();
    page = b.page;
    page.setDefaultTimeout(30_000);
  });

  afterAll(async () => {
    await b?.close();
    await ow.rules.delete({ name: rule }).catch(() => undefined);
    await ow.triggers.delete({ name: trigger }).catch(() => undefined); // deletes its feed too
    await ow.actions.delete({ name: action }).catch(() => undefined);
    await ow.rules.delete({ name: strict }).catch(() => undefined);
    await ow.triggers.delete({ name: manual }).catch(() => undefined);
    await ow.actions.delete({ name: failing }).catch(() => undefined);
  });

  afterEach(() => {
    expect(b.errors.splice(0)).toEqual([]);
  });

  it('shows the API error text as it is for a wrong key, then signs in with the guest key', async () => {
    await page.goto(url('/'));
    await page.getByLabel('API key').fill(`${GUEST_KEY.split(':')[0]}:not-the-secret`);
    b.expectError(/status of 401/);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'The supplied authentication is invalid' }).waitFor();
    await page.getByLabel('API key').fill(GUEST_KEY);
    await page.getByLabel('API key').press('Enter'); // the keyboard alone signs in
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    await page.locator('.namespace', { hasText: 'guest' }).waitFor();
    expect(await page.evaluate<string[]>('Object.keys(sessionStorage)')).toContain('wisp.console.key');
    expect(await page.evaluate<number>('localStorage.length')).toBe(0);
  });

  it('browses the catalog: packages, feeds and parameter docs', async () => {
    await page.getByRole('link', { name: 'Catalog' }).click();
    const alarms = page.locator('article', { has: page.getByRole('heading', { name: /^alarms/ }) });
    await alarms.waitFor();
    await expect(page.getByRole('heading', { name: /^utils/ }).count()).resolves.toBe(1);
    await alarms.getByText('Parameters (6)').first().click();
    await alarms.getByText('Cron expression: 5 fields').waitFor();
    await b.shot('01-catalog');
  });

  it('creates an action in the code editor and invokes it with JSON parameters', async () => {
    await page.getByRole('link', { name: 'Actions' }).click();
    await page.getByRole('link', { name: 'New action' }).click();
    await page.getByLabel('Name').fill(action);
    const editor = page.locator('.cm-content');
    await editor.click();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
    await editor.fill("function main(p) {\n  console.log('hi from the console');\n  return { greeting: `Hello ${p.name || 'tick'}` };\n}");
    await page.getByLabel('Memory (MB)').fill('128');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: action }).waitFor();
    expect(page.url()).toBe(url(`/actions/${action}`));
    await page.getByLabel('Parameters (JSON object)').fill('{"name": "Ada"}');
    await page.getByRole('button', { name: 'Invoke' }).click();
    const result = page.locator('.invoke-result');
    await result.getByText('"greeting": "Hello Ada"').waitFor({ timeout: 60_000 });
    await result.getByText('hi from the console').waitFor();
    await expect(result.locator('.badge').textContent()).resolves.toBe('success');
    await expect(result.locator('.duration').textContent()).resolves.toMatch(/\d+(\.\d+)? (ms|s)/);
    await b.shot('02-action-invoke');
  });

  it('connects an alarm feed to a new trigger with a rule to the action, the calls wsk trigger create --feed makes', async () => {
    await page.getByRole('link', { name: 'Catalog' }).click();
    await page.getByRole('link', { name: 'Connect', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Connect /whisk.system/alarms/alarm' }).waitFor();
    await page.getByLabel('New trigger name').fill(trigger);
    await page.getByLabel(/^cron/).fill('*/2 * * * * *');
    await page.getByLabel(/^trigger_payload/).fill('{"name": "Tick"}');
    await page.getByLabel('Action to run on each event').selectOption(`/guest/${action}`);
    await page.getByRole('button', { name: 'Connect feed' }).click();
    const done = page.locator('.success[role=status]');
    await done.getByText(`Trigger ${trigger} is connected`).waitFor();
    await expect(done.locator('strong').textContent()).resolves.toBe('active');
    const t = await ow.triggers.get({ name: trigger });
    expect(t.annotations).toEqual(expect.arrayContaining([{ key: 'feed', value: '/whisk.system/alarms/alarm' }]));
    const r = await ow.rules.get({ name: rule });
    expect(r.action.name).toBe(action);
    await b.shot('03-connect-feed');
  });

  it('shows the trigger with its feed status, its rule and action as a graph and a table', async () => {
    await page.getByRole('link', { name: 'Triggers & rules' }).click();
    const row = page.locator('tr', { has: page.getByRole('rowheader', { name: trigger }) });
    await row.waitFor();
    await row.locator('.state-active', { hasText: 'active' }).first().waitFor();
    await row.getByText('/whisk.system/alarms/alarm').waitFor();
    await row.getByRole('link', { name: action }).waitFor();
    const graph = page.locator('svg.graph');
    await expect(graph.locator('.node-trigger').count()).resolves.toBeGreaterThan(0);
    await graph.locator('.node-label', { hasText: action.slice(0, 20) }).first().waitFor();
    await b.shot('04-triggers');
  });

  it('shows the fired activations live in the timeline and follows one to its trace', async () => {
    await page.getByRole('link', { name: 'Activations' }).click();
    await page.getByLabel('Name').fill(action);
    await page.getByRole('button', { name: 'Apply' }).click();
    // The invoke made from the UI plus fires of the alarm that arrive while the page stays open (live polling).
    // A function, not a string: the console's CSP refuses eval, which a string predicate would need.
    // Every bar is the filtered action's (the filter took effect) and at least three succeeded.
    await page.waitForFunction(
      (name) => {
        const doc = (globalThis as any).document;
        const titles = [...doc.querySelectorAll('svg.timeline title')].map((t: any) => String(t.textContent));
        return titles.length > 0 && titles.every((t) => t.startsWith(name)) && doc.querySelectorAll('svg.timeline rect.bar.outcome-success').length >= 3;
      },
      action,
      { timeout: 60_000 },
    );
    await page.getByLabel('Name').fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('td', { hasText: trigger }).first().waitFor();
    await b.shot('05-activations');

    const fired = (await ow.activations.list({ name: action, limit: 20 })).find((a: { cause?: string }) => a.cause);
    expect(fired).toBeDefined();
    await page.locator(`a[href="/console/activations/${fired.activationId}"]`).first().click();
    await page.getByRole('heading', { name: action }).waitFor();
    const trace = page.getByRole('list', { name: 'Trace tree' });
    await trace.getByRole('link', { name: trigger }).waitFor();
    await trace.locator('li.current', { hasText: action }).waitFor();
    await trace.getByText('via trigger').waitFor();
    await page.getByText('"greeting": "Hello Tick"').waitFor();
    await b.shot('06-trace');
  });

  it('fits a phone-sized screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.getByRole('link', { name: 'Catalog' }).click();
      await page.getByRole('heading', { name: /^alarms/ }).waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(391);
      await b.shot('08-phone-catalog');
    } finally {
      await page.setViewportSize({ width: 1360, height: 900 });
    }
  });

  it('disables the rule and pauses the feed from the table', async () => {
    await page.getByRole('link', { name: 'Triggers & rules' }).click();
    await page.getByRole('button', { name: `Disable rule ${rule}` }).click();
    await page.getByRole('button', { name: `Enable rule ${rule}` }).waitFor();
    expect((await ow.rules.get({ name: rule })).status).toBe('inactive');
    await page.getByRole('button', { name: `Pause the feed of ${trigger}` }).click();
    const row = page.locator('tr', { has: page.getByRole('rowheader', { name: trigger }) });
    await row.locator('.state-paused', { hasText: 'paused' }).waitFor();
    await page.getByRole('button', { name: `Resume the feed of ${trigger}` }).waitFor();
  });

  it('fires a trigger with a payload, then inspects and deletes the dead letter its failed delivery left', async () => {
    await ow.actions.create({ name: failing, action: 'function main(p) { return { error: `no ${p.item}` }; }' });
    await ow.triggers.create({ name: manual });
    const put = await http('PUT', `/api/v1/namespaces/_/rules/${strict}`, {
      key: GUEST_KEY,
      body: { trigger: `/_/${manual}`, action: `/_/${failing}`, annotations: [{ key: 'delivery', value: { retry: 0, retryOn: ['application'] } }] },
    });
    expect(put.status).toBe(200);
    await page.getByRole('link', { name: 'Actions' }).click(); // leave and come back: the list is read on entry
    await page.getByRole('link', { name: 'Triggers & rules' }).click();
    await page.getByRole('button', { name: `Fire ${manual}` }).click();
    await page.getByLabel(`Payload for ${manual}`).fill('{"item": "bananas"}');
    await page.getByRole('button', { name: 'Fire', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Fired:' }).waitFor();
    await page.getByRole('link', { name: 'Dead letters' }).click();
    const row = page.locator('tr', { hasText: `guest/${strict}` });
    for (let i = 0; i < 60 && !(await row.count()); i++) {
      await new Promise((r) => setTimeout(r, 500));
      await page.getByRole('button', { name: 'Refresh' }).click();
    }
    await row.getByText('no bananas').waitFor();
    await row.getByRole('button', { name: 'Inspect' }).click();
    await page.getByLabel('Dead letter', { exact: true }).getByText('"item": "bananas"').first().waitFor();
    await b.shot('07-dead-letters');
    await row.getByRole('button', { name: /^Delete dead letter/ }).click();
    await row.waitFor({ state: 'detached' });
  });

  it('never puts the key in a URL, and signs out to the sign-in form with the key gone', async () => {
    const [uuid, secret] = GUEST_KEY.split(':');
    const leaks = b.urls.filter((u) => u.includes(secret) || decodeURIComponent(u).includes(secret) || u.includes(Buffer.from(GUEST_KEY).toString('base64')));
    expect(leaks).toEqual([]);
    expect(b.urls.some((u) => u.includes('/api/v1/namespaces/guest/actions'))).toBe(true);
    expect(b.urls.filter((u) => u.includes(uuid))).toEqual([]);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate<number>('sessionStorage.length')).toBe(0);
  });

  it('serves the app with a strict CSP and security headers, hashed assets as immutable, and app routes as index.html', async () => {
    const index = await http('GET', '/console/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('x-frame-options')).toBe('DENY');
    expect(index.headers.get('referrer-policy')).toBe('no-referrer');
    expect(index.headers.get('access-control-allow-origin')).toBeNull();
    expect(index.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    expect(index.body).not.toMatch(/<style|style="/);

    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(index.body)![1];
    const js = await fetch(`${E2E.apihost}${script}`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const again = await fetch(`${E2E.apihost}${script}`, { headers: { 'if-none-match': js.headers.get('etag')! } });
    expect(again.status).toBe(304);

    const deep = await http('GET', `/console/actions/${encodeURIComponent('a.b')}`);
    expect(deep.status).toBe(200);
    expect(deep.body).toBe(index.body);
    expect(deep.headers.get('content-security-policy')).toBe(csp);
    const missing = await http('GET', '/console/assets/nope-123.js');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('The requested resource does not exist.');
    expect(missing.headers.get('content-security-policy')).toBe(csp);
    for (const sneaky of ['/console/..%2F..%2Fpackage.json', '/console/%2e%2e/%2e%2e/package.json', '/console/assets/..%2F..%2F..%2Fpackage.json']) {
      const r = await http('GET', sneaky);
      expect(r.status === 404 || (r.status === 200 && r.body === index.body)).toBe(true);
    }
  });
});
