import { Injectable } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InvokerRegistry } from '../invocation/invoker-registry';

/** `invokers`: at least one invoker pings and accepts work; lists each known one with its state. */
@Injectable()
export class InvokersHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly registry: InvokerRegistry,
  ) {}

  check(): HealthIndicatorResult<'invokers'> {
    const check = this.indicators.check('invokers');
    const all = this.registry.all();
    const states = Object.fromEntries(all.map((i) => [i.id, i.healthy ? 'up' : i.lastSeen === 0 ? 'offline' : 'unhealthy']));
    const healthy = all.filter((i) => i.healthy).length;
    return healthy > 0 ? check.up({ healthy, invokers: states }) : check.down({ message: 'no healthy invoker', healthy, invokers: states });
  }
}
