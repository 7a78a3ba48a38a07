import type { GithubSubscriptionRow } from './github-delivery.store';

/** Where the receiver hands an accepted delivery: fires the subscription's trigger as its owner. */
export interface GithubDeliverySink {
  /**
   * Resolves once the fire was accepted. Throws {@link GithubDeliveryRefused} when it never will be (the
   * subscription was disabled), or the 400/413 domain error when the delivery's content is refused (nested too deep;
   * the reason is stored in the subscription's status); any other error is transient and GitHub's redelivery may succeed.
   */
  deliver(sub: GithubSubscriptionRow, event: Record<string, unknown>, headers: Record<string, string>, transactionId: string): Promise<void>;
}

/** DI token of the {@link GithubDeliverySink}. */
export const GITHUB_DELIVERY_SINK = Symbol('GITHUB_DELIVERY_SINK');

/** The fire was refused permanently; the subscription is disabled with `message` as its reason. */
export class GithubDeliveryRefused extends Error {}
