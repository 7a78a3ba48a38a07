import { putAction, waitForActivation } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { FakeGithub, githubExample } from '../support/fake-github';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { sleep, triggerActivations, triggerWithRule, waitForFires } from './feeds-support';

const WEBHOOK = '/whisk.system/github/webhook';
const REPO = 'octocat/hello-world';

describe('feeds: /whisk.system/github/webhook through the openwhisk client (fake GitHub)', () => {
  let t: TestNamespace;
  let github: FakeGithub;

  beforeAll(async () => {
    t = await createTestNamespace('gh');
    await putAction(t.key, 'record', 'function main(p){ return { seen: p } }');
  });

  beforeEach(async () => {
    github = await new FakeGithub().start();
    github.pingOnCreate = true;
  });

  afterEach(async () => {
    await github.stop();
  });

  it('the three event-source packages are in the catalog, with their feeds', async () => {
    for (const [pkg, feed] of [['github', 'webhook'], ['mqtt', 'subscribe'], ['postgres', 'changes']]) {
      const got = await t.ow.packages.get({ name: `/whisk.system/${pkg}` });
      expect(got.feeds.map((f: { name: string }) => f.name)).toEqual([feed]);
    }
  });

  it('CREATE registers the hook, GitHub deliveries run the rule\'s action exactly once each, DELETE removes the hook', async () => {
    await triggerWithRule(t, 'pushes', WEBHOOK);
    const created = await t.ow.feeds.create({ name: WEBHOOK, trigger: 'pushes', params: { repository: REPO, events: ['push', 'pull_request'], accessToken: github.token, baseUrl: github.baseUrl } });
    expect(created.response.success).toBe(true);
    const [hook] = github.hooksOf(REPO);
    expect(hook.config.url).toMatch(new RegExp(`^${E2E.apihost}/api/v1/feeds/github/[0-9a-f-]{36}$`));
    expect(hook).toMatchObject({ events: ['push', 'pull_request'], config: { content_type: 'json' } });
    await sleep(300);
    expect(github.deliveries.find((d) => d.event === 'ping')).toMatchObject({ status: 200 });

    const read = (await t.ow.feeds.get({ name: WEBHOOK, trigger: 'pushes' })).response.result;
    // Wisp manages the hook: its secret and the token are shown redacted only (issue 14 §2).
    expect(read.config).toMatchObject({ repository: REPO, events: ['push', 'pull_request'], secret: `${hook.config.secret!.slice(0, 4)}…${hook.config.secret!.slice(-4)}`, accessToken: '…', hookId: hook.id });
    expect(read.details).toMatchObject({ webhookUrl: hook.config.url, hook: { id: hook.id, active: true } });

    const push = githubExample('push');
    const [first] = await github.deliver(REPO, 'push', push, 'e2e-delivery-1');
    expect(first.status).toBe(202);
    const [again] = await github.deliver(REPO, 'push', push, 'e2e-delivery-1');
    expect(again.status).toBe(200);
    const [ignored] = await github.deliver(REPO, 'issues', githubExample('issues', 'opened'));
    expect(ignored).toBeUndefined(); // GitHub itself sends only subscribed events
    const [pr] = await github.deliver(REPO, 'pull_request', githubExample('pull_request', 'opened'));
    expect(pr.status).toBe(202);

    const fires = await waitForFires(t.key, 'pushes', 2);
    await sleep(1000);
    expect(await triggerActivations(t.key, 'pushes')).toHaveLength(2);
    const pushFire = fires.find((f) => f.response.result.event === 'push');
    expect(pushFire.response.result).toMatchObject({ event: 'push', delivery: 'e2e-delivery-1', ref: push.ref, headers: { 'x-github-event': 'push' } });
    const line = JSON.parse(pushFire.logs[0]);
    const action = await waitForActivation(t.key, line.activationId);
    expect(action.response.result.seen).toMatchObject({ event: 'push', delivery: 'e2e-delivery-1', repository: { full_name: (push.repository as { full_name: string }).full_name } });

    await t.ow.feeds.delete({ name: WEBHOOK, trigger: 'pushes' });
    expect(github.hooksOf(REPO)).toEqual([]);
    const [afterDelete] = await github.deliver(REPO, 'push', push);
    expect(afterDelete).toBeUndefined();
  });

  it('without accessToken: READ gives the URL and the generated secret; a forged delivery is refused', async () => {
    await triggerWithRule(t, 'manual', WEBHOOK);
    await t.ow.feeds.create({ name: WEBHOOK, trigger: 'manual', params: { repository: REPO } });
    const read = (await t.ow.feeds.get({ name: WEBHOOK, trigger: 'manual' })).response.result;
    expect(read.config.secret).toMatch(/^[0-9a-f]{64}$/);
    // The user pastes webhookUrl and secret into the repository settings:
    github.hooks.set(7, { id: 7, repository: REPO, active: true, events: ['push'], config: { url: read.details.webhookUrl, content_type: 'json', secret: read.config.secret }, created_at: '', updated_at: '' });
    const [ok] = await github.deliver(REPO, 'push', githubExample('push'));
    expect(ok.status).toBe(202);
    github.hooks.get(7)!.config.secret = 'forged-secret-123';
    const [forged] = await github.deliver(REPO, 'push', githubExample('push'));
    expect(forged.status).toBe(401);
    await waitForFires(t.key, 'manual', 1);
    await sleep(1000);
    expect(await triggerActivations(t.key, 'manual')).toHaveLength(1);
    await t.ow.feeds.delete({ name: WEBHOOK, trigger: 'manual' });
  });

  it('a wrong token is a clear CREATE error and leaves no subscription', async () => {
    await triggerWithRule(t, 'badtoken', WEBHOOK);
    const err = await t.ow.feeds.create({ name: WEBHOOK, trigger: 'badtoken', params: { repository: REPO, accessToken: 'nope', baseUrl: github.baseUrl } }).catch((e: any) => e);
    expect(err.statusCode).toBe(502);
    expect(err.message).toMatch(/GitHub refused to list the hooks of octocat\/hello-world \(HTTP 401/);
    await expect(t.ow.feeds.get({ name: WEBHOOK, trigger: 'badtoken' })).rejects.toMatchObject({ statusCode: 502 });
  });
});
