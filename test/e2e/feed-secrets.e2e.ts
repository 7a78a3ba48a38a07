import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { putAction } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { FakeGithub, githubExample } from '../support/fake-github';
import { http } from '../support/http';
import { createTestNamespace, type TestNamespace, wispCli } from '../support/namespaces';
import { queryOnce } from '../support/sql';
import { triggerWithRule, waitForFires } from './feeds-support';

const run = promisify(execFile);
const WEBHOOK = '/whisk.system/github/webhook';
const SUBSCRIBE = '/whisk.system/mqtt/subscribe';
const CHANGES = '/whisk.system/postgres/changes';
const REPO = 'octocat/secrets';
const TENANT_DB = `wisp_e2e_secrets_${E2E.port}`;
const rand = () => randomBytes(12).toString('hex');

/** Issue 14 §2: feed secrets are sealed in PostgreSQL, redacted on READ and absent from records, dumps and logs. */
describe('feed secrets at rest (running stack, pg_dump of its database)', () => {
  let t: TestNamespace;
  let github: FakeGithub;
  const token = `ghp_${rand()}${rand()}`;
  const hookSecret = `whsec-${rand()}`;
  const mqttPass = `mqtt-pass-${rand()}`;
  const pgPass = `pg-pass-${rand()}`;
  const mqttPass2 = `mqtt-pass-${rand()}`;
  let generatedSecret = '';

  beforeAll(async () => {
    await queryOnce('postgres://postgres@127.0.0.1:5432/postgres', `DROP DATABASE IF EXISTS ${TENANT_DB}`);
    await queryOnce('postgres://postgres@127.0.0.1:5432/postgres', `CREATE DATABASE ${TENANT_DB}`);
    await queryOnce(`postgres://postgres@127.0.0.1:5432/${TENANT_DB}`, 'CREATE TABLE orders (id int PRIMARY KEY)');
    github = await new FakeGithub(token).start();
    t = await createTestNamespace('secrets');
    await putAction(t.key, 'record', 'function main(p){ return { seen: p } }');
  });

  afterAll(async () => {
    await github.stop();
    for (const [feed, trigger] of [[WEBHOOK, 'managed'], [WEBHOOK, 'manual'], [SUBSCRIBE, 'plants'], [CHANGES, 'orders']]) {
      await t.ow.feeds.delete({ name: feed, trigger }).catch(() => undefined);
    }
    await queryOnce('postgres://postgres@127.0.0.1:5432/postgres', `DROP DATABASE IF EXISTS ${TENANT_DB} WITH (FORCE)`);
  });

  it('CREATE stores every secret sealed; READ shows them redacted; the feed actions\' records hold none', async () => {
    await triggerWithRule(t, 'managed', WEBHOOK);
    await t.ow.feeds.create({ name: WEBHOOK, trigger: 'managed', params: { repository: REPO, accessToken: token, secret: hookSecret, baseUrl: github.baseUrl } });
    await triggerWithRule(t, 'manual', WEBHOOK);
    await t.ow.feeds.create({ name: WEBHOOK, trigger: 'manual', params: { repository: REPO } });
    await triggerWithRule(t, 'plants', SUBSCRIBE);
    await t.ow.feeds.create({ name: SUBSCRIBE, trigger: 'plants', params: { url: `mqtt://wisp:${mqttPass}@127.0.0.1:1883`, topic: `secrets/${rand()}/#`, qos: 0 } });
    await triggerWithRule(t, 'orders', CHANGES);
    await t.ow.feeds.create({ name: CHANGES, trigger: 'orders', params: { connection: `postgres://postgres:${pgPass}@127.0.0.1:5432/${TENANT_DB}?sslmode=disable`, tables: ['orders'], mode: 'notify' } });

    const rows = await queryOnce<{ kind: string; config: Record<string, string>; params: Record<string, string> }>(E2E.databaseUrl, 'SELECT kind, config, params FROM feed_subscriptions WHERE trigger_namespace = $1', [t.namespace]);
    expect(rows).toHaveLength(4);
    for (const r of rows) {
      const fields = r.kind === 'github' ? ['secret', 'accessToken'] : r.kind === 'mqtt' ? ['url'] : ['connection'];
      for (const f of fields) if (r.config[f] !== undefined) expect(r.config[f]).toMatch(/^wisp-enc:v1:[0-9a-f]{8}:/);
      for (const f of fields) if (r.params[f] !== undefined) expect(r.params[f]).toMatch(/^wisp-enc:v1:[0-9a-f]{8}:/);
    }

    const managed = (await t.ow.feeds.get({ name: WEBHOOK, trigger: 'managed' })).response.result;
    expect(managed.config.accessToken).toBe(`${token.slice(0, 4)}…${token.slice(-4)}`);
    expect(managed.config.secret).toBe(`${hookSecret.slice(0, 4)}…${hookSecret.slice(-4)}`);
    const manualRead = await t.ow.feeds.get({ name: WEBHOOK, trigger: 'manual' });
    generatedSecret = manualRead.response.result.config.secret;
    expect(generatedSecret).toMatch(/^[0-9a-f]{64}$/); // a hand-registered hook: the caller needs it in clear
    const stored = await http('GET', `/api/v1/namespaces/_/activations/${manualRead.activationId}`, { key: t.key });
    expect(stored.body.response.result.config.secret).toBe(`${generatedSecret.slice(0, 4)}…${generatedSecret.slice(-4)}`);
    const plants = (await t.ow.feeds.get({ name: SUBSCRIBE, trigger: 'plants' })).response.result;
    expect(plants.config.url).toBe('mqtt://wisp:…@127.0.0.1:1883');
    const orders = (await t.ow.feeds.get({ name: CHANGES, trigger: 'orders' })).response.result;
    expect(orders.config.connection).toBe(`postgres://postgres:…@127.0.0.1:5432/${TENANT_DB}?sslmode=…`);
  });

  it('an UPDATE of a secret is sealed and audited; rotation reseals every secret and the running API still opens them', async () => {
    await t.ow.feeds.update({ name: SUBSCRIBE, trigger: 'plants', params: { url: `mqtt://wisp:${mqttPass2}@127.0.0.1:1883` } });
    const before = await wispCli('secrets', 'status');
    const rotated = await wispCli('secrets', 'rotate');
    expect(rotated).toMatch(/^active key [0-9a-f]{8}; \d+ secret\(s\) in \d+ feed\(s\) sealed again$/);
    const active = /^active key ([0-9a-f]{8})/.exec(rotated)![1];
    expect(before).not.toContain(`${active}  active`);
    const status = await wispCli('secrets', 'status');
    const lines = status.split('\n');
    expect(lines[1]).toMatch(new RegExp(`^${active}  active  [1-9]\\d* secret\\(s\\)$`));
    for (const old of lines.slice(2)) expect(old).toMatch(/  old  0 secret\(s\)$/);

    // The API was not restarted: it reads the rotated key file when it meets the new key id.
    const [push] = await github.deliver(REPO, 'push', githubExample('push'), `secrets-${rand()}`);
    expect(push.status).toBe(202);
    await waitForFires(t.key, 'managed', 1);
    expect((await t.ow.feeds.get({ name: WEBHOOK, trigger: 'managed' })).response.result.config.accessToken).toBe(`${token.slice(0, 4)}…${token.slice(-4)}`);

    await wispCli('limits', 'set', t.namespace, '--feeds', '7');
    const extra = await wispCli('key', 'create', t.namespace);
    await wispCli('key', 'revoke', extra.split(':')[0]);
    const trail = JSON.parse(await wispCli('audit', '--json', '--since', '1h', '--limit', '500')) as { actor: string; action: string; target: string; details: Record<string, unknown> }[];
    const mine = trail.filter((e) => e.target === t.namespace || e.target.startsWith(`/${t.namespace}/`));
    expect(mine.map((e) => e.action)).toEqual(expect.arrayContaining(['namespace.create', 'key.create', 'key.revoke', 'limits.set', 'feed.secrets.set', 'feed.secrets.update']));
    expect(mine.find((e) => e.action === 'limits.set')).toMatchObject({ target: t.namespace, details: { feeds: 7 } });
    expect(mine.find((e) => e.action === 'key.revoke')).toMatchObject({ target: t.namespace, details: { uuid: extra.split(':')[0] } });
    expect(JSON.stringify(trail)).not.toContain(extra.split(':')[1]); // a key's secret is never in the trail
    const text = await wispCli('audit', '--target', t.namespace, '--action', 'key');
    expect(text.split('\n').map((l) => l.split('  ')[2])).toEqual(['key.revoke', 'key.create', 'key.create']);
    await expect(wispCli('audit', '--since', 'yesterday')).rejects.toThrow(/'--since <duration>' argument 'yesterday' is invalid/);
    expect(mine.find((e) => e.action === 'feed.secrets.update')).toMatchObject({ target: `/${t.namespace}/plants`, details: { kind: 'mqtt', fields: ['url'] } });
    expect(mine.find((e) => e.action === 'feed.secrets.set')!.actor).toMatch(/^subject:[0-9a-f-]{36}$/);
    expect(mine.find((e) => e.action === 'key.create')!.actor).toMatch(/^admin:/);
    expect(trail.find((e) => e.action === 'secrets.rotate' && e.details.to === active)).toBeDefined();
  });

  it('neither a pg_dump of the database nor the logs hold any secret', async () => {
    const { stdout } = await run('pg_dump', ['-h', '127.0.0.1', '-U', 'postgres', '--no-owner', new URL(E2E.databaseUrl).pathname.slice(1)], { maxBuffer: 512 * 1024 * 1024 });
    expect(stdout).toContain('feed_subscriptions');
    expect(stdout).toContain('wisp-enc:v1:');
    const logs = readdirSync(E2E.logDir).map((f) => readFileSync(join(E2E.logDir, f), 'utf8')).join('\n');
    // The stack's WISP_PUBLIC_URL is loopback: registering the managed hook warned that GitHub cannot reach it.
    expect(logs).toContain(`the GitHub feed ${t.namespace}/managed registers a webhook, but WISP_PUBLIC_URL (${E2E.apihost}) is a loopback address GitHub cannot reach`);
    for (const secret of [token, hookSecret, mqttPass, mqttPass2, pgPass, generatedSecret]) {
      expect(stdout.includes(secret)).toBe(false);
      expect(logs.includes(secret)).toBe(false);
    }
  });
});
