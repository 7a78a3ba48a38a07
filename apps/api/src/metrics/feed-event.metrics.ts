import { Injectable } from '@nestjs/common';
import { type MetricCounter, MetricsRegistry } from '@wisp/core';

/** How a feed event that its source delivered again was handled by the effectively-once ledger. */
export type FeedEventRepeat = 'duplicate' | 'refired';

/**
 * Counts feed events delivered again under an identity the ledger knew: `duplicate` (its fire was durable; nothing
 * fired again) and `refired` (its fire never settled; fired again with the same ids, which runs nothing twice).
 */
@Injectable()
export class FeedEventMetrics {
  private readonly repeats: MetricCounter;

  constructor(registry: MetricsRegistry) {
    this.repeats = registry.counter('wisp_feed_event_repeats_total', 'Feed events delivered again under a known identity, by how they were handled.', ['outcome']);
  }

  repeated(outcome: FeedEventRepeat): void {
    this.repeats.inc({ outcome });
  }
}
