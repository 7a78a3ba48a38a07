import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GitHub deliveries a `github` feed subscription received, by `X-GitHub-Delivery` id, so a redelivery never fires
 * twice (also across restarts and API replicas). A row is claimed before the fire and marked fired after it; rows go
 * with their subscription and are pruned after GitHub's redelivery window.
 */
export class GithubDeliveries1765000000100 implements MigrationInterface {
  name = 'GithubDeliveries1765000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE feed_github_deliveries (
      subscription_id uuid NOT NULL REFERENCES feed_subscriptions(id) ON DELETE CASCADE,
      delivery_id text NOT NULL,
      claimed_at bigint NOT NULL,
      fired boolean NOT NULL DEFAULT false,
      PRIMARY KEY (subscription_id, delivery_id))`);
    await q.query('CREATE INDEX feed_github_deliveries_claimed ON feed_github_deliveries (claimed_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS feed_github_deliveries');
  }
}
