import { randomUUID } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';
import { FeedEgressError, MqttFeedProvider, type FeedConnector, type FeedSubscription, type MqttFeedConfig } from '@wisp/feeds';
import { testConnector } from '../../../libs/feeds/src/testing/test-egress';
import { closedPort, countingListener, type CountingListener } from './loopback-listener';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('MQTT feeds through the egress check', () => {
  let provider: MqttFeedProvider;
  let pub: MqttClient;
  const listeners: CountingListener[] = [];
  const made: FeedSubscription<MqttFeedConfig>[] = [];

  const subOf = (egress: FeedConnector, url: string, topic = `wisp-egress/${randomUUID().slice(0, 8)}`): FeedSubscription<MqttFeedConfig> => ({
    id: randomUUID(),
    target: { namespace: 'it', name: 't', ownerUuid: randomUUID() },
    config: provider.validate({ url, topic, qos: 1 }),
    egress,
  });

  beforeAll(async () => {
    pub = await connectAsync('mqtt://127.0.0.1:1883', { clientId: `it-egress-pub-${randomUUID().slice(0, 8)}` });
  });

  afterAll(async () => {
    await pub.endAsync(true);
  });

  beforeEach(() => {
    provider = new MqttFeedProvider();
  });

  afterEach(async () => {
    for (const s of made.splice(0)) await provider.delete(s);
    await provider.onApplicationShutdown();
    for (const l of listeners.splice(0)) await l.close();
  });

  it('connects to an allowed non-default address end to end, and never opens a socket to one outside WISP_FEED_ALLOW', async () => {
    const allowed = await countingListener('127.0.0.2', { forwardTo: 1883 });
    const refused = await countingListener('127.0.0.3', { forwardTo: 1883 });
    listeners.push(allowed, refused);
    const egress = testConnector({ allow: `127.0.0.2:${allowed.port}` });

    const sub = subOf(egress, `mqtt://127.0.0.2:${allowed.port}`);
    sub.config = await provider.create(sub);
    made.push(sub);
    const events: Record<string, unknown>[] = [];
    await provider.start(sub, async (e) => void events.push(e), () => undefined);
    await pub.publishAsync(sub.config.topic, JSON.stringify({ via: '127.0.0.2' }), { qos: 1 });
    for (let i = 0; i < 200 && events.length === 0; i++) await sleep(25);
    expect(events[0]).toMatchObject({ topic: sub.config.topic, payload: { via: '127.0.0.2' } });
    expect(allowed.connections).toBeGreaterThanOrEqual(2);

    for (const url of [`mqtt://127.0.0.3:${refused.port}`, `mqtt://localhost:${allowed.port}`, `mqtt://127.0.0.2:${refused.port}`, `mqtts://127.0.0.3:${refused.port}`]) {
      const bad = subOf(egress, url);
      await expect(provider.create(bad)).rejects.toThrow(FeedEgressError);
      const reports: { reason: string; done?: boolean }[] = [];
      await provider.start(bad, async () => undefined, (reason, opts) => void reports.push({ reason, done: opts?.done }));
      expect(reports).toEqual([{ reason: expect.stringMatching(/Feeds may not connect to .*not in WISP_FEED_ALLOW/), done: true }]);
      await provider.stop(bad);
    }
    expect(refused.connections).toBe(0);
  });

  it('CREATE cannot tell a closed port from an open or a silent one: one text for every unreachable target', async () => {
    const reset = await countingListener('127.0.0.2', { reset: true });
    const silent = await countingListener('127.0.0.2');
    listeners.push(reset, silent);
    const closed = await closedPort('127.0.0.2');
    const egress = testConnector({ allow: '127.0.0.2' });
    const answers = await Promise.all(
      [closed, reset.port, silent.port].map((port) => provider.create(subOf(egress, `mqtt://127.0.0.2:${port}`)).then(() => 'accepted', (e: Error) => e.message.replace(String(port), 'PORT'))),
    );
    expect(answers).toEqual(Array(3).fill('Could not connect to the MQTT broker mqtt://127.0.0.2:PORT.'));
    expect(reset.connections + silent.connections).toBeGreaterThan(0);
  });

  it('refuses URL options and Wisp-named client ids by name', () => {
    expect(() => provider.validate({ url: 'mqtt://127.0.0.1:1883?clientId=wisp-0123', topic: 't' })).toThrow(/option "clientId"/);
    expect(() => provider.validate({ url: 'mqtt://127.0.0.1:1883/?protocolVersion=3', topic: 't' })).toThrow(/option "protocolVersion"/);
    expect(() => provider.validate({ url: 'mqtt+unix:///var/run/mosquitto.sock', topic: 't' })).toThrow(/mqtt:\/\/ or mqtts:\/\//);
    expect(() => provider.validate({ url: 'ws://127.0.0.1:9001', topic: 't' })).toThrow(/mqtt:\/\/ or mqtts:\/\//);
    expect(() => provider.validate({ url: 'mqtt://127.0.0.1:1883', topic: 't', clientId: 'wisp-0f8fad5bd9cb469fa16570867728950e' })).toThrow(/must not start with "wisp-"/);
  });
});
