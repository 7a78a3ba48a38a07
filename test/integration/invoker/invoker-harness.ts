import { INestApplicationContext } from '@nestjs/common';
import { ActivationMessage, AmqpConnection, CompletionMessage, loadConfig, migrateDatabase, parseCompletionMessage, Topology } from '@wisp/core';
import * as amqp from 'amqplib';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { startInvoker } from '../../../apps/invoker/src/invoker.app';
import { E2E } from '../../support/e2e-env';
import { ensureVhost } from '../../support/rabbit-vhost';
import { queryOnce } from '../../support/sql';

/** Derived from WISP_E2E_PORT (as the e2e stack is), so runs from parallel checkouts never share state. */
const SUFFIX = E2E.port === 3299 ? '' : `_${E2E.port}`;
export const IT_DATABASE_URL = `postgres://postgres@127.0.0.1:5432/wisp_it_invoker${SUFFIX}`;
/** A vhost of its own (see {@link ensureVhost}). */
const IT_VHOST = `wisp-it-invoker${SUFFIX.replace('_', '-')}`;
const AMQP_URL = `amqp://guest:guest@127.0.0.1:5672/${IT_VHOST}`;

/** Creates and migrates the integration database and the RabbitMQ vhost once per test file. */
export async function prepareServices(): Promise<void> {
  await (await migrateDatabase(IT_DATABASE_URL)).destroy();
  ensureVhost(IT_VHOST);
}

/** Runs `sql` against the integration database. */
export function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return queryOnce<T>(IT_DATABASE_URL, text, params);
}

/**
 * One real invoker (the Nest application of apps/invoker) on a unique id, plus a controller-side stand-in: it publishes
 * ActivationMessages to the invoker's queue and collects CompletionMessages from its own reply queue.
 */
export class InvokerHarness {
  readonly replyQueue: string;
  private app?: INestApplicationContext;
  private readonly client: AmqpConnection;
  private readonly waiting = new Map<string, (c: CompletionMessage) => void>();
  private readonly arrived = new Map<string, CompletionMessage>();

  private constructor(readonly invokerId: string) {
    this.replyQueue = Topology.completionQueue(`it-ctl-${invokerId}`);
    this.client = new AmqpConnection(AMQP_URL, `it-${invokerId}`);
  }

  /** A harness whose invoker is not started yet (`boot` starts it). */
  static async create(invokerId = `it-inv-${randomUUID().slice(0, 8)}`): Promise<InvokerHarness> {
    const h = new InvokerHarness(invokerId);
    await h.client.consume(h.replyQueue, async (m) => h.onCompletion(m.content), {
      prefetch: 100,
      assert: (ch) => ch.assertQueue(h.replyQueue, { durable: false, autoDelete: true }),
    });
    return h;
  }

  get containerDir(): string {
    return `/tmp/wisp-it-invoker${SUFFIX.replace('_', '-')}/${this.invokerId}`;
  }

  get queue(): string {
    return Topology.invokerQueue(this.invokerId);
  }

  /** Starts the invoker application with test settings (plus `env`). */
  async boot(env: Record<string, string> = {}): Promise<void> {
    Object.assign(process.env, {
      WISP_DATABASE_URL: IT_DATABASE_URL,
      WISP_AMQP_URL: AMQP_URL,
      WISP_INVOKER_ID: this.invokerId,
      WISP_CONTAINER_DIR: this.containerDir,
      WISP_INVOKER_MEMORY_MB: '2048',
      WISP_PREWARM_COUNT: '1',
      WISP_PAUSE_GRACE_MS: '300',
      WISP_IDLE_TTL_MS: '60000',
      WISP_LOG_LEVEL: 'warn',
      ...env,
    });
    this.app = await startInvoker(loadConfig(), { logger: ['error', 'warn'] });
  }

  /** Resolves a Nest provider of the running invoker. */
  get<T>(type: new (...args: never[]) => T): T {
    return this.app!.get(type);
  }

  /** Publishes `message` (reply queue set to ours) without waiting for the completion. */
  async publish(message: ActivationMessage): Promise<void> {
    await this.client.sendToQueue(this.queue, Buffer.from(JSON.stringify({ ...message, replyQueue: this.replyQueue })));
  }

  /** Publishes raw bytes to an exchange (a controller's broadcast, for instance). */
  async broadcast(exchange: string, content: Buffer): Promise<void> {
    await this.client.publish(exchange, '', content, { persistent: false });
  }

  /** Publishes raw bytes to the invoker queue. */
  async publishRaw(content: Buffer): Promise<void> {
    await this.client.sendToQueue(this.queue, content);
  }

  /** Publishes and waits for the completion. */
  async invoke(message: ActivationMessage, timeoutMs = 60_000): Promise<CompletionMessage> {
    const done = this.completion(message.activationId, timeoutMs);
    await this.publish(message);
    return done;
  }

  /** Waits for the completion of `activationId`. */
  completion(activationId: string, timeoutMs = 60_000): Promise<CompletionMessage> {
    const ready = this.arrived.get(activationId);
    if (ready) return Promise.resolve(ready);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no completion for ${activationId} within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.set(activationId, (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
  }

  /** Stops the invoker (its shutdown path) and, with `all`, the client and queues too. */
  async stop(all = true): Promise<void> {
    await this.app?.close();
    this.app = undefined;
    if (!all) return;
    rmSync(this.containerDir, { recursive: true, force: true });
    await this.client.close();
    await withChannel(async (ch) => {
      await ch.deleteQueue(this.queue);
      await ch.deleteQueue(this.replyQueue);
    });
  }

  private async onCompletion(content: Buffer): Promise<'ack'> {
    const c = parseCompletionMessage(content);
    this.arrived.set(c.activationId, c);
    this.waiting.get(c.activationId)?.(c);
    this.waiting.delete(c.activationId);
    return 'ack';
  }
}

/** Runs `fn` with a plain amqplib channel (tests only: peeking at the dead-letter queue, deleting queues). */
export async function withChannel<T>(fn: (ch: amqp.Channel) => Promise<T>): Promise<T> {
  const conn = await amqp.connect(AMQP_URL);
  try {
    const ch = await conn.createChannel();
    return await fn(ch);
  } finally {
    await conn.close().catch(() => undefined);
  }
}

/** The annotations of a record as an object. */
export function annotationsOf(c: CompletionMessage): Record<string, unknown> {
  return Object.fromEntries(c.activation.annotations.map((a) => [a.key, a.value]));
}
