import { Injectable } from '@nestjs/common';
import { Messages, TooManyRequestsError } from '@wisp/core';
import { NamespaceLimitsService } from '../namespaces/namespace-limits.service';
import { ActivityMetrics } from '../metrics/activity.metrics';
import { InFlightActivations } from './in-flight-activations';

const WINDOW_S = 60;

/** Per-namespace counters over a sliding minute of one-second buckets (per controller instance, as OpenWhisk's). */
class MinuteCounter {
  private readonly buckets = new Map<string, { second: number; counts: number[] }>();

  /** Counts one event and returns the number in the last minute including it. */
  hit(key: string, now = Date.now()): number {
    const second = Math.floor(now / 1000);
    let b = this.buckets.get(key);
    if (!b) {
      b = { second, counts: new Array(WINDOW_S).fill(0) };
      this.buckets.set(key, b);
    }
    for (let s = b.second + 1; s <= Math.min(second, b.second + WINDOW_S); s++) b.counts[s % WINDOW_S] = 0;
    b.second = Math.max(b.second, second);
    b.counts[second % WINDOW_S]++;
    return b.counts.reduce((a, c) => a + c, 0);
  }

  /** Takes back one event counted by {@link hit} (the request was refused for another reason). */
  unhit(key: string, now = Date.now()): void {
    const b = this.buckets.get(key);
    if (b) b.counts[Math.floor(now / 1000) % WINDOW_S] = Math.max(0, b.counts[Math.floor(now / 1000) % WINDOW_S] - 1);
  }
}

/** Invocation and trigger-fire throttles with OpenWhisk's 429 texts. */
@Injectable()
export class Throttles {
  private readonly invocations = new MinuteCounter();
  private readonly fires = new MinuteCounter();

  constructor(
    private readonly limits: NamespaceLimitsService,
    private readonly inFlight: InFlightActivations,
    private readonly metrics: ActivityMetrics,
  ) {}

  /** Admits one invocation for `namespace`. @throws TooManyRequestsError */
  async admitInvocation(namespace: string): Promise<void> {
    const t = await this.limits.throttlesOf(namespace);
    const concurrent = this.inFlight.countFor(namespace);
    if (concurrent >= t.concurrentInvocations) {
      this.metrics.throttled(namespace, 'invocation');
      throw new TooManyRequestsError(Messages.tooManyConcurrent(concurrent + 1, t.concurrentInvocations));
    }
    const n = this.invocations.hit(namespace);
    if (n > t.invocationsPerMinute) {
      this.invocations.unhit(namespace);
      this.metrics.throttled(namespace, 'invocation');
      throw new TooManyRequestsError(Messages.tooManyPerMinute(n, t.invocationsPerMinute));
    }
  }

  /** Admits one trigger fire for `namespace`. @throws TooManyRequestsError */
  async admitFire(namespace: string): Promise<void> {
    const t = await this.limits.throttlesOf(namespace);
    const n = this.fires.hit(namespace);
    if (n > t.firesPerMinute) {
      this.fires.unhit(namespace);
      this.metrics.throttled(namespace, 'fire');
      throw new TooManyRequestsError(Messages.tooManyPerMinute(n, t.firesPerMinute));
    }
  }
}
