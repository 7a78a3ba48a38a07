import type { ChildProcess } from 'node:child_process';
import { connectAsync, type MqttClient } from 'mqtt';
import openwhisk from 'openwhisk';
import { putAction } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { FaultProxy } from '../support/fault-proxy';
import { http } from '../support/http';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { queryOnce } from '../support/sql';
import { dropDatabase, recreateDatabase, stackEnv, startProcess, waitForHttp } from '../support/stack';
import { sleep, triggerActivations, triggerWithRule, waitForFires } from './feeds-support';

const SUBSCRIBE = '/whisk.system/mqtt/subscribe';
const CHANGES = '/whisk.system/postgres/changes';
const SECOND_PORT = E2E.port + 25;
const SECOND_ID = `${E2E.controllerId}-once`;
const TENANT_DB = `postgres://postgres@127.0.0.1:5432/wisp_e2e_once_${E2E.port}`;

/** The controller id part of the runner leasing the subscription of `trigger`. */
async function leaseHolder(namespace: string, trigger: string): Promise<string | undefined> {
  const rows = await queryOnce<{ lease_owner: string | null }>(E2E.databaseUrl, 'SELECT lease_owner FROM feed_subscriptions WHERE trigger_namespace = $1 AND trigger_name = $2', [namespace, trigger]);
  return rows[0]?.lease_owner?.split('/')[0];
}

/** How many activations of `name` the namespace holds. */
async function countActivations(key: string, name: string): Promise<number> {
  const r = await http('GET', `/api/v1/namespaces/_/activations?name=${name}&count=true`, { key });
  if (r.status !== 200) throw new Error(`count activations → ${r.status}`);
  return r.body.activations;
}

async function waitForCount(key: string, name: string, n: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await countActivations(key, name)) < n) {
    if (Date.now() > until) throw new Error(`${name}: fewer than ${n} activations within ${timeoutMs} ms`);
    await sleep(300);
  }
}

/** The main API's count of feed events delivered again and found fired in the ledger. */
async function duplicatesSeen(): Promise<number> {
  const text = await (await fetch(`${E2E.apihost}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('wisp_feed_event_repeats_total{outcome="duplicate"}'));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** What each trigger fired, by a label the event carries (MQTT payload, PostgreSQL row item). */
async function firedLabels(key: string, trigger: string, label: (result: any) => string): Promise<string[]> {
  return (await triggerActivations(key, trigger)).map((f) => label(f.response.result)).sort();
}

describe('feeds fire each source event exactly once across the death of the process holding them', () => {
  let t: TestNamespace;
  let second: ChildProcess | undefined;
  let mqttProxy: FaultProxy;
  let pgProxy: FaultProxy;
  let pub: MqttClient;
  const topic = `wisp-e2e/once/${Date.now().toString(36)}`;

  beforeAll(async () => {
    await recreateDatabase(TENANT_DB);
    await queryOnce(TENANT_DB, 'CREATE TABLE items (id serial PRIMARY KEY, item text NOT NULL)');
    t = await createTestNamespace('once');
    for (const a of ['rec-q1', 'rec-q2', 'rec-pg']) await putAction(t.key, a, 'function main(p){ return { seen: p } }');
    mqttProxy = await FaultProxy.start({ host: '127.0.0.1', port: 1883 });
    pgProxy = await FaultProxy.start({ host: '127.0.0.1', port: 5432 });
    pub = await connectAsync('mqtt://127.0.0.1:1883');
    second = startProcess('api-once', 'dist/apps/api/src/main.js', stackEnv({ WISP_API_PORT: String(SECOND_PORT), WISP_CONTROLLER_ID: SECOND_ID }));
    await waitForHttp(`http://127.0.0.1:${SECOND_PORT}/ping`, 30_000, second);
  });

  afterAll(async () => {
    if (second && second.exitCode === null) second.kill('SIGKILL');
    for (const [trigger, feed] of [['q1', SUBSCRIBE], ['q2', SUBSCRIBE], ['pg', CHANGES]]) await t.ow.feeds.delete({ name: feed, trigger }).catch(() => undefined);
    await pub?.endAsync(true);
    await mqttProxy?.close();
    await pgProxy?.close();
    await dropDatabase(TENANT_DB).catch(() => undefined);
  });

  it('MQTT QoS 1 and 2 and PostgreSQL changes fired before a SIGKILL whose acknowledgements were lost fire no second time', async () => {
    const viaSecond: any = openwhisk({ apihost: `http://127.0.0.1:${SECOND_PORT}`, api_key: t.key });
    const mqttUrl = `mqtt://127.0.0.1:${mqttProxy.port}`;
    const pgUrl = `postgres://postgres@127.0.0.1:${pgProxy.port}${new URL(TENANT_DB).pathname}`;
    await triggerWithRule(t, 'q1', SUBSCRIBE, 'rec-q1');
    await triggerWithRule(t, 'q2', SUBSCRIBE, 'rec-q2');
    await triggerWithRule(t, 'pg', CHANGES, 'rec-pg');
    await viaSecond.feeds.create({ name: SUBSCRIBE, trigger: 'q1', params: { url: mqttUrl, topic: `${topic}/1`, qos: 1, format: 'text' } });
    await viaSecond.feeds.create({ name: SUBSCRIBE, trigger: 'q2', params: { url: mqttUrl, topic: `${topic}/2`, qos: 2, format: 'text' } });
    await viaSecond.feeds.create({ name: CHANGES, trigger: 'pg', params: { connection: pgUrl, tables: ['items'], operations: ['insert'] } });
    for (const trigger of ['q1', 'q2', 'pg']) expect(await leaseHolder(t.namespace, trigger)).toBe(SECOND_ID);

    // Each feed delivers through the second process while acknowledgements still reach the source.
    await pub.publishAsync(`${topic}/1`, 'a0', { qos: 1 });
    await pub.publishAsync(`${topic}/2`, 'b0', { qos: 2 });
    await queryOnce(TENANT_DB, `INSERT INTO items (item) VALUES ('p0')`);
    for (const trigger of ['q1', 'q2', 'pg']) await waitForFires(t.key, trigger, 1, 30_000);

    // From now on the second process's PUBACKs, PUBRECs and slot confirmations never arrive: every event below
    // fires, stays unacknowledged at its source and is delivered again to whoever takes the subscriptions over.
    mqttProxy.loseRequests();
    pgProxy.loseRequests();
    for (const m of ['a1', 'a2']) await pub.publishAsync(`${topic}/1`, m, { qos: 1 });
    for (const m of ['b1', 'b2']) await pub.publishAsync(`${topic}/2`, m, { qos: 2 });
    await queryOnce(TENANT_DB, `INSERT INTO items (item) VALUES ('p1'), ('p2')`);
    await queryOnce(TENANT_DB, `INSERT INTO items (item) VALUES ('p3')`);
    // A QoS 2 message fires before its PUBREC: with no PUBREC through, the broker never sends the PUBREL.
    await waitForFires(t.key, 'q1', 3, 30_000);
    await waitForFires(t.key, 'q2', 3, 30_000);
    await waitForFires(t.key, 'pg', 4, 30_000);
    const duplicatesBefore = await duplicatesSeen();

    second!.kill('SIGKILL');
    const until = Date.now() + 40_000;
    while (!(await Promise.all(['q1', 'q2', 'pg'].map((tr) => leaseHolder(t.namespace, tr)))).every((h) => h === E2E.controllerId)) {
      if (Date.now() > until) throw new Error('the subscriptions were not taken over within 40 s');
      await sleep(500);
    }
    // Sources deliver in order: once these fire, every redelivery before them was handled.
    await pub.publishAsync(`${topic}/1`, 'a3', { qos: 1 });
    await pub.publishAsync(`${topic}/2`, 'b3', { qos: 2 });
    await queryOnce(TENANT_DB, `INSERT INTO items (item) VALUES ('p4')`);
    await waitForFires(t.key, 'q1', 4, 40_000);
    await waitForFires(t.key, 'q2', 4, 40_000);
    await waitForFires(t.key, 'pg', 5, 40_000);
    await waitForCount(t.key, 'rec-q1', 4, 30_000);
    await waitForCount(t.key, 'rec-q2', 4, 30_000);
    await waitForCount(t.key, 'rec-pg', 5, 30_000);
    await sleep(2000);

    expect(await firedLabels(t.key, 'q1', (r) => r.payload)).toEqual(['a0', 'a1', 'a2', 'a3']);
    expect(await firedLabels(t.key, 'q2', (r) => r.payload)).toEqual(['b0', 'b1', 'b2', 'b3']);
    expect(await firedLabels(t.key, 'pg', (r) => r.new.item)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
    expect(await countActivations(t.key, 'rec-q1')).toBe(4);
    expect(await countActivations(t.key, 'rec-q2')).toBe(4);
    expect(await countActivations(t.key, 'rec-pg')).toBe(5);
    // The sources did deliver again (two QoS 1, two QoS 2 messages, two transactions with three changes), and the
    // ledger recognised every repeat.
    expect((await duplicatesSeen()) - duplicatesBefore).toBeGreaterThanOrEqual(7);
  }, 240_000);
});
