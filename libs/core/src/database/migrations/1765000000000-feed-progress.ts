import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feed runner bookkeeping on `feed_subscriptions`: the user's raw feed parameters (UPDATE merges into them), and the
 * fire progress that makes timer ticks fire at most once across restarts and replicas (`last_fired_at` is claimed
 * atomically by the lease holder before each fire) and counts fires for `maxTriggers`.
 */
export class FeedProgress1765000000000 implements MigrationInterface {
  name = 'FeedProgress1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE feed_subscriptions
      ADD COLUMN params jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN last_fired_at bigint,
      ADD COLUMN fired_count integer NOT NULL DEFAULT 0`);
    await q.query('CREATE INDEX feed_subscriptions_lease ON feed_subscriptions (lease_expires)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS feed_subscriptions_lease');
    await q.query('ALTER TABLE feed_subscriptions DROP COLUMN params, DROP COLUMN last_fired_at, DROP COLUMN fired_count');
  }
}
