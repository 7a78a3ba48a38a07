import { randomUUID } from 'node:crypto';
import { FeedValidationError, GithubFeedProvider, type FeedSubscription, type GithubFeedConfig } from '@wisp/feeds';
import { describeFeedProviderContract } from '../../../libs/feeds/src/testing/feed-provider.contract';
import { FakeGithub, githubExample } from '../../support/fake-github';
import { GithubReceiverHarness, insertSubscription, sql } from './github-receiver.harness';
import { testConnector } from '../../../libs/feeds/src/testing/test-egress';

const PUBLIC_URL = 'https://wisp.example.test';
const REPO = 'octocat/hello-world';

function subscription(provider: GithubFeedProvider, params: Record<string, unknown>): FeedSubscription<GithubFeedConfig> {
  return { id: randomUUID(), target: { namespace: 'it', name: 't', ownerUuid: randomUUID() }, config: provider.validate(params), egress: testConnector() };
}

describe('GitHub hooks through octokit (fake GitHub REST API)', () => {
  let github: FakeGithub;
  let provider: GithubFeedProvider;

  beforeEach(async () => {
    github = await new FakeGithub().start();
    provider = new GithubFeedProvider({ publicUrl: PUBLIC_URL });
  });

  afterEach(async () => {
    await github.stop();
  });

  const params = (extra: Record<string, unknown> = {}) => ({ repository: REPO, accessToken: github.token, baseUrl: github.baseUrl, ...extra });

  it('CREATE registers a JSON hook with the generated secret and the events; READ reports it', async () => {
    const sub = subscription(provider, params({ events: 'push, pull_request' }));
    const config = await provider.create(sub);
    expect(config.secret).toMatch(/^[0-9a-f]{64}$/);
    const [hook] = github.hooksOf(REPO);
    expect(hook).toMatchObject({ id: config.hookId, active: true, events: ['push', 'pull_request'] });
    expect(hook.config).toEqual({ url: `${PUBLIC_URL}/api/v1/feeds/github/${sub.id}`, content_type: 'json', secret: config.secret, insecure_ssl: '0' });
    const details = await provider.read({ ...sub, config });
    expect(details).toMatchObject({ webhookUrl: hook.config.url, hook: { id: hook.id, url: hook.config.url, events: ['push', 'pull_request'], active: true } });
  });

  it('CREATE is idempotent: a hook with the same URL is reused and brought up to date', async () => {
    const sub = subscription(provider, params({ secret: 'a-user-given-secret' }));
    const first = await provider.create(sub);
    github.hooks.get(first.hookId!)!.events = ['issues'];
    const second = await provider.create({ ...sub, config: first });
    expect(second).toEqual(first);
    expect(github.hooksOf(REPO)).toHaveLength(1);
    expect(github.hooksOf(REPO)[0].events).toEqual(['push']);
    expect(github.hooksOf(REPO)[0].config.secret).toBe('a-user-given-secret');
  });

  it('DELETE removes the hook (also one whose id was never stored) and is idempotent', async () => {
    const sub = subscription(provider, params());
    const config = await provider.create(sub);
    await provider.delete({ ...sub, config });
    expect(github.hooksOf(REPO)).toHaveLength(0);
    await provider.delete({ ...sub, config });
    await provider.create(sub); // a CREATE whose result was never stored
    await provider.delete(sub);
    expect(github.hooksOf(REPO)).toHaveLength(0);
    expect(github.requests).toContain(`DELETE /repos/${REPO}/hooks/${config.hookId}`);
  });

  it('DELETE leaves other hooks of the repository alone', async () => {
    const a = subscription(provider, params());
    const b = subscription(provider, params());
    const ca = await provider.create(a);
    const cb = await provider.create(b);
    await provider.delete({ ...a, config: ca });
    expect(github.hooksOf(REPO).map((h) => h.id)).toEqual([cb.hookId]);
  });

  it('UPDATE keeps the secret and updates the events of the hook', async () => {
    const sub = subscription(provider, params());
    const config = await provider.create(sub);
    const next = await provider.update({ ...sub, config }, provider.validate(params({ events: ['issues'] })));
    expect(next.secret).toBe(config.secret);
    expect(next.hookId).toBe(config.hookId);
    expect(github.hooksOf(REPO)[0].events).toEqual(['issues']);
  });

  it('a wrong token or an unknown repository is a clear CREATE error; nothing is left behind', async () => {
    const bad = subscription(provider, params({ accessToken: 'wrong' }));
    await expect(provider.create(bad)).rejects.toThrow(FeedValidationError);
    await expect(provider.create(bad)).rejects.toThrow(/GitHub refused to list the hooks of octocat\/hello-world \(HTTP 401/);
    github.missingRepositories.add('octocat/gone');
    const gone = subscription(provider, params({ repository: 'octocat/gone' }));
    await expect(provider.create(gone)).rejects.toThrow(/HTTP 404/);
    await provider.delete(gone); // the repository is gone: nothing to remove, and the trigger stays deletable
    expect(github.hooks.size).toBe(0);
  });

  it('without accessToken CREATE only generates the secret; READ tells where to point the hook', async () => {
    const sub = subscription(provider, { repository: REPO });
    const config = await provider.create(sub);
    expect(config.secret).toBeDefined();
    expect(await provider.read({ ...sub, config })).toEqual({ webhookUrl: `${PUBLIC_URL}/api/v1/feeds/github/${sub.id}`, contentType: 'application/json', events: ['push'] });
    expect(github.requests).toHaveLength(0);
  });

  it('validate normalises and names bad parameters', () => {
    expect(provider.validate({ repository: REPO, events: 'push,issues , push' })).toEqual({ repository: REPO, events: ['push', 'issues'] });
    expect(() => provider.validate({ repository: 'nope' })).toThrow(/"repository"/);
    expect(() => provider.validate({ repository: REPO, events: 42 })).toThrow(/"events"/);
    expect(() => provider.validate({ repository: REPO, events: ['Push!'] })).toThrow(/"events"/);
    expect(() => provider.validate({ repository: REPO, baseUrl: 'ftp://x' })).toThrow(/"baseUrl"/);
    expect(() => provider.validate({ repository: REPO, secret: 'short' })).toThrow(/"secret"/);
  });
});

describe('GitHub end to end: fake GitHub registers the hook and delivers to the receiver', () => {
  let github: FakeGithub;
  let harness: GithubReceiverHarness;

  beforeAll(async () => {
    await GithubReceiverHarness.prepareDatabase();
    harness = await new GithubReceiverHarness().start();
  });

  afterAll(async () => {
    await harness.stop();
  });

  beforeEach(async () => {
    github = await new FakeGithub().start();
    github.pingOnCreate = true;
  });

  afterEach(async () => {
    await github.stop();
  });

  it('the ping during CREATE is answered; signed deliveries fire, once per delivery id', async () => {
    const provider = new GithubFeedProvider({ publicUrl: harness.url });
    const params = { repository: REPO, accessToken: github.token, baseUrl: github.baseUrl, events: ['push', 'issues'] };
    const config = provider.validate(params);
    const id = await insertSubscription(config as unknown as Record<string, unknown>, false, 'creating');
    const stored = await provider.create({ id, target: { namespace: 'it', name: 't', ownerUuid: randomUUID() }, config, egress: testConnector() });
    await github.stop(); // waits for the ping GitHub sends on creation
    github = await new FakeGithub().start();
    await sql(`UPDATE feed_subscriptions SET config = $2, status = '{"active": true, "changedAt": 0}' WHERE id = $1`, [id, JSON.stringify(stored)]);
    expect(harness.sink.fired).toHaveLength(0);

    // Deliver as GitHub would, with the secret the provider registered.
    github.hooks.set(1, { id: 1, repository: REPO, active: true, events: stored.events, config: { url: harness.hookUrl(id), content_type: 'json', secret: stored.secret }, created_at: '', updated_at: '' });
    const [pushed] = await github.deliver(REPO, 'push', githubExample('push'), 'delivery-1');
    expect(pushed.status).toBe(202);
    const [redelivered] = await github.deliver(REPO, 'push', githubExample('push'), 'delivery-1');
    expect(redelivered.status).toBe(200);
    const [issue] = await github.deliver(REPO, 'issues', githubExample('issues', 'opened'));
    expect(issue.status).toBe(202);
    expect(harness.sink.fired.map((f) => f.event.event)).toEqual(['push', 'issues']);
  });

  it('the ping GitHub sends on hook creation reaches the receiver and is answered 200', async () => {
    const provider = new GithubFeedProvider({ publicUrl: harness.url });
    const config = provider.validate({ repository: REPO, accessToken: github.token, baseUrl: github.baseUrl });
    const id = await insertSubscription(config as unknown as Record<string, unknown>, false, 'creating');
    await provider.create({ id, target: { namespace: 'it', name: 't', ownerUuid: randomUUID() }, config, egress: testConnector() });
    await github.stop();
    const ping = github.deliveries.find((d) => d.event === 'ping');
    expect(ping).toMatchObject({ status: 200 });
    github = await new FakeGithub().start();
  });
});

describeFeedProviderContract('github (hook registered through octokit)', async () => {
  const github = await new FakeGithub().start();
  const provider = new GithubFeedProvider({ publicUrl: PUBLIC_URL });
  return {
    provider,
    validParams: () => ({ repository: REPO, accessToken: github.token, baseUrl: github.baseUrl, events: ['push'] }),
    invalidParams: [
      { params: { repository: 'no-slash' }, names: 'repository' },
      { params: { repository: REPO, events: 7 }, names: 'events' },
      { params: { repository: REPO, baseUrl: 'not a url' }, names: 'baseUrl' },
    ],
    // The receiver's part: a verified delivery handed to the provider of the process running the subscription.
    produceEvent: async (sub) => {
      await provider.deliver(sub.id, { ...githubExample('push'), event: 'push', delivery: randomUUID() });
    },
    cleanup: () => github.stop(),
  };
});
