import { Injectable } from '@nestjs/common';
import { Messages, TooManyRequestsError } from '@wisp/core';
import { NamespaceLimitsService } from '../namespaces/namespace-limits.service';
import { ActivityMetrics } from '../metrics/activity.metrics';
import { ClusterCounters } from './cluster-counters';
import { InFlightActivations } from './in-flight-activations';

/**
 * Invocation and trigger-fire throttles with OpenWhisk's 429 texts, held across every controller of the cluster
 * ({@link ClusterCounters}): invocations and fires per sliding minute, and concurrent invocations.
 */
@Injectable()
export class Throttles {
  constructor(
    private readonly limits: NamespaceLimitsService,
    private readonly inFlight: InFlightActivations,
    private readonly metrics: ActivityMetrics,
    private readonly counters: ClusterCounters,
  ) {}

  /** Admits one invocation for `namespace`. @throws TooManyRequestsError */
  async admitInvocation(namespace: string): Promise<void> {
    const t = await this.limits.throttlesOf(namespace);
    const concurrent = await this.counters.admitGauge('inflight', namespace, t.concurrentInvocations, () => this.inFlight.countFor(namespace));
    if (!concurrent.admitted) {
      this.metrics.throttled(namespace, 'invocation');
      throw new TooManyRequestsError(Messages.tooManyConcurrent(concurrent.count, t.concurrentInvocations));
    }
    // Held at once: the rate check below may wait for a sync, which must see this slot taken.
    this.inFlight.reserve(namespace);
    const rate = await this.counters.admitRate('invoke', namespace, t.invocationsPerMinute);
    if (!rate.admitted) {
      this.inFlight.unreserve(namespace);
      this.metrics.throttled(namespace, 'invocation');
      throw new TooManyRequestsError(Messages.tooManyPerMinute(rate.count, t.invocationsPerMinute));
    }
  }

  /** Admits one trigger fire for `namespace`. @throws TooManyRequestsError */
  async admitFire(namespace: string): Promise<void> {
    const t = await this.limits.throttlesOf(namespace);
    const rate = await this.counters.admitRate('fire', namespace, t.firesPerMinute);
    if (!rate.admitted) {
      this.metrics.throttled(namespace, 'fire');
      throw new TooManyRequestsError(Messages.tooManyPerMinute(rate.count, t.firesPerMinute));
    }
  }
}
