import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SubscriptionStatus } from '@wisp/core';
import type { GithubFeedConfig } from '@wisp/feeds';
import { FeedSecrets } from '../feeds/feed-secrets';

/** A `github` subscription as the receiver needs it. */
export interface GithubSubscriptionRow {
  id: string;
  triggerNamespace: string;
  triggerName: string;
  ownerUuid: string;
  config: GithubFeedConfig;
  status: SubscriptionStatus;
}

/** Outcome of claiming a delivery id: ours to fire, fired before, or being fired by another request right now. */
export type DeliveryClaim = 'claimed' | 'fired' | 'in-progress';

/** PostgreSQL's clock in epoch ms, as the feed store uses it. */
const DB_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';
/** A claim older than this whose fire never completed (a crashed process) may be taken over by a redelivery. */
const STALE_CLAIM_MS = 120_000;

type Raw = Record<string, unknown>;
const rowsOf = (out: unknown): Raw[] => (Array.isArray(out) && Array.isArray(out[0]) ? (out[0] as Raw[]) : (out as Raw[]));

/**
 * Reads `github` subscriptions and records which GitHub deliveries fired (table `feed_github_deliveries`); the
 * maintenance job deletes ids older than `WISP_GITHUB_DELIVERY_RETENTION` (7 days by default, at least GitHub's 3).
 */
@Injectable()
export class GithubDeliveryStore {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly secrets: FeedSecrets,
  ) {}

  async subscription(id: string): Promise<GithubSubscriptionRow | undefined> {
    const [r] = rowsOf(await this.db.query(`SELECT id, trigger_namespace, trigger_name, owner_uuid, config, status FROM feed_subscriptions WHERE id = $1 AND kind = 'github'`, [id]));
    if (!r) return undefined;
    return {
      id: r.id as string,
      triggerNamespace: r.trigger_namespace as string,
      triggerName: r.trigger_name as string,
      ownerUuid: r.owner_uuid as string,
      config: this.secrets.open('github', r.config as Record<string, unknown>) as unknown as GithubFeedConfig,
      status: r.status as SubscriptionStatus,
    };
  }

  /** Claims `deliveryId` for firing: new ids and stale unfired claims are ours; fired ones are duplicates. */
  async claim(subscriptionId: string, deliveryId: string): Promise<DeliveryClaim> {
    const claimed = rowsOf(
      await this.db.query(
        `INSERT INTO feed_github_deliveries (subscription_id, delivery_id, claimed_at) VALUES ($1, $2, ${DB_NOW})
         ON CONFLICT (subscription_id, delivery_id) DO UPDATE SET claimed_at = EXCLUDED.claimed_at
           WHERE NOT feed_github_deliveries.fired AND feed_github_deliveries.claimed_at < EXCLUDED.claimed_at - $3
         RETURNING delivery_id`,
        [subscriptionId, deliveryId, STALE_CLAIM_MS],
      ),
    );
    if (claimed.length > 0) return 'claimed';
    const [r] = rowsOf(await this.db.query('SELECT fired FROM feed_github_deliveries WHERE subscription_id = $1 AND delivery_id = $2', [subscriptionId, deliveryId]));
    return r?.fired ? 'fired' : 'in-progress';
  }

  /** The fire was accepted: the id stays a duplicate from now on. */
  async markFired(subscriptionId: string, deliveryId: string): Promise<void> {
    await this.db.query('UPDATE feed_github_deliveries SET fired = true WHERE subscription_id = $1 AND delivery_id = $2', [subscriptionId, deliveryId]);
  }

  /** Counts a fire made outside the feed runner (whose own claims count the fires it makes) for READ's status. */
  async countFire(subscriptionId: string): Promise<void> {
    await this.db.query(`UPDATE feed_subscriptions SET fired_count = fired_count + 1, last_fired_at = ${DB_NOW} WHERE id = $1`, [subscriptionId]);
  }

  /** The fire failed: forget the claim so GitHub's redelivery can fire it. */
  async release(subscriptionId: string, deliveryId: string): Promise<void> {
    await this.db.query('DELETE FROM feed_github_deliveries WHERE subscription_id = $1 AND delivery_id = $2 AND NOT fired', [subscriptionId, deliveryId]);
  }
}
