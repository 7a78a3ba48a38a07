import { createHmac, randomUUID } from 'node:crypto';
import { githubExample } from '../../support/fake-github';
import { GithubReceiverHarness, insertSubscription, sql } from './github-receiver.harness';

const SECRET = 'it-secret-0123456789';

function sign(body: string, secret = SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

async function post(url: string, event: string, payload: unknown, opts: { delivery?: string; signature?: string | null; raw?: string } = {}) {
  const body = opts.raw ?? JSON.stringify(payload);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-github-event': event,
    'x-github-delivery': opts.delivery ?? randomUUID(),
    'x-github-hook-id': '42',
    'user-agent': 'GitHub-Hookshot/it',
  };
  if (opts.signature !== null) headers['x-hub-signature-256'] = opts.signature ?? sign(body);
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined };
}

describe('GitHub receiver POST /api/v1/feeds/github/{subscriptionId}', () => {
  let harness: GithubReceiverHarness;
  let subId: string;
  let url: string;

  beforeAll(async () => {
    await GithubReceiverHarness.prepareDatabase();
    harness = await new GithubReceiverHarness().start();
  });

  afterAll(async () => {
    await harness.stop();
  });

  beforeEach(async () => {
    harness.sink.fired.length = 0;
    harness.sink.failures = 0;
    subId = await insertSubscription({ repository: 'Codertocat/Hello-World', events: ['push', 'pull_request'], secret: SECRET });
    url = harness.hookUrl(subId);
  });

  it('fires a signed push (a real payload) with event, delivery and GitHub headers: 202', async () => {
    const push = githubExample('push');
    const delivery = randomUUID();
    const res = await post(url, 'push', push, { delivery });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ event: 'push', delivery });
    expect(harness.sink.fired).toHaveLength(1);
    const { event, headers } = harness.sink.fired[0];
    expect(event).toMatchObject({ ...push, event: 'push', delivery });
    expect(event.headers).toMatchObject({ 'x-github-event': 'push', 'x-github-delivery': delivery, 'x-github-hook-id': '42', 'user-agent': 'GitHub-Hookshot/it' });
    expect(JSON.stringify(event)).not.toContain('sha256=');
    expect(headers['x-github-event']).toBe('push');
  });

  it('fires a pull_request (real payload)', async () => {
    const pr = githubExample('pull_request', 'opened');
    const res = await post(url, 'pull_request', pr);
    expect(res.status).toBe(202);
    expect(harness.sink.fired[0].event).toMatchObject({ action: 'opened', number: pr.number, event: 'pull_request' });
  });

  it('401 without a signature, 401 with a wrong one, 401 signed with another secret; nothing fires', async () => {
    const push = githubExample('push');
    expect((await post(url, 'push', push, { signature: null })).status).toBe(401);
    expect((await post(url, 'push', push, { signature: 'sha256=' + '0'.repeat(64) })).status).toBe(401);
    expect((await post(url, 'push', push, { signature: sign(JSON.stringify(push), 'another-secret-xyz') })).status).toBe(401);
    expect((await post(url, 'push', push, { signature: 'sha1=abc' })).status).toBe(401);
    const res = await post(url, 'push', push, { signature: 'garbage' });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: expect.stringContaining('X-Hub-Signature-256'), code: expect.any(String) });
    expect(harness.sink.fired).toHaveLength(0);
  });

  it('the signature covers the exact bytes: a re-serialised body fails', async () => {
    const body = JSON.stringify(githubExample('push'), null, 2);
    const signature = sign(body);
    expect((await post(url, 'push', undefined, { raw: JSON.stringify(JSON.parse(body)), signature })).status).toBe(401);
    expect((await post(url, 'push', undefined, { raw: body, signature })).status).toBe(202);
  });

  it('400 on a correctly signed body that is not JSON (or not an object)', async () => {
    expect((await post(url, 'push', undefined, { raw: '{"ref": "refs/heads/main",' })).status).toBe(400);
    expect((await post(url, 'push', undefined, { raw: '[1,2]' })).status).toBe(400);
    expect(harness.sink.fired).toHaveLength(0);
  });

  it('answers ping (real payload) without firing', async () => {
    const res = await post(url, 'ping', githubExample('ping'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, message: 'pong' });
    expect(harness.sink.fired).toHaveLength(0);
  });

  it('ignores events the subscription did not ask for (issues, real payload): 2xx, no fire', async () => {
    const res = await post(url, 'issues', githubExample('issues', 'opened'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ignored: true });
    expect(harness.sink.fired).toHaveLength(0);
  });

  it('`*` subscribes to every event', async () => {
    const all = await insertSubscription({ repository: 'Codertocat/Hello-World', events: ['*'], secret: SECRET });
    expect((await post(harness.hookUrl(all), 'issues', githubExample('issues', 'opened'))).status).toBe(202);
    expect(harness.sink.fired[0].event.event).toBe('issues');
  });

  it('a redelivery (same X-GitHub-Delivery) fires once, also after a receiver restart', async () => {
    const push = githubExample('push');
    const delivery = randomUUID();
    expect((await post(url, 'push', push, { delivery })).status).toBe(202);
    const again = await post(url, 'push', push, { delivery });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true });
    await harness.stop();
    harness = await new GithubReceiverHarness().start();
    const afterRestart = await post(harness.hookUrl(subId), 'push', push, { delivery });
    expect(afterRestart.body).toMatchObject({ duplicate: true });
    expect(harness.sink.fired).toHaveLength(0);
    // Another subscription may receive the same delivery id (two hooks on one repository).
    const other = await insertSubscription({ repository: 'Codertocat/Hello-World', events: ['push'], secret: SECRET });
    expect((await post(harness.hookUrl(other), 'push', push, { delivery })).status).toBe(202);
  });

  it('a fire that fails answers 503 and is not recorded, so GitHub\'s redelivery fires it', async () => {
    const push = githubExample('push');
    const delivery = randomUUID();
    harness.sink.failures = 1;
    expect((await post(url, 'push', push, { delivery })).status).toBe(503);
    expect(harness.sink.fired).toHaveLength(0);
    expect((await post(url, 'push', push, { delivery })).status).toBe(202);
    expect(harness.sink.fired).toHaveLength(1);
  });

  it('concurrent deliveries of one id fire once', async () => {
    const push = githubExample('push');
    const delivery = randomUUID();
    const answers = await Promise.all([1, 2, 3, 4].map(() => post(url, 'push', push, { delivery })));
    expect(harness.sink.fired).toHaveLength(1);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
  });

  it('while the feed is paused deliveries fire nothing and stay redeliverable', async () => {
    const paused = await insertSubscription({ repository: 'Codertocat/Hello-World', events: ['push'], secret: SECRET }, false, 'paused');
    const delivery = randomUUID();
    const res = await post(harness.hookUrl(paused), 'push', githubExample('push'), { delivery });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ignored: true, message: expect.stringContaining('paused') });
    await sql(`UPDATE feed_subscriptions SET status = '{"active": true, "changedAt": 0}' WHERE id = $1`, [paused]);
    expect((await post(harness.hookUrl(paused), 'push', githubExample('push'), { delivery })).status).toBe(202);
  });

  it('404 for an unknown or malformed subscription id; the route needs no API key', async () => {
    expect((await post(harness.hookUrl(randomUUID()), 'push', githubExample('push'))).status).toBe(404);
    expect((await post(harness.hookUrl('not-a-uuid'), 'push', githubExample('push'))).status).toBe(404);
  });

  it('delivery ids go with their subscription', async () => {
    await post(url, 'push', githubExample('push'));
    expect(await sql('SELECT 1 FROM feed_github_deliveries WHERE subscription_id = $1', [subId])).toHaveLength(1);
    await sql('DELETE FROM feed_subscriptions WHERE id = $1', [subId]);
    expect(await sql('SELECT 1 FROM feed_github_deliveries WHERE subscription_id = $1', [subId])).toHaveLength(0);
  });
});
