import { Injectable, Logger } from '@nestjs/common';
import { ConsumeOutcome, parseEntityChangeMessage, ReceivedMessage } from '@wisp/core';
import { StaleContainerSweeper } from '../pool/stale-container.sweeper';

/**
 * Hears the controllers' entity change broadcasts (on a queue of its own bound to the entity fanout, see the invoker's
 * routes), and has the pool swept when actions or packages changed. An unreadable message is dead-lettered (dropped
 * from that exclusive queue).
 */
@Injectable()
export class EntityChangeConsumer {
  private readonly logger = new Logger(EntityChangeConsumer.name);

  constructor(private readonly sweeper: StaleContainerSweeper) {}

  /** One entity change (the `entityChange` route). */
  handle(received: ReceivedMessage): ConsumeOutcome {
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
