import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FeedEgressMessages } from '@wisp/core';
import { FeedEgress, FeedEgressError, FeedProviderRegistry, FeedValidationError, type GithubFeedProvider } from '@wisp/feeds';
import { FeedSubscriptionFactory } from './feed-subscription.factory';
import { FeedSubscriptionStore, type SubscriptionRow } from './feed-subscription.store';

/**
 * Runs before the feed runner takes any lease. It reads Wisp's own database identity once (for the egress check's
 * refusal by identity) and resolves the host names of Wisp's own endpoints (refused by address), then audits
 * stored subscriptions: one whose parameters fail today's validation (refused URL options, socket paths) or whose
 * endpoints the egress policy refuses is disabled with the reason, which READ shows; it is never dropped. Unresolvable names are left to `start`, which retries them.
 * It also seals feed secrets stored in plaintext by an older Wisp, and warns when GitHub feeds register webhooks
 * while `WISP_PUBLIC_URL` is a loopback address GitHub cannot reach.
 */
@Injectable()
export class FeedPolicyBootstrap implements OnModuleInit {
  private readonly logger = new Logger(FeedPolicyBootstrap.name);

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly egress: FeedEgress,
    private readonly registry: FeedProviderRegistry,
    private readonly store: FeedSubscriptionStore,
    private readonly subs: FeedSubscriptionFactory,
  ) {}

  async onModuleInit(): Promise<void> {
    const [own] = (await this.db.query('SELECT system_identifier::text AS system_identifier, current_database() AS database FROM pg_control_system()')) as {
      system_identifier: string;
      database: string;
    }[];
    this.egress.protectDatabase({ systemIdentifier: own.system_identifier, database: own.database });
    await this.egress.protectOwnHosts();
    const sealed = await this.store.sealPlaintext();
    if (sealed > 0) this.logger.log(`sealed the plaintext secrets of ${sealed} feed subscription(s) stored before secrets were encrypted`);
    const active = await this.store.listActive();
    const hooks = active.filter((r) => r.kind === 'github' && typeof r.config.accessToken === 'string').length;
    const github = this.registry.find('github') as GithubFeedProvider | undefined;
    if (hooks > 0) github?.warnIfUnreachable(`${hooks} GitHub feed(s) registered webhooks`);
    for (const row of active) {
      const reason = await this.violation(row);
      if (!reason) continue;
      await this.store.setActive(row.id, false, FeedEgressMessages.disabledOnUpgrade(reason));
      this.logger.warn(`feed ${row.kind} of /${row.triggerNamespace}/${row.triggerName} disabled: ${reason}`);
    }
  }

  /** Why the subscription breaks today's feed policy, or undefined. */
  private async violation(row: SubscriptionRow): Promise<string | undefined> {
    const provider = this.registry.find(row.kind);
    if (!provider) return undefined;
    let config: Record<string, unknown>;
    try {
      config = provider.validate(row.params);
    } catch (e) {
      if (e instanceof FeedValidationError) return e.message;
      throw e;
    }
    const sub = await this.subs.of(row);
    for (const e of provider.endpoints?.(config) ?? []) {
      try {
        await sub.egress.vet(e.host, e.port);
      } catch (err) {
        if (err instanceof FeedEgressError) return err.message;
        if (!(err instanceof FeedValidationError)) throw err;
      }
    }
    return undefined;
  }
}
