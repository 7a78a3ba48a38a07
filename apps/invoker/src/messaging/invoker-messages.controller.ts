import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { type ConsumeOutcome, MessagePatterns, type ReceivedMessage } from '@wisp/core';
import { ActivationConsumer } from './activation.consumer';
import { EntityChangeConsumer } from './entity-change.consumer';

/** The invoker's message handlers; each answers the outcome the transport applies (ack, requeue, dead-letter). */
@Controller()
export class InvokerMessagesController {
  constructor(
    private readonly activations: ActivationConsumer,
    private readonly entityChanges: EntityChangeConsumer,
  ) {}

  @EventPattern(MessagePatterns.activation)
  activation(@Payload() message: ReceivedMessage): Promise<ConsumeOutcome> {
    return this.activations.handle(message);
  }

  @EventPattern(MessagePatterns.entityChange)
  entityChange(@Payload() message: ReceivedMessage): ConsumeOutcome {
    return this.entityChanges.handle(message);
  }
}
