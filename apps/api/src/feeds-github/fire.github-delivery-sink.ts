import { Injectable } from '@nestjs/common';
import { SystemLimits } from '@wisp/core';
import { GithubFeedProvider } from '@wisp/feeds';
import { SubjectService } from '../auth/subject.service';
import { classifyFireError } from '../feeds/feed-fire-policy';
import { FeedEventLedger } from '../fire/feed-event-ledger';
import { fireEventOf } from '../fire/fire-event';
import { FeedSubscriptionStore } from '../feeds/feed-subscription.store';
import { TriggerFireService } from '../fire/trigger-fire.service';
import { GithubDeliveryRefused, type GithubDeliverySink } from './github-delivery.sink';
import { GithubDeliveryStore, type GithubSubscriptionRow } from './github-delivery.store';

/** Short: GitHub waits 10 s for an answer; a delivery that still fails is answered 503 and can be redelivered. */
const RETRY_DELAYS_MS = [300, 1000];

/**
 * Fires a delivery: through the feed runner's emitter when the subscription is started in this process, otherwise
 * (GitHub reached another API replica than the lease holder) directly through {@link TriggerFireService} as the
 * subscription's owner with the runner's failure policy: transient failures are retried briefly, a permanent one
 * (trigger gone, key revoked) disables the subscription with the reason. A delivery whose JSON nests too deep is
 * refused before anything fires ({@link fireEventOf}), with the reason in the subscription's status. Either way the
 * delivery id is the event's identity in the {@link FeedEventLedger}: a delivery whose fire was durable before a crash
 * (and whose claim was never marked) fires nothing when GitHub redelivers it; one whose fire never settled fires again
 * with the same ids.
 */
@Injectable()
export class FireGithubDeliverySink implements GithubDeliverySink {
  constructor(
    private readonly subjects: SubjectService,
    private readonly fires: TriggerFireService,
    private readonly subscriptions: FeedSubscriptionStore,
    private readonly deliveries: GithubDeliveryStore,
    private readonly provider: GithubFeedProvider,
    private readonly ledger: FeedEventLedger,
  ) {}

  async deliver(sub: GithubSubscriptionRow, delivered: Record<string, unknown>, headers: Record<string, string>, transactionId: string): Promise<void> {
    const trigger = `/${sub.triggerNamespace}/${sub.triggerName}`;
    let event: Record<string, unknown>;
    try {
      event = fireEventOf(delivered);
    } catch (e) {
      return this.refuse(sub, trigger, e);
    }
    const eventKey = `github:${String(delivered.delivery)}`;
    if (await this.provider.deliver(sub.id, event, { eventKey })) return;
    const owner = await this.subjects.identityOf(sub.ownerUuid);
    if (!owner) return this.disable(sub, `The key that created the feed for ${trigger} was revoked or deleted; the feed was disabled.`);
    const once = await this.ledger.open(sub.id, eventKey);
    if (once.fired) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.fires.fire(owner, sub.triggerNamespace, sub.triggerName, event, headers, transactionId, { once, payloadMaxBytes: SystemLimits.githubDeliveryMaxBytes });
        await this.deliveries.countFire(sub.id);
        return;
      } catch (e) {
        const failure = classifyFireError(e, trigger);
        if (failure.kind === 'refuse') return this.refuse(sub, trigger, e);
        if (failure.kind === 'disable') return this.disable(sub, failure.reason);
        if (attempt >= RETRY_DELAYS_MS.length) throw new Error(`Firing ${trigger} failed: ${failure.reason}`);
        await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
      }
    }
  }

  /** A delivery refused for its content: the reason goes to the status, the error (413 or 400) to GitHub. */
  private async refuse(sub: GithubSubscriptionRow, trigger: string, e: unknown): Promise<never> {
    const failure = classifyFireError(e, trigger);
    if (failure.kind === 'refuse') await this.subscriptions.setReason(sub.id, failure.reason);
    throw e;
  }

  private async disable(sub: GithubSubscriptionRow, reason: string): Promise<never> {
    await this.subscriptions.setActive(sub.id, false, reason);
    throw new GithubDeliveryRefused(reason);
  }
}
