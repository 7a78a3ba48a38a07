import { Logger } from '@nestjs/common';
import * as amqp from 'amqplib';

/** What a consumer handler decides for one message. */
export type ConsumeOutcome = 'ack' | 'dead-letter' | 'requeue';

/** A received message, reduced to what handlers need. */
export interface ReceivedMessage {
  content: Buffer;
  /** True when the broker delivered it before (a previous consumer died holding it). */
  redelivered: boolean;
  correlationId?: string;
}

/** Options of one consumer. */
export interface ConsumeOptions {
  /** Unacknowledged messages this consumer may hold. */
  prefetch: number;
  /** Declares the queue before consuming (run again after every reconnect). */
  assert?: (channel: amqp.Channel) => Promise<unknown>;
  /** Set when the queue name is chosen by the broker (exclusive replies): receives the actual name. */
  exclusive?: boolean;
}

interface ConsumerSpec {
  queue: string;
  handler: (msg: ReceivedMessage) => Promise<ConsumeOutcome>;
  options: ConsumeOptions;
  channel?: amqp.Channel;
  consumerTag?: string;
  /** Set by `cancel`: not restarted after a reconnect. */
  cancelled?: boolean;
}

const BACKOFF_MS = [100, 250, 500, 1000, 2000, 5000];

/** The broker did not confirm a publish within its deadline; the message may or may not have been routed. */
export class PublishTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`RabbitMQ did not confirm the publish within ${timeoutMs} ms`);
  }
}

/**
 * One RabbitMQ connection with a confirm channel for publishing and one channel per consumer.
 * Guarantees: every `publish` resolves only after the broker confirmed it (persistent messages on durable queues survive
 * a broker restart); a lost connection is re-opened with backoff and topology plus consumers are re-declared; publishes
 * issued while disconnected wait for the reconnect instead of failing.
 */
export class AmqpConnection {
  private readonly logger: Logger;
  private connection?: amqp.ChannelModel;
  private publisher?: amqp.ConfirmChannel;
  private readonly topology: ((ch: amqp.Channel) => Promise<unknown>)[] = [];
  private readonly consumers: ConsumerSpec[] = [];
  private ready?: Promise<void>;
  private closing = false;
  private attempt = 0;

  constructor(private readonly url: string, name: string) {
    this.logger = new Logger(`Amqp:${name}`);
  }

  /** Connects (retrying with backoff until it succeeds or `close` is called). */
  connect(): Promise<void> {
    this.ready ??= this.open();
    return this.ready;
  }

  /** Registers topology declared now and again after every reconnect. */
  async declare(fn: (ch: amqp.Channel) => Promise<unknown>): Promise<void> {
    this.topology.push(fn);
    await this.connect();
    await fn(this.publisher!);
  }

  /** Publishes to `exchange` with `routingKey` and waits for the broker's confirm. */
  publish(exchange: string, routingKey: string, content: Buffer, options: amqp.Options.Publish = {}): Promise<void> {
    return this.publishUntil(() => false, exchange, routingKey, content, options);
  }

  /**
   * Publishes to a queue and waits at most `timeoutMs` for the broker's confirm (through a reconnect, if one happens in
   * time). On timeout it rejects with {@link PublishTimeoutError} and never publishes that message again, not even after
   * a reconnect; bytes already written may still have been routed, which the caller must settle (activation claims).
   */
  async sendToQueueWithin(timeoutMs: number, queue: string, content: Buffer, options: amqp.Options.Publish = {}): Promise<void> {
    let given = false;
    let timer: NodeJS.Timeout | undefined;
    const expiry = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        given = true;
        reject(new PublishTimeoutError(timeoutMs));
      }, timeoutMs);
    });
    const publishing = this.publishUntil(() => given, '', queue, content, options);
    publishing.catch(() => undefined);
    try {
      await Promise.race([publishing, expiry]);
    } finally {
      clearTimeout(timer);
      given = true;
    }
  }

  /** Publishes and waits for the confirm, republishing after a disconnect until `given` says the caller gave up. */
  private async publishUntil(given: () => boolean, exchange: string, routingKey: string, content: Buffer, options: amqp.Options.Publish): Promise<void> {
    for (;;) {
      await this.connect();
      if (given()) throw new PublishTimeoutError(0);
      const ch = this.publisher!;
      try {
        await new Promise<void>((resolve, reject) => {
          ch.publish(exchange, routingKey, content, { persistent: true, ...options }, (err) => (err ? reject(err) : resolve()));
        });
        return;
      } catch (e) {
        if (this.closing || given()) throw e;
        if (this.publisher === ch && this.connection) throw e; // broker nacked: a real failure, not a disconnect
        this.logger.warn(`publish interrupted by a disconnect, retrying: ${(e as Error).message}`);
      }
    }
  }

  /** Publishes straight to a queue (default exchange) and waits for the confirm. */
  sendToQueue(queue: string, content: Buffer, options: amqp.Options.Publish = {}): Promise<void> {
    return this.publish('', queue, content, options);
  }

  /**
   * Starts a consumer that survives reconnects. The handler's outcome is applied after it resolves (manual ack);
   * a handler that throws dead-letters the message, so one bad message never stops the consumer.
   * @returns the queue name (useful for broker-named exclusive queues).
   */
  async consume(queue: string, handler: ConsumerSpec['handler'], options: ConsumeOptions): Promise<string> {
    const spec: ConsumerSpec = { queue, handler, options };
    this.consumers.push(spec);
    await this.connect();
    return this.startConsumer(spec);
  }

  /**
   * Takes every message currently in `queue` (competing fairly with its consumers), handing each to `fn` and acking it
   * after `fn` resolved. Used to move work off an invoker that went offline. Returns how many were taken.
   */
  async drain(queue: string, fn: (msg: ReceivedMessage) => Promise<void>): Promise<number> {
    await this.connect();
    const ch = await this.connection!.createChannel();
    let taken = 0;
    try {
      for (;;) {
        const msg = await ch.get(queue, { noAck: false });
        if (!msg) return taken;
        await fn({ content: msg.content, redelivered: msg.fields.redelivered, correlationId: msg.properties.correlationId });
        ch.ack(msg);
        taken++;
      }
    } finally {
      await ch.close().catch(() => undefined);
    }
  }

  /**
   * Stops deliveries to the consumers of `queue` (also across later reconnects). Messages already delivered stay with
   * their handlers, whose acks still work.
   */
  async cancel(queue: string): Promise<void> {
    for (const spec of this.consumers.filter((c) => c.queue === queue)) {
      spec.cancelled = true;
      if (spec.channel && spec.consumerTag) await spec.channel.cancel(spec.consumerTag);
    }
  }

  /**
   * Messages ready in `queue` (for a queue-depth gauge), on a short-lived channel of its own so a failed check never
   * closes the publishing channel; undefined while disconnected or when the check fails.
   */
  async queueDepth(queue: string): Promise<number | undefined> {
    const conn = this.connection;
    if (!conn) return undefined;
    const ch = await conn.createChannel().catch(() => undefined);
    if (!ch) return undefined;
    ch.on('error', () => undefined);
    try {
      return (await ch.checkQueue(queue)).messageCount;
    } catch {
      return undefined;
    } finally {
      await ch.close().catch(() => undefined);
    }
  }

  /** Closes channels and the connection; no reconnect afterwards. */
  async close(): Promise<void> {
    this.closing = true;
    const conn = this.connection;
    this.connection = undefined;
    await conn?.close().catch(() => undefined);
  }

  /** True while connected. */
  get connected(): boolean {
    return !!this.connection;
  }

  private async open(): Promise<void> {
    while (!this.closing) {
      try {
        // Small request/response messages: without TCP_NODELAY, Nagle + delayed ACK add ~40 ms per round trip.
        const conn = await amqp.connect(this.url, { noDelay: true });
        conn.on('error', (e) => this.logger.warn(`connection error: ${e.message}`));
        conn.on('close', () => this.onClose(conn));
        this.publisher = await conn.createConfirmChannel();
        this.publisher.on('error', (e) => this.logger.warn(`publish channel error: ${e.message}`));
        for (const fn of this.topology) await fn(this.publisher);
        this.connection = conn;
        for (const c of this.consumers) if (!c.cancelled) await this.startConsumer(c);
        if (this.attempt > 0) this.logger.log('reconnected to RabbitMQ');
        this.attempt = 0;
        return;
      } catch (e) {
        const wait = BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)];
        this.logger.warn(`cannot reach RabbitMQ (${(e as Error).message}); retrying in ${wait} ms`);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
    throw new Error('AMQP connection closed');
  }

  private onClose(conn: amqp.ChannelModel): void {
    if (this.connection !== conn && this.connection !== undefined) return;
    this.connection = undefined;
    this.publisher = undefined;
    for (const c of this.consumers) c.channel = undefined;
    if (this.closing) return;
    this.logger.warn('lost the RabbitMQ connection; reconnecting');
    this.ready = this.open();
    this.ready.catch(() => undefined);
  }

  private async startConsumer(spec: ConsumerSpec): Promise<string> {
    const ch = await this.connection!.createChannel();
    ch.on('error', (e) => this.logger.warn(`consumer channel ${spec.queue} error: ${e.message}`));
    await ch.prefetch(spec.options.prefetch);
    let queue = spec.queue;
    if (spec.options.assert) {
      const r = (await spec.options.assert(ch)) as { queue?: string } | undefined;
      if (spec.options.exclusive && r?.queue) queue = r.queue;
    }
    spec.channel = ch;
    const { consumerTag } = await ch.consume(queue, (msg) => {
      if (!msg) return;
      const received: ReceivedMessage = { content: msg.content, redelivered: msg.fields.redelivered, correlationId: msg.properties.correlationId };
      spec
        .handler(received)
        .catch((e) => {
          this.logger.error(`consumer of ${queue} failed; dead-lettering the message: ${(e as Error).stack}`);
          return 'dead-letter' as const;
        })
        .then((outcome) => {
          if (spec.channel !== ch) return; // channel replaced by a reconnect; the broker redelivers
          if (outcome === 'ack') ch.ack(msg);
          else ch.nack(msg, false, outcome === 'requeue');
        })
        .catch((e) => this.logger.warn(`ack on ${queue} failed: ${(e as Error).message}`));
    });
    spec.consumerTag = consumerTag;
    return queue;
  }
}
