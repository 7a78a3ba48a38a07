import { Controller, Get } from '@nestjs/common';
import { InvokerRegistry } from './invoker-registry';

/** `GET /invokers`: OpenWhisk's admin view of invoker health (`{"invoker0": "up"}`). */
@Controller('invokers')
export class InvokersController {
  constructor(private readonly registry: InvokerRegistry) {}

  @Get()
  list(): Record<string, string> {
    return Object.fromEntries(this.registry.all().map((i) => [i.id, i.healthy ? 'up' : i.lastSeen === 0 ? 'offline' : 'unhealthy']));
  }
}
