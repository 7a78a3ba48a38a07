import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { AmqpConnection, AmqpMessageContext, AmqpTransportServer, type ConsumeOutcome, type ReceivedMessage } from '@wisp/core';
import * as amqp from 'amqplib';
import { randomUUID } from 'node:crypto';
import { E2E } from '../../support/e2e-env';
import { resetVhost } from '../../support/rabbit-vhost';

/** A vhost of this suite and this engineer's port alone. */
const URL = resetVhost(`wisp-it-transport-${E2E.port}`);
const WORK = 'it.transport.work';
const DEAD = 'it.transport.dead';

/** What the test handler was handed, and what it should answer next (per message body). */
const seen: { body: string; redelivered: boolean; pattern: string }[] = [];
const answers = new Map<string, ConsumeOutcome | 'throw' | 'bogus' | 'slow'>();
let releaseSlow: () => void = () => undefined;

@Controller()
class TestHandlers {
  @EventPattern('it.work')
  async work(@Payload() message: ReceivedMessage, @Ctx() ctx: AmqpMessageContext): Promise<ConsumeOutcome | string | undefined> {
    const body = message.content.toString();
    seen.push({ body, redelivered: message.redelivered, pattern: ctx.getPattern() });
    const answer = answers.get(body);
    answers.delete(body); // the next delivery of the same body is acked
    if (answer === 'throw') throw new Error('handler failed');
    if (answer === 'bogus') return 'maybe';
    if (answer === 'slow') await new Promise<void>((r) => (releaseSlow = r));
    return answer === 'slow' ? 'ack' : answer;
  }
}

@Module({ controllers: [TestHandlers] })
class TestModule {}

describe('AmqpTransportServer on RabbitMQ', () => {
  let connection: AmqpConnection;
  let app: INestMicroservice;
  let publisher: amqp.ChannelModel;
  let channel: amqp.Channel;
  let transport: AmqpTransportServer;

  beforeAll(async () => {
    publisher = await amqp.connect(URL);
    channel = await publisher.createChannel();
    await channel.assertQueue(DEAD, { durable: true });
    connection = new AmqpConnection(URL, 'it-transport');
    transport = new AmqpTransportServer([
      {
        pattern: 'it.work',
        queue: WORK,
        topology: (ch) => ch.assertQueue(WORK, { durable: true, arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': DEAD } }),
        options: { prefetch: 2 },
      },
    ]).attach(connection);
    app = await NestFactory.createMicroservice(TestModule, { strategy: transport, logger: false });
    await app.listen();
  });

  afterAll(async () => {
    releaseSlow();
    await app.close();
    await connection.close();
    await publisher.close();
  });

  const send = (body: string) => channel.sendToQueue(WORK, Buffer.from(body));
  const until = async (check: () => boolean, ms = 10_000) => {
    for (const end = Date.now() + ms; !check(); ) {
      if (Date.now() > end) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const depth = async (queue: string) => (await channel.checkQueue(queue)).messageCount;

  it('hands each message to the @EventPattern handler with its pattern in the context, and acks it', async () => {
    const body = `ack-${randomUUID()}`;
    send(body);
    await until(() => seen.some((s) => s.body === body));
    expect(seen.find((s) => s.body === body)).toEqual({ body, redelivered: false, pattern: 'it.work' });
    expect(await depth(WORK)).toBe(0);
  });

  it('redelivers a requeued message, flagged as redelivered', async () => {
    const body = `requeue-${randomUUID()}`;
    answers.set(body, 'requeue');
    send(body);
    await until(() => seen.filter((s) => s.body === body).length === 2);
    expect(seen.filter((s) => s.body === body).map((s) => s.redelivered)).toEqual([false, true]);
  });

  it('dead-letters the message of a handler that throws or answers no outcome, and keeps consuming', async () => {
    const thrown = `throw-${randomUUID()}`;
    const bogus = `bogus-${randomUUID()}`;
    answers.set(thrown, 'throw');
    answers.set(bogus, 'bogus');
    send(thrown);
    send(bogus);
    await until(() => seen.some((s) => s.body === thrown) && seen.some((s) => s.body === bogus));
    const dead: string[] = [];
    for (let i = 0; i < 100 && dead.length < 2; i++) {
      const m = await channel.get(DEAD, { noAck: true });
      if (m) dead.push(m.content.toString());
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(dead.sort()).toEqual([bogus, thrown].sort());
    const after = `after-${randomUUID()}`;
    send(after);
    await until(() => seen.some((s) => s.body === after));
    expect(seen.filter((s) => s.body === thrown)).toHaveLength(1);
  });

  it('acks only after the handler settled: a message still in work stays unacked, and close stops deliveries', async () => {
    const slow = `slow-${randomUUID()}`;
    answers.set(slow, 'slow');
    send(slow);
    await until(() => seen.some((s) => s.body === slow));
    const q = await channel.checkQueue(WORK);
    expect(q.messageCount).toBe(0); // delivered, held unacked by the handler
    await transport.close();
    const late = `late-${randomUUID()}`;
    send(late);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.some((s) => s.body === late)).toBe(false);
    expect(await depth(WORK)).toBe(1);
    releaseSlow();
    await new Promise((r) => setTimeout(r, 300));
    // Acked once its handler settled: closing the connection returns nothing but the undelivered one.
    await connection.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(await depth(WORK)).toBe(1);
    expect(seen.filter((s) => s.body === slow)).toHaveLength(1);
  });
});
