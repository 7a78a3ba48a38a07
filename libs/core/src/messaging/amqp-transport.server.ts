import { Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import type { AmqpConnection, ConsumeOutcome, ReceivedMessage } from './amqp-connection';
import { AmqpMessageContext } from './amqp-message.context';
import type { MessageRoute } from './message-route';

const OUTCOMES: readonly ConsumeOutcome[] = ['ack', 'dead-letter', 'requeue'];

/**
 * Nest's transport strategy over Wisp's own {@link AmqpConnection}, so message handlers are ordinary `@EventPattern`
 * methods of Nest controllers while the delivery guarantees stay the connection's: manual ack only after the handler
 * settled, bounded prefetch per route, consumers re-declared after a reconnect, and a handler that throws
 * dead-letters its message instead of stopping the consumer. A handler resolves to the message's
 * {@link ConsumeOutcome}; resolving to nothing acks. Nest's stock RMQ transport offers none of confirms, per-route
 * prefetch with manual ack after work, or dead-lettering, hence this one.
 *
 * The connection belongs to the application (its publishers share it): {@link attach} it before `listen`; `close`
 * stops this transport's consumers and leaves the connection to its owner.
 */
export class AmqpTransportServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger(AmqpTransportServer.name);
  private readonly queues = new Map<string, string>();
  private connection?: AmqpConnection;

  constructor(private readonly routes: readonly MessageRoute[]) {
    super();
  }

  /** The connection this transport consumes on. */
  attach(connection: AmqpConnection): this {
    this.connection = connection;
    return this;
  }

  /** Declares and consumes every route, in order; fails when a route has no handler. */
  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const connection = this.connection;
      if (!connection) throw new Error('AmqpTransportServer: attach a connection before listen');
      for (const route of this.routes) {
        const handler = this.getHandlerByPattern(route.pattern);
        if (!handler) throw new Error(`no @EventPattern('${route.pattern}') handler is registered for queue '${route.queue || '(exclusive)'}'`);
        if (route.topology) await connection.declare(route.topology);
        const queue = await connection.consume(route.queue, (message) => this.dispatch(handler, route.pattern, message), route.options);
        this.queues.set(route.pattern, queue);
      }
      callback();
    } catch (e) {
      callback(e);
    }
  }

  /** The queue consumed for `pattern` (the broker's name for an exclusive queue), once listening. */
  queueOf(pattern: string): string | undefined {
    return this.queues.get(pattern);
  }

  /** Stops deliveries to every route; messages already handed out keep their acks. */
  async close(): Promise<void> {
    for (const queue of this.queues.values()) {
      await this.connection?.cancel(queue).catch((e: Error) => this.log.warn(`cannot cancel the consumer of ${queue}: ${e.message}`));
    }
    this.queues.clear();
  }

  on(): never {
    throw new Error('AmqpTransportServer emits no events');
  }

  unwrap<T>(): T {
    return this.connection as T;
  }

  private async dispatch(handler: MessageHandler, pattern: string, message: ReceivedMessage): Promise<ConsumeOutcome> {
    const result = await handler(message, new AmqpMessageContext([message, pattern]));
    const outcome: unknown = await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
    if (outcome === undefined) return 'ack';
    if (OUTCOMES.includes(outcome as ConsumeOutcome)) return outcome as ConsumeOutcome;
    throw new Error(`the handler of ${pattern} answered '${String(outcome)}', not one of ${OUTCOMES.join(', ')}`);
  }
}
