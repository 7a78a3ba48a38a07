import { Injectable, Logger } from '@nestjs/common';
import { AmqpConnection, ConsumeOutcome, parseEntityChangeMessage, ReceivedMessage, Topology } from '@wisp/core';
import { StaleContainerSweeper } from '../pool/stale-container.sweeper';

/**
 * Hears the controllers' entity change broadcasts on a queue of its own bound to the entity fanout, and has the pool
 * swept when actions or packages changed. An unreadable message is dead-lettered (dropped from this exclusive queue).
 */
@Injectable()
export class EntityChangeConsumer {
  private readonly logger = new Logger(EntityChangeConsumer.name);

  constructor(
    private readonly amqp: AmqpConnection,
    private readonly sweeper: StaleContainerSweeper,
  ) {}

  /** Declares the fanout and starts consuming (the queue is re-declared and re-bound after every reconnect). */
  async start(): Promise<void> {
    await this.amqp.declare((ch) => ch.assertExchange(Topology.entityExchange, 'fanout', { durable: false }));
    await this.amqp.consume('', async (m) => this.handle(m), {
      prefetch: 10,
      exclusive: true,
      assert: async (ch) => {
        const q = await ch.assertQueue('', { exclusive: true, autoDelete: true });
        await ch.bindQueue(q.queue, Topology.entityExchange, '');
        return q;
      },
    });
  }

  private handle(received: ReceivedMessage): ConsumeOutcome {
    try {
      const change = parseEntityChangeMessage(received.content);
      // Actions hold code; packages and bindings hold parameters that may be baked into a container at `/init`.
      if (change.entity === 'actions' || change.entity === 'packages') void this.sweeper.request();
      return 'ack';
    } catch (e) {
      this.logger.warn(`dropping an unreadable entity change: ${(e as Error).message}`);
      return 'dead-letter';
    }
  }
}
