import { BaseRpcContext } from '@nestjs/microservices';
import type { ReceivedMessage } from './amqp-connection';

/** What an `@Ctx()` parameter of a Wisp message handler sees: the received message and the route's pattern. */
export class AmqpMessageContext extends BaseRpcContext<[ReceivedMessage, string]> {
  /** The message as received (content, redelivered flag, correlation id). */
  getMessage(): ReceivedMessage {
    return this.args[0];
  }

  /** The pattern the message was routed to. */
  getPattern(): string {
    return this.args[1];
  }
}
