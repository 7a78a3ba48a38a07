import { Inject, Injectable, Optional } from '@nestjs/common';
import { FeedEgressMessages, WISP_CONFIG, type WispConfig } from '@wisp/core';
import { FeedValidationError } from '../feed-validation.error';
import { EgressConnector } from './egress.connector';
import type { EgressGate } from './egress-gate';
import { EgressPolicy } from './egress-policy';
import { FeedEgressError, type DatabaseIdentity, type FeedConnector, type VettedEndpoint } from './feed-connector';
import { DEFAULT_FEED_EGRESS_OPTIONS, FEED_EGRESS_OPTIONS, type FeedEgressOptions } from './feed-egress.options';
import { formatIp, parseIp, type IpAddress } from './ip-address';

/**
 * The feed SPI's one egress check. It owns the policy (`WISP_FEED_ALLOW` plus Wisp's own endpoints), the identity
 * of Wisp's own database, and the count of open feed connections per namespace; providers reach the network only
 * through the {@link FeedConnector} it hands out per subscription.
 */
@Injectable()
export class FeedEgress implements EgressGate {
  private readonly policy: EgressPolicy;
  private readonly open = new Map<string, number>();
  private ownDatabase?: DatabaseIdentity;
  /** Resolver and bounds in force (defaults unless a test injects others). */
  readonly options: FeedEgressOptions;

  constructor(
    @Inject(WISP_CONFIG) config: Pick<WispConfig, 'feedAllow' | 'databaseUrl' | 'amqpUrl'>,
    @Optional() @Inject(FEED_EGRESS_OPTIONS) options?: Partial<FeedEgressOptions>,
  ) {
    this.policy = EgressPolicy.fromConfig(config.feedAllow, config.databaseUrl, config.amqpUrl);
    this.options = { ...DEFAULT_FEED_EGRESS_OPTIONS, ...options };
  }

  /** Records Wisp's own database identity (read once at boot from Wisp's own connection). */
  protectDatabase(identity: DatabaseIdentity): void {
    this.ownDatabase = identity;
  }

  /**
   * Resolves the host names in Wisp's own database and broker URLs once (at boot), so that any other name or
   * spelling of their addresses is refused as they are. A name that does not resolve keeps matching by name.
   */
  async protectOwnHosts(): Promise<void> {
    for (const name of this.policy.ownNames()) {
      const addresses = await this.resolve(name).catch(() => []);
      this.policy.addOwnAddresses(name, addresses);
    }
  }

  /** A connector for subscriptions of `namespace`, allowing at most `maxConnections` open at once in this process. */
  connectorFor(namespace: string, maxConnections: number): FeedConnector {
    return new EgressConnector(this, namespace, maxConnections);
  }

  /** Open feed connections of `namespace` in this process. */
  openConnections(namespace: string): number {
    return this.open.get(namespace) ?? 0;
  }

  /**
   * Resolves `host` once and checks every address; the first becomes the only one dialled.
   * @throws FeedEgressError when refused; FeedValidationError when the name does not resolve
   */
  async vet(host: string, port: number): Promise<VettedEndpoint> {
    const bare = host.replace(/^\[|\]$/g, '');
    if (bare === '' || bare.includes('/') || bare.includes('\\')) throw new FeedEgressError(FeedEgressMessages.unixSocket(host));
    const literal = parseIp(bare);
    const addresses = literal ? [literal] : await this.resolve(bare);
    for (const address of addresses) {
      const decision = this.policy.decide(bare, address, port);
      const shown = literal ? `${formatIp(address)}:${port}` : `${bare}:${port} (${formatIp(address)})`;
      if (!decision.allowed) throw new FeedEgressError(FeedEgressMessages.refused(shown, decision.reason));
    }
    return { host: bare, address: formatIp(addresses[0]), port };
  }

  /** @throws FeedEgressError when `identity` is Wisp's own database (or Wisp's is unknown: fail closed). */
  assertForeignDatabase(identity: DatabaseIdentity): void {
    if (!this.ownDatabase) throw new FeedEgressError(FeedEgressMessages.ownDatabaseUnknown);
    if (this.ownDatabase.systemIdentifier === identity.systemIdentifier && this.ownDatabase.database === identity.database) {
      throw new FeedEgressError(FeedEgressMessages.ownDatabase);
    }
  }

  /** Takes one connection slot of `namespace`; false when the limit is reached. */
  acquireSlot(namespace: string, max: number): boolean {
    const n = this.openConnections(namespace);
    if (n >= max) return false;
    this.open.set(namespace, n + 1);
    return true;
  }

  releaseSlot(namespace: string): void {
    const n = this.openConnections(namespace) - 1;
    if (n > 0) this.open.set(namespace, n);
    else this.open.delete(namespace);
  }

  private async resolve(host: string): Promise<IpAddress[]> {
    let found: string[];
    try {
      found = await this.options.resolve(host);
    } catch {
      // Not a policy refusal: a name that does not resolve now may later, so callers retry it.
      throw new FeedValidationError(FeedEgressMessages.unresolvable(host));
    }
    const parsed = found.map((f) => parseIp(f)).filter((a): a is IpAddress => a !== undefined);
    if (parsed.length === 0) throw new FeedValidationError(FeedEgressMessages.unresolvable(host));
    return parsed;
  }
}
