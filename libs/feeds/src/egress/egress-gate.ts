import type { DatabaseIdentity, VettedEndpoint } from './feed-connector';
import type { FeedEgressOptions } from './feed-egress.options';

/**
 * What a namespace's connector needs from the process-wide egress policy: vetting, the connection slots and the bounds.
 * {@link FeedEgress} is the implementation; the connector depends on this port, not on the class that makes it.
 */
export interface EgressGate {
  readonly options: FeedEgressOptions;
  /** Resolves `host` once and vets every address, or throws a FeedEgressError naming the rule. */
  vet(host: string, port: number): Promise<VettedEndpoint>;
  /** Throws when the identity is Wisp's own database. */
  assertForeignDatabase(identity: DatabaseIdentity): void;
  /** Takes one of the namespace's `max` open connections; false when none is left. */
  acquireSlot(namespace: string, max: number): boolean;
  /** Gives back a slot taken by {@link acquireSlot}. */
  releaseSlot(namespace: string): void;
}
