import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { MessagePatterns, type ReceivedMessage } from '@wisp/core';
import { CompletionConsumer } from './completion.consumer';
import { InvokerRegistry } from './invoker-registry';

/** The controller's message handlers: invokers' completions and health pings. */
@Controller()
export class ControllerMessagesController {
  constructor(
    private readonly completions: CompletionConsumer,
    private readonly registry: InvokerRegistry,
  ) {}

  @EventPattern(MessagePatterns.completion)
  completion(@Payload() message: ReceivedMessage): Promise<'ack'> {
    return this.completions.handle(message.content);
  }

  @EventPattern(MessagePatterns.invokerPing)
  invokerPing(@Payload() message: ReceivedMessage): 'ack' {
    return this.registry.onPing(message.content);
  }
}
