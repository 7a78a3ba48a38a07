import { Injectable } from '@nestjs/common';
import { FeedEgress, type FeedSubscription } from '@wisp/feeds';
import { NamespaceLimitsService } from '../namespaces/namespace-limits.service';
import type { SubscriptionRow } from './feed-subscription.store';

/**
 * Turns a stored subscription into what providers see, with its connector: bound to the trigger's namespace and
 * that namespace's limit on open feed connections, so every socket a provider opens is vetted and counted.
 */
@Injectable()
export class FeedSubscriptionFactory {
  constructor(
    private readonly egress: FeedEgress,
    private readonly limits: NamespaceLimitsService,
  ) {}

  async of(row: SubscriptionRow): Promise<FeedSubscription> {
    const { feedConnections } = await this.limits.throttlesOf(row.triggerNamespace);
    return {
      id: row.id,
      target: { namespace: row.triggerNamespace, name: row.triggerName, ownerUuid: row.ownerUuid },
      config: row.config,
      progress: { fired: row.firedCount, ...(row.lastFiredAt !== null ? { lastFiredAt: row.lastFiredAt } : {}) },
      egress: this.egress.connectorFor(row.triggerNamespace, feedConnections),
    };
  }
}
