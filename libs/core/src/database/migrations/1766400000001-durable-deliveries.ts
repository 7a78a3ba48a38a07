import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Durable rule delivery retries and sequence runs, so that no controller's memory holds them alone.
 *
 * `rule_deliveries`: one row per fired rule activation with a `delivery` policy, from the fire until the outcome is
 * final (success, not retryable, or a dead letter). `next_at` is when a controller must look at it next: the awaited
 * attempt's record, or the due retry. Every live controller polls due rows with `FOR UPDATE SKIP LOCKED`, so the
 * schedule survives the controller that fired. Attempt ids are derived from the first one, so an attempt restarted
 * after a crash is the same activation (the invokers' claims run it once).
 *
 * `sequence_runs`: one row per sequence run in progress, leased to the controller that runs it (renewed while it
 * lives). A row whose lease expired belongs to a dead controller: any live controller stores the sequence's record,
 * saying why it ended, with the components that had started, so no component record is left without its parent.
 */
export class DurableDeliveries1766400000001 implements MigrationInterface {
  name = 'DurableDeliveries1766400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE rule_deliveries (
      id text PRIMARY KEY,
      namespace text NOT NULL,
      owner_uuid text NOT NULL,
      context jsonb NOT NULL,
      policy jsonb NOT NULL,
      attempts jsonb NOT NULL,
      awaiting text,
      await_until bigint,
      next_at bigint NOT NULL,
      created bigint NOT NULL)`);
    await q.query('CREATE INDEX rule_deliveries_next ON rule_deliveries (next_at)');
    await q.query(`CREATE TABLE sequence_runs (
      activation_id text PRIMARY KEY,
      namespace text NOT NULL,
      owner text NOT NULL,
      lease_expires bigint NOT NULL,
      record jsonb NOT NULL,
      component_ids jsonb NOT NULL DEFAULT '[]'::jsonb,
      created bigint NOT NULL)`);
    await q.query('CREATE INDEX sequence_runs_lease ON sequence_runs (lease_expires)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS sequence_runs');
    await q.query('DROP TABLE IF EXISTS rule_deliveries');
  }
}
