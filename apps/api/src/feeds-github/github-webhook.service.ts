import { Inject, Injectable, Logger } from '@nestjs/common';
import { BadRequestError, ConflictError, NotFoundError, ServiceUnavailableError, UnauthorizedError, WispError } from '@wisp/core';
import { inspectGithubDelivery, type GithubDeliveryHeaders } from '@wisp/feeds';
import { GITHUB_DELIVERY_SINK, GithubDeliveryRefused, type GithubDeliverySink } from './github-delivery.sink';
import { GithubDeliveryStore } from './github-delivery.store';

/** What the receiver answers GitHub. */
export interface GithubWebhookAnswer {
  status: 200 | 202;
  body: Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Receives GitHub deliveries for `github` feed subscriptions: verifies them against the subscription's secret,
 * answers pings, ignores events the subscription did not ask for (and everything while it is paused or disabled),
 * fires each delivery id at most once, and lets a delivery whose fire failed be redelivered.
 */
@Injectable()
export class GithubWebhookService {
  private readonly logger = new Logger(GithubWebhookService.name);

  constructor(
    private readonly store: GithubDeliveryStore,
    @Inject(GITHUB_DELIVERY_SINK) private readonly sink: GithubDeliverySink,
  ) {}

  /**
   * Whether a delivery to `subscriptionId` may be read at all, from its path and headers (before the up to 25 MB
   * body): the id must name a GitHub subscription, and a delivery must carry a signature once its secret is stored.
   * @throws NotFoundError, UnauthorizedError
   */
  async admit(subscriptionId: string, headers: GithubDeliveryHeaders): Promise<void> {
    const sub = UUID.test(subscriptionId) ? await this.store.subscription(subscriptionId) : undefined;
    if (!sub) throw new NotFoundError(`There is no GitHub feed subscription ${subscriptionId}.`);
    if (sub.config.secret && !headers['x-hub-signature-256']) throw new UnauthorizedError('Delivery refused: the X-Hub-Signature-256 header is missing.');
  }

  /** @throws UnauthorizedError (signature), BadRequestError (body, headers), PayloadTooLargeError (nesting), NotFoundError, ConflictError, ServiceUnavailableError */
  async receive(subscriptionId: string, headers: GithubDeliveryHeaders, body: Buffer, requestId: string): Promise<GithubWebhookAnswer> {
    const sub = UUID.test(subscriptionId) ? await this.store.subscription(subscriptionId) : undefined;
    if (!sub) throw new NotFoundError(`There is no GitHub feed subscription ${subscriptionId}.`);
    if (!sub.config.secret && headers['x-github-event'] === 'ping') {
      // GitHub pings while CREATE registers the hook, before the generated secret is stored; a ping fires nothing.
      return { status: 200, body: { ok: true, message: 'pong' } };
    }
    const verdict = await inspectGithubDelivery(sub.config, headers, body);
    switch (verdict.outcome) {
      case 'rejected':
        throw verdict.status === 401 ? new UnauthorizedError(`Delivery refused: ${verdict.reason}.`) : new BadRequestError(`Delivery refused: ${verdict.reason}.`);
      case 'ping':
        return { status: 200, body: { ok: true, message: 'pong', ...(verdict.zen ? { zen: verdict.zen } : {}) } };
      case 'ignored':
        return { status: 200, body: { ignored: true, message: `Event '${verdict.event}' is not one the feed subscribed to (${sub.config.events.join(', ')}).` } };
    }
    if (!sub.status.active) {
      // Not recorded as delivered: GitHub's "Redeliver" fires it once the feed is active again.
      return { status: 200, body: { ignored: true, message: `The feed is not active${sub.status.reason ? ` (${sub.status.reason})` : ''}; nothing was fired.` } };
    }
    const claim = await this.store.claim(sub.id, verdict.delivery);
    if (claim === 'fired') return { status: 200, body: { duplicate: true, message: `Delivery ${verdict.delivery} was fired already.` } };
    if (claim === 'in-progress') throw new ConflictError(`Delivery ${verdict.delivery} is being fired by another request.`);
    const forwarded = verdict.fire.headers as Record<string, string>;
    try {
      await this.sink.deliver(sub, verdict.fire, forwarded, requestId);
    } catch (e) {
      await this.store.release(sub.id, verdict.delivery).catch((r: Error) => this.logger.error(`releasing delivery ${verdict.delivery}: ${r.message}`));
      if (e instanceof GithubDeliveryRefused) throw new ConflictError(e.message);
      // The delivery's own content was refused (nested too deep): redelivering it would not help.
      if (e instanceof WispError && (e.httpStatus === 400 || e.httpStatus === 413)) throw e;
      this.logger.warn(`GitHub delivery ${verdict.delivery} for /${sub.triggerNamespace}/${sub.triggerName} not fired: ${(e as Error).message}`);
      throw new ServiceUnavailableError(`The trigger could not be fired now; redeliver later. (${(e as Error).message})`);
    }
    await this.store.markFired(sub.id, verdict.delivery);
    return { status: 202, body: { event: verdict.event, delivery: verdict.delivery } };
  }
}
