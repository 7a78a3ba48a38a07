import { randomUUID } from 'node:crypto';
import { MqttFeedProvider, type FeedSubscription, type MqttFeedConfig } from '@wisp/feeds';
import type { MqttClient } from 'mqtt';
import { describeFeedProviderContract } from '../../../libs/feeds/src/testing/feed-provider.contract';
import { BROKER_URL, publisher, restartMosquitto, sleep } from './mqtt-broker';
import { testConnector } from '../../../libs/feeds/src/testing/test-egress';

type Event = Record<string, unknown>;

/** Emits into a list; `fail` makes the next emits throw (a trigger fire that was not accepted). */
class Sink {
  readonly events: Event[] = [];
  readonly reports: string[] = [];
  calls = 0;
  fail = 0;
  delayMs = 0;
  readonly emit = async (e: Event) => {
    this.calls++;
    if (this.delayMs) await sleep(this.delayMs);
    if (this.fail > 0) {
      this.fail--;
      throw new Error('fire not accepted');
    }
    this.events.push(e);
  };
  readonly report = (r: string) => {
    this.reports.push(r);
  };
  async waitFor(n: number, ms = 8000): Promise<void> {
    const until = Date.now() + ms;
    while (this.events.length < n) {
      if (Date.now() > until) throw new Error(`expected ${n} events, got ${this.events.length}: ${JSON.stringify(this.events)}; reports ${JSON.stringify(this.reports)}`);
      await sleep(20);
    }
  }
}

const base = () => `wisp-it/${randomUUID().slice(0, 8)}`;

function sub(provider: MqttFeedProvider, params: Record<string, unknown>): FeedSubscription<MqttFeedConfig> {
  return { id: randomUUID(), target: { namespace: 'it', name: 't', ownerUuid: randomUUID() }, config: provider.validate({ url: BROKER_URL, ...params }), egress: testConnector() };
}

describe('MQTT feed provider on the machine\'s Mosquitto', () => {
  let provider: MqttFeedProvider;
  let pub: MqttClient;
  const created: FeedSubscription<MqttFeedConfig>[] = [];

  const make = async (params: Record<string, unknown>, p = provider) => {
    const s = sub(p, params);
    s.config = await p.create(s);
    created.push(s);
    return s;
  };

  beforeEach(async () => {
    provider = new MqttFeedProvider();
    pub = await publisher();
  });

  afterEach(async () => {
    await pub.endAsync(true);
    for (const s of created.splice(0)) await provider.delete(s);
    await provider.onApplicationShutdown();
  });

  it('routes by wildcard filters: + is one level, # any number; a shared clean connection serves QoS 0', async () => {
    const t = base();
    const plus = await make({ topic: `${t}/+/temperature`, qos: 0 });
    const hash = await make({ topic: `${t}/#`, qos: 0 });
    const [a, b] = [new Sink(), new Sink()];
    await provider.start(plus, a.emit, a.report);
    await provider.start(hash, b.emit, b.report);
    expect((await provider.read(plus)).clientId).toBe((await provider.read(hash)).clientId);
    await sleep(300);
    await pub.publishAsync(`${t}/kitchen/temperature`, JSON.stringify({ c: 21.5 }));
    await pub.publishAsync(`${t}/kitchen/humidity`, '40');
    await pub.publishAsync(`${t}/kitchen/shelf/temperature`, '1');
    await b.waitFor(3);
    await a.waitFor(1);
    await sleep(300);
    expect(a.events).toEqual([{ topic: `${t}/kitchen/temperature`, payload: { c: 21.5 }, qos: 0, retain: false }]);
    expect(b.events.map((e) => e.topic).sort()).toEqual([`${t}/kitchen/humidity`, `${t}/kitchen/shelf/temperature`, `${t}/kitchen/temperature`]);
  });

  it('QoS 1: messages published while stopped arrive after a restart of the provider, once each', async () => {
    const t = base();
    const s = await make({ topic: `${t}/+`, qos: 1 });
    const first = new Sink();
    await provider.start(s, first.emit, first.report);
    await sleep(300);
    await pub.publishAsync(`${t}/a`, '"before"', { qos: 1 });
    await first.waitFor(1);
    await provider.stop(s);
    await provider.onApplicationShutdown(); // the process goes away
    for (const n of [1, 2, 3]) await pub.publishAsync(`${t}/a`, JSON.stringify({ n }), { qos: 1 });

    const restarted = new MqttFeedProvider();
    const second = new Sink();
    await restarted.start(s, second.emit, second.report);
    await second.waitFor(3);
    await sleep(1000);
    expect(second.events.map((e) => e.payload)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect(second.events.every((e) => e.qos === 1)).toBe(true);
    expect(first.events).toHaveLength(1);
    await restarted.stop(s);
  });

  it('messages published between CREATE and the first start are kept (the session exists from CREATE on)', async () => {
    const t = base();
    const s = await make({ topic: `${t}/x`, qos: 2, format: 'text' });
    await pub.publishAsync(`${t}/x`, 'early', { qos: 2 });
    const sink = new Sink();
    await provider.start(s, sink.emit, sink.report);
    await sink.waitFor(1);
    expect(sink.events[0]).toMatchObject({ payload: 'early', qos: 2 });
  });

  it('acknowledges only after emit resolved: a refused fire is redelivered, then delivered once', async () => {
    const t = base();
    const s = await make({ topic: `${t}/x`, qos: 1 });
    const sink = new Sink();
    sink.fail = 1;
    await provider.start(s, sink.emit, sink.report);
    await sleep(300);
    await pub.publishAsync(`${t}/x`, '{"v":1}', { qos: 1 });
    await sink.waitFor(1, 10_000);
    await sleep(500);
    expect(sink.calls).toBe(2);
    expect(sink.events).toEqual([{ topic: `${t}/x`, payload: { v: 1 }, qos: 1, retain: false }]);
    expect(sink.reports.some((r) => r.includes('delivery failed'))).toBe(true);
  });

  it('a payload that is not the declared format is fired with an error and reported, never dropped', async () => {
    const t = base();
    const s = await make({ topic: `${t}/x`, qos: 1, format: 'json' });
    const sink = new Sink();
    await provider.start(s, sink.emit, sink.report);
    await sleep(300);
    await pub.publishAsync(`${t}/x`, '{"broken": ', { qos: 1 });
    await sink.waitFor(1);
    expect(sink.events[0]).toMatchObject({ topic: `${t}/x`, payload: '{"broken": ', qos: 1, error: expect.stringContaining('not valid JSON') });
    expect(sink.reports.some((r) => r.includes('could not be decoded as json'))).toBe(true);
  });

  it('text and base64 formats; retained messages say so', async () => {
    const t = base();
    await pub.publishAsync(`${t}/bin`, Buffer.from([0xff, 0x00, 0x7f]), { qos: 1, retain: true });
    const b64 = await make({ topic: `${t}/bin`, qos: 1, format: 'base64' });
    const text = await make({ topic: `${t}/bin`, qos: 0, format: 'text' });
    const [s1, s2] = [new Sink(), new Sink()];
    await provider.start(b64, s1.emit, s1.report);
    await provider.start(text, s2.emit, s2.report);
    await s1.waitFor(1);
    await s2.waitFor(1);
    expect(s1.events[0]).toMatchObject({ payload: Buffer.from([0xff, 0x00, 0x7f]).toString('base64'), retain: true });
    expect(s2.events[0]).toMatchObject({ error: expect.stringContaining('not UTF-8'), payload: Buffer.from([0xff, 0x00, 0x7f]).toString('base64') });
    await pub.publishAsync(`${t}/bin`, '', { qos: 1, retain: true }); // clears the retained message
  });

  it('a broker restart mid-stream: status goes disconnected and back, every QoS 1 message arrives', async () => {
    const t = base();
    const s = await make({ topic: `${t}/seq`, qos: 1 });
    const sink = new Sink();
    await provider.start(s, sink.emit, sink.report);
    const steady = await publisher(`it-pub-${randomUUID().slice(0, 8)}`); // persistent: resends unacknowledged after reconnect
    steady.on('error', () => undefined);
    await sleep(300);
    const sent: Promise<unknown>[] = [];
    for (let n = 1; n <= 10; n++) sent.push(steady.publishAsync(`${t}/seq`, JSON.stringify(n), { qos: 1 }));
    await sink.waitFor(10);
    await restartMosquitto();
    for (let n = 11; n <= 20; n++) sent.push(steady.publishAsync(`${t}/seq`, JSON.stringify(n), { qos: 1 }));
    await Promise.all(sent);
    await sink.waitFor(20, 20_000);
    await steady.endAsync(true);
    const got = new Set(sink.events.map((e) => e.payload));
    expect([...Array(20).keys()].map((i) => i + 1).filter((n) => !got.has(n))).toEqual([]);
    const disconnected = sink.reports.findIndex((r) => r.startsWith('disconnected from mqtt://127.0.0.1:1883'));
    expect(disconnected).toBeGreaterThan(-1);
    expect(sink.reports.slice(disconnected).some((r) => r.startsWith('connected to mqtt://127.0.0.1:1883'))).toBe(true);
    expect(await provider.read(s)).toMatchObject({ connection: { state: 'connected' }, session: 'persistent' });
  }, 60_000);

  it('an unreachable broker is a clear CREATE error', async () => {
    const s = sub(provider, { url: 'mqtt://127.0.0.1:1', topic: 'x' });
    await expect(provider.create(s)).rejects.toThrow(/Could not connect to the MQTT broker mqtt:\/\/127\.0\.0\.1:1/);
  });

  it('DELETE discards the persistent session: nothing queued for it survives', async () => {
    const t = base();
    const s = await make({ topic: `${t}/x`, qos: 1 });
    await pub.publishAsync(`${t}/x`, '1', { qos: 1 });
    await provider.delete(s);
    created.splice(created.indexOf(s), 1);
    const again = new Sink();
    // Same client id, fresh session: the message queued before DELETE is gone.
    await provider.start(s, again.emit, again.report);
    await sleep(1000);
    expect(again.events).toEqual([]);
    await provider.stop(s);
    await provider.delete(s);
  });

  it('validate names bad parameters', () => {
    expect(() => provider.validate({ url: 'http://x', topic: 'a' })).toThrow(/"url"/);
    expect(() => provider.validate({ url: BROKER_URL, topic: 'a/b+/c' })).toThrow(/"topic"/);
    expect(() => provider.validate({ url: BROKER_URL, topic: 'a/#/c' })).toThrow(/"topic"/);
    expect(() => provider.validate({ url: BROKER_URL, topic: 'a', qos: 3 })).toThrow(/"qos"/);
    expect(() => provider.validate({ url: BROKER_URL, topic: 'a', format: 'xml' })).toThrow(/"format"/);
    expect(provider.validate({ url: BROKER_URL, topic: 'a/+/#' })).toEqual({ url: BROKER_URL, topic: 'a/+/#', qos: 1, format: 'json' });
  });
});

describeFeedProviderContract('mqtt', () => {
  const provider = new MqttFeedProvider();
  const topic = `wisp-it/contract-${randomUUID().slice(0, 8)}`;
  let pub: MqttClient | undefined;
  const made: FeedSubscription<MqttFeedConfig>[] = [];
  return {
    provider,
    validParams: () => ({ url: BROKER_URL, topic: `${topic}/+`, qos: 1 }),
    invalidParams: [
      { params: { url: 'ftp://x', topic: 'a' }, names: 'url' },
      { params: { url: BROKER_URL, topic: 'a/#/b' }, names: 'topic' },
      { params: { url: BROKER_URL, topic: 'a', qos: 5 }, names: 'qos' },
      { params: { url: BROKER_URL, topic: 'a', format: 'yaml' }, names: 'format' },
    ],
    produceEvent: async (s) => {
      made.push(s);
      pub ??= await publisher();
      await pub.publishAsync(s.config.topic.replace('+', 'sensor'), JSON.stringify({ at: Date.now() }), { qos: 1 });
    },
    eventWithinMs: 5000,
    cleanup: async () => {
      await pub?.endAsync(true);
      for (const s of made) await provider.delete(s);
      await provider.onApplicationShutdown();
    },
  };
});
