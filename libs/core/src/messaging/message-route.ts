import type * as amqp from 'amqplib';
import type { ConsumeOptions } from './amqp-connection';

/** One queue the AMQP transport consumes, handed to the `@EventPattern` handler of `pattern`. */
export interface MessageRoute {
  /** The handler's pattern (see MessagePatterns). */
  pattern: string;
  /** The queue; '' for an exclusive queue the broker names (its name is then known after `listen`). */
  queue: string;
  /** Prefetch, and the queue's declaration on the consumer's channel (run again after every reconnect). */
  options: ConsumeOptions;
  /** Exchanges or queues declared before consuming, and again after every reconnect. */
  topology?: (channel: amqp.Channel) => Promise<unknown>;
}

/**
 * A route for a fanout broadcast (health pings, entity changes): the exchange is declared, and each process hears it
 * on an exclusive queue of its own that the broker names and deletes with the connection.
 */
export function fanoutRoute(pattern: string, exchange: string, prefetch: number): MessageRoute {
  return {
    pattern,
    queue: '',
    topology: (ch) => ch.assertExchange(exchange, 'fanout', { durable: false }),
    options: {
      prefetch,
      exclusive: true,
      assert: async (ch) => {
        const q = await ch.assertQueue('', { exclusive: true, autoDelete: true });
        await ch.bindQueue(q.queue, exchange, '');
        return q;
      },
    },
  };
}
