import { Client } from 'pg';
import { connectAsync, type MqttClient } from 'mqtt';
import { putAction, waitForActivation } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { FakeGithub } from '../support/fake-github';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { queryOnce } from '../support/sql';
import { sleep, triggerActivations, triggerWithRule, waitForFires } from './feeds-support';

const SUBSCRIBE = '/whisk.system/mqtt/subscribe';
const CHANGES = '/whisk.system/postgres/changes';
const WEBHOOK = '/whisk.system/github/webhook';
const BROKER = 'mqtt://127.0.0.1:1883';
const USER_DB = `postgres://postgres@127.0.0.1:5432/wisp_e2e_hostile_feeds_${E2E.port}`;
const REFUSED = /^An event for \/.+ was refused and not fired \(413: The event is nested deeper than 100 levels\.\); the feed stays active\.$/;
/** What the trigger record, the rule's action and PostgreSQL all hold for `{nul: "a\u0000b", lone: "\ud800"}`. */
const ESCAPED = { nul: 'a\\u0000b', lone: '\\ud800' };

const nestedJson = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

async function sqlOn(url: string, text: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function recreateUserDb(): Promise<void> {
  const name = new URL(USER_DB).pathname.slice(1);
  const admin = 'postgres://postgres@127.0.0.1:5432/postgres';
  const c = new Client({ connectionString: admin });
  await c.connect();
  try {
    await c.query('SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = $1 AND NOT active', [name]);
    await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    await c.query(`DROP DATABASE IF EXISTS "${name}"`);
    await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
}

/** Issue 17 finding 4: feed events are tenant bytes. Too deep is refused (reason in the status), bad text is escaped. */
describe('hostile feed events', () => {
  let t: TestNamespace;

  /** The subscription's stored status, from Wisp's own database. */
  async function statusOf(trigger: string): Promise<{ active: boolean; reason?: string }> {
    const rows = await queryOnce<{ status: { active: boolean; reason?: string } }>(E2E.databaseUrl, 'SELECT status FROM feed_subscriptions WHERE trigger_namespace = $1 AND trigger_name = $2', [t.namespace, trigger]);
    return rows[0].status;
  }

  async function waitForReason(trigger: string, reason: RegExp): Promise<void> {
    for (let i = 0; i < 100; i++) {
      if (reason.test((await statusOf(trigger)).reason ?? '')) return;
      await sleep(100);
    }
    throw new Error(`${trigger}: status never matched ${reason}: ${JSON.stringify(await statusOf(trigger))}`);
  }

  /** The trigger record and the rule action's record of one fire, both read back from PostgreSQL. */
  async function firedWith(fire: any): Promise<{ trigger: any; action: any }> {
    const action = await waitForActivation(t.key, JSON.parse(fire.logs[0]).activationId);
    const [trigger] = await queryOnce<{ response: any }>(E2E.databaseUrl, 'SELECT response FROM activations WHERE activation_id = $1', [fire.activationId]);
    return { trigger: trigger.response.result, action: action.response.result.seen };
  }

  beforeAll(async () => {
    t = await createTestNamespace('hostile-feeds');
    await putAction(t.key, 'record', 'function main(p){ return { seen: p } }');
  });

  describe('MQTT (machine\'s Mosquitto)', () => {
    let pub: MqttClient;
    const topic = `wisp-e2e-${E2E.port}/hostile/${Date.now().toString(36)}`;

    beforeAll(async () => {
      pub = await connectAsync(BROKER);
      await triggerWithRule(t, 'mq', SUBSCRIBE);
      await t.ow.feeds.create({ name: SUBSCRIBE, trigger: 'mq', params: { url: BROKER, topic, qos: 1 } });
    });

    afterAll(async () => {
      await t.ow.feeds.delete({ name: SUBSCRIBE, trigger: 'mq' }).catch(() => undefined);
      await pub.endAsync(true);
    });

    it('a payload nested 5,000 levels is refused with the reason in the status, acknowledged, and the next message fires', async () => {
      await pub.publishAsync(topic, `{"deep":${nestedJson(5_000)}}`, { qos: 1 });
      await waitForReason('mq', REFUSED);
      await pub.publishAsync(topic, JSON.stringify({ after: 1 }), { qos: 1 });
      const [fire] = await waitForFires(t.key, 'mq', 1);
      await sleep(1500);
      expect(await triggerActivations(t.key, 'mq')).toHaveLength(1);
      expect(fire.response.result.payload).toEqual({ after: 1 });
      expect((await statusOf('mq')).active).toBe(true);
    });

    it('NUL and lone surrogates in a payload fire escaped, the same in the trigger record and in the action', async () => {
      const before = (await triggerActivations(t.key, 'mq')).length;
      await pub.publishAsync(topic, '{"nul":"a\\u0000b","lone":"\\ud800"}', { qos: 1 });
      const fires = await waitForFires(t.key, 'mq', before + 1);
      const got = await firedWith(fires[0]);
      expect(got.trigger.payload).toEqual(ESCAPED);
      expect(got.action.payload).toEqual(ESCAPED);
    });
  });

  describe('PostgreSQL changes (logical)', () => {
    beforeAll(async () => {
      await recreateUserDb();
      await sqlOn(USER_DB, 'CREATE TABLE docs (id serial PRIMARY KEY, doc jsonb, raw json)');
      await triggerWithRule(t, 'pg', CHANGES);
      await t.ow.feeds.create({ name: CHANGES, trigger: 'pg', params: { connection: USER_DB, tables: ['docs'] } });
    });

    afterAll(async () => {
      await t.ow.feeds.delete({ name: CHANGES, trigger: 'pg' }).catch(() => undefined);
    });

    it('a jsonb row nested 5,000 levels is refused with the reason in the status, and the slot moves on to the next row', async () => {
      await sqlOn(USER_DB, `INSERT INTO docs (doc) VALUES ('${nestedJson(5_000)}')`);
      await waitForReason('pg', REFUSED);
      await sqlOn(USER_DB, `INSERT INTO docs (doc) VALUES ('{"after": 1}')`);
      const [fire] = await waitForFires(t.key, 'pg', 1);
      await sleep(1500);
      expect(await triggerActivations(t.key, 'pg')).toHaveLength(1);
      expect(fire.response.result.new).toMatchObject({ id: 2, doc: { after: 1 } });
      expect((await statusOf('pg')).active).toBe(true);
    });

    it('a json column holding NUL and a lone surrogate fires escaped, the same in the trigger record and in the action', async () => {
      const before = (await triggerActivations(t.key, 'pg')).length;
      await sqlOn(USER_DB, `INSERT INTO docs (raw) VALUES ('{"nul":"a\\u0000b","lone":"\\ud800"}')`);
      const fires = await waitForFires(t.key, 'pg', before + 1);
      const got = await firedWith(fires[0]);
      expect(got.trigger.new.raw).toEqual(ESCAPED);
      expect(got.action.new.raw).toEqual(ESCAPED);
    });
  });

  describe('GitHub (fake GitHub on 127.0.0.1)', () => {
    let github: FakeGithub;
    const repo = 'octocat/hostile';

    beforeAll(async () => {
      github = await new FakeGithub().start();
      github.pingOnCreate = true;
      await triggerWithRule(t, 'gh', WEBHOOK);
      await t.ow.feeds.create({ name: WEBHOOK, trigger: 'gh', params: { repository: repo, events: ['push'], accessToken: github.token, baseUrl: github.baseUrl } });
    });

    afterAll(async () => {
      await t.ow.feeds.delete({ name: WEBHOOK, trigger: 'gh' }).catch(() => undefined);
      await github.stop();
    });

    it('a delivery nested 150 levels is answered 413 with the reason in the status, and fires nothing', async () => {
      let deep: unknown = 'bottom';
      for (let i = 0; i < 150; i++) deep = [deep];
      const [delivery] = await github.deliver(repo, 'push', { ref: 'refs/heads/main', deep });
      expect(delivery.status).toBe(413);
      expect(JSON.parse(delivery.body)).toMatchObject({ error: 'The event is nested deeper than 100 levels.' });
      await waitForReason('gh', REFUSED);
      await sleep(1000);
      expect(await triggerActivations(t.key, 'gh')).toHaveLength(0);
    });

    it('a delivery with NUL and a lone surrogate fires escaped', async () => {
      const [delivery] = await github.deliver(repo, 'push', { ref: 'refs/heads/main', text: { nul: 'a\u0000b', lone: '\ud800' } });
      expect(delivery.status).toBe(202);
      const [fire] = await waitForFires(t.key, 'gh', 1);
      const got = await firedWith(fire);
      expect(got.trigger.text).toEqual(ESCAPED);
      expect(got.action.text).toEqual(ESCAPED);
    });
  });
});
