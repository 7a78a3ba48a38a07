import type { ChildProcess } from 'node:child_process';
import { connectAsync, type MqttClient } from 'mqtt';
import openwhisk from 'openwhisk';
import { putAction, waitForActivation } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { stackEnv, startProcess, waitForHttp } from '../support/stack';
import { lifecycle, sleep, triggerActivations, triggerWithRule, waitForFires } from './feeds-support';

const SUBSCRIBE = '/whisk.system/mqtt/subscribe';
const BROKER = 'mqtt://127.0.0.1:1883';
const SECOND_PORT = E2E.port + 19;

describe('feeds: /whisk.system/mqtt/subscribe through the openwhisk client (machine\'s Mosquitto)', () => {
  let t: TestNamespace;
  let pub: MqttClient;
  const base = `wisp-e2e/${Date.now().toString(36)}`;

  beforeAll(async () => {
    t = await createTestNamespace('mqtt');
    await putAction(t.key, 'record', 'function main(p){ return { seen: p } }');
    pub = await connectAsync(BROKER);
  });

  afterAll(async () => {
    await pub.endAsync(true);
  });

  it('each message on a wildcard topic runs the rule\'s action once with {topic, payload, qos, retain}', async () => {
    await triggerWithRule(t, 'plants', SUBSCRIBE);
    await t.ow.feeds.create({ name: SUBSCRIBE, trigger: 'plants', params: { url: BROKER, topic: `${base}/+/temperature`, qos: 1 } });
    await pub.publishAsync(`${base}/ficus/temperature`, JSON.stringify({ c: 22 }), { qos: 1 });
    await pub.publishAsync(`${base}/ficus/humidity`, '50', { qos: 1 });
    await pub.publishAsync(`${base}/palm/temperature`, JSON.stringify({ c: 25 }), { qos: 1 });
    const fires = await waitForFires(t.key, 'plants', 2);
    await sleep(1500);
    expect(await triggerActivations(t.key, 'plants')).toHaveLength(2);
    expect(fires.map((f) => f.response.result.topic).sort()).toEqual([`${base}/ficus/temperature`, `${base}/palm/temperature`]);
    const fire = fires.find((f) => f.response.result.topic.includes('palm'));
    expect(fire.response.result).toEqual({ topic: `${base}/palm/temperature`, payload: { c: 25 }, qos: 1, retain: false });
    const action = await waitForActivation(t.key, JSON.parse(fire.logs[0]).activationId);
    expect(action.response.result.seen).toMatchObject({ payload: { c: 25 } });
    const read = (await t.ow.feeds.get({ name: SUBSCRIBE, trigger: 'plants' })).response.result;
    expect(read.details).toMatchObject({ session: 'persistent' });
    expect(read.status).toMatchObject({ active: true, reason: expect.stringMatching(/^connected to mqtt:\/\/127\.0\.0\.1:1883/) });
    await t.ow.feeds.delete({ name: SUBSCRIBE, trigger: 'plants' });
  });

  it('a payload that is not JSON reaches the trigger with an error, not dropped', async () => {
    await triggerWithRule(t, 'badjson', SUBSCRIBE);
    await t.ow.feeds.create({ name: SUBSCRIBE, trigger: 'badjson', params: { url: BROKER, topic: `${base}/bad`, format: 'json' } });
    await pub.publishAsync(`${base}/bad`, '{"oops": ', { qos: 1 });
    const [fire] = await waitForFires(t.key, 'badjson', 1);
    expect(fire.response.result).toMatchObject({ payload: '{"oops": ', error: expect.stringContaining('not valid JSON') });
    await t.ow.feeds.delete({ name: SUBSCRIBE, trigger: 'badjson' });
  });

  it('messages published while paused are delivered after UNPAUSE', async () => {
    await triggerWithRule(t, 'pausing', SUBSCRIBE);
    await t.ow.feeds.create({ name: SUBSCRIBE, trigger: 'pausing', params: { url: BROKER, topic: `${base}/p`, qos: 1 } });
    await lifecycle(t, SUBSCRIBE, 'pausing', 'PAUSE');
    await sleep(500);
    await pub.publishAsync(`${base}/p`, '1', { qos: 1 });
    await sleep(1500);
    expect(await triggerActivations(t.key, 'pausing')).toHaveLength(0);
    await lifecycle(t, SUBSCRIBE, 'pausing', 'UNPAUSE');
    const [fire] = await waitForFires(t.key, 'pausing', 1);
    expect(fire.response.result.payload).toBe(1);
    await t.ow.feeds.delete({ name: SUBSCRIBE, trigger: 'pausing' });
  });

  describe('across the death of the Wisp process holding the subscription', () => {
    let second: ChildProcess | undefined;
    afterAll(() => {
      if (second && second.exitCode === null) second.kill('SIGKILL');
    });

    it('QoS 1 messages published while no Wisp runs it arrive after the takeover, exactly once', async () => {
      second = startProcess('api-mqtt-2', 'dist/apps/api/src/main.js', stackEnv({ WISP_API_PORT: String(SECOND_PORT), WISP_CONTROLLER_ID: `${E2E.controllerId}-mqtt2` }));
      await waitForHttp(`http://127.0.0.1:${SECOND_PORT}/ping`, 30_000, second);
      await triggerWithRule(t, 'survivor', SUBSCRIBE);
      const viaSecond = openwhisk({ apihost: `http://127.0.0.1:${SECOND_PORT}`, api_key: t.key });
      await viaSecond.feeds.create({ name: SUBSCRIBE, trigger: 'survivor', params: { url: BROKER, topic: `${base}/s`, qos: 1 } }); // the second process takes the lease
      await pub.publishAsync(`${base}/s`, '0', { qos: 1 });
      await waitForFires(t.key, 'survivor', 1);
      second.kill('SIGKILL');
      for (const n of [1, 2, 3]) await pub.publishAsync(`${base}/s`, String(n), { qos: 1 });
      const fires = await waitForFires(t.key, 'survivor', 4, 40_000);
      await sleep(2000);
      const payloads = (await triggerActivations(t.key, 'survivor')).map((f) => f.response.result.payload).sort();
      expect(payloads).toEqual([0, 1, 2, 3]);
      expect(fires.length).toBe(4);
      await t.ow.feeds.delete({ name: SUBSCRIBE, trigger: 'survivor' });
    }, 90_000);
  });

  it('an unreachable broker is a clear CREATE error', async () => {
    await triggerWithRule(t, 'nobroker', SUBSCRIBE);
    const err = await t.ow.feeds.create({ name: SUBSCRIBE, trigger: 'nobroker', params: { url: 'mqtt://127.0.0.1:1', topic: 'x' } }).catch((e: any) => e);
    expect(err.statusCode).toBe(502);
    expect(err.message).toMatch(/Could not connect to the MQTT broker mqtt:\/\/127\.0\.0\.1:1/);
  });
});
