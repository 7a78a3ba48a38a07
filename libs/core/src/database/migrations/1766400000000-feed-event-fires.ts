import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The effectively-once ledger of feed events (`feed_event_fires`): one row per (subscription, durable event identity:
 * a PostgreSQL commit LSN and change index, an MQTT message identity, a GitHub delivery id), written before the fire
 * with the trigger activation id and start the fire uses, and marked fired in the same transaction that stores the
 * trigger's record. A replayed event finds its row: fired, it is acknowledged without firing; pending (a crash between
 * fire and acknowledgement), it is fired again with the same ids, which the invokers' claims and the record's key make
 * idempotent. Rows go with their subscription and are pruned by the maintenance job after
 * `WISP_FEED_EVENT_RETENTION`.
 */
export class FeedEventFires1766400000000 implements MigrationInterface {
  name = 'FeedEventFires1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE feed_event_fires (
      subscription_id uuid NOT NULL REFERENCES feed_subscriptions(id) ON DELETE CASCADE,
      event_key text NOT NULL,
      activation_id text NOT NULL,
      start bigint NOT NULL,
      fired boolean NOT NULL DEFAULT false,
      PRIMARY KEY (subscription_id, event_key))`);
    await q.query('CREATE INDEX feed_event_fires_start ON feed_event_fires (start)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS feed_event_fires');
  }
}
