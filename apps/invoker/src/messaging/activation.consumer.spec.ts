import { AmqpConnection, ConsumeOutcome, loadConfig, parseCompletionMessage, ReceivedMessage } from '@wisp/core';
import { ActivationRunner } from '../activation/activation-runner';
import { buildErrorRecord } from '../activation/record-builder';
import { activationMessage } from '../testing/activation-message.factory';
import { ActivationWriter } from '@wisp/core';
import { ActivationConsumer } from './activation.consumer';

const config = loadConfig({ WISP_INVOKER_ID: 'inv7', WISP_INVOKER_MEMORY_MB: '1024' });

function setup() {
  const events: string[] = [];
  let handler!: (m: ReceivedMessage) => Promise<ConsumeOutcome>;
  let prefetch = 0;
  const amqp = {
    declare: async () => undefined,
    consume: async (_q: string, h: typeof handler, o: { prefetch: number }) => {
      handler = h;
      prefetch = o.prefetch;
      return _q;
    },
    sendToQueue: async (queue: string, content: Buffer) => {
      events.push(`publish ${queue} ${parseCompletionMessage(content).activation.response.statusCode}`);
    },
  } as unknown as AmqpConnection;
  const runner = {
    run: jest.fn(async (m) => {
      events.push(`run ${m.activationId}`);
      return buildErrorRecord(m, { statusCode: 0, result: {} });
    }),
  } as unknown as ActivationRunner;
  const stored = new Set<string>();
  const writer = {
    write: jest.fn(async (r) => {
      events.push(`write ${r.activationId}`);
      stored.add(r.activationId);
    }),
    isStored: jest.fn(async (id: string) => stored.has(id)),
  } as unknown as ActivationWriter;
  const consumer = new ActivationConsumer(amqp, runner, writer, config);
  const deliver = (content: unknown, redelivered = false) =>
    handler({ content: Buffer.isBuffer(content) ? content : Buffer.from(JSON.stringify(content)), redelivered }).then((o) => {
      events.push(`outcome ${o}`);
      return o;
    });
  return { consumer, deliver, events, stored, runner, prefetch: () => prefetch };
}

describe('ActivationConsumer', () => {
  it('prefetches one message per 128 MB of action memory', async () => {
    const s = setup();
    await s.consumer.start();
    expect(s.prefetch()).toBe(8);
  });

  it('runs, publishes the completion first, stores, then acks', async () => {
    const s = setup();
    await s.consumer.start();
    const m = activationMessage({ replyQueue: 'wisp.completed.c1' });
    expect(await s.deliver(m)).toBe('ack');
    expect(s.events).toEqual([`run ${m.activationId}`, 'publish wisp.completed.c1 0', `write ${m.activationId}`, 'outcome ack']);
  });

  it('dead-letters what it cannot parse', async () => {
    const s = setup();
    await s.consumer.start();
    expect(await s.deliver(Buffer.from('{not json'))).toBe('dead-letter');
    expect(await s.deliver({ v: 2, type: 'activation' })).toBe('dead-letter');
    expect(s.runner.run).not.toHaveBeenCalled();
  });

  it('never runs a redelivered message: acks it when stored, else records an internal error', async () => {
    const s = setup();
    await s.consumer.start();
    const done = activationMessage();
    s.stored.add(done.activationId);
    expect(await s.deliver(done, true)).toBe('ack');
    const lost = activationMessage({ replyQueue: 'r' });
    expect(await s.deliver(lost, true)).toBe('ack');
    expect(s.runner.run).not.toHaveBeenCalled();
    expect(s.events).toEqual(['outcome ack', 'publish r 3', `write ${lost.activationId}`, 'outcome ack']);
  });

  it('a redelivery of a message still running here waits for it instead of recording an error', async () => {
    const s = setup();
    await s.consumer.start();
    const m = activationMessage({ replyQueue: 'r' });
    const first = s.deliver(m);
    const second = s.deliver(m, true);
    expect(await Promise.all([first, second])).toEqual(['ack', 'ack']);
    expect(s.runner.run).toHaveBeenCalledTimes(1);
    expect(s.events.filter((e) => e.startsWith('publish'))).toEqual(['publish r 0']);
  });
});
