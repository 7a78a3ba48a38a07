import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Throttles that hold across controllers (issue #14 §3): each controller adds its per-second admissions (and
 * overwrites its in-flight gauge, `second = 0`) per namespace in batches, and reads the others' back; the live
 * controllers announce themselves so each knows how many shares to split what is left of a limit into.
 */
export class ThrottleCounts1766412000100 implements MigrationInterface {
  name = 'ThrottleCounts1766412000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNLOGGED TABLE throttle_counts (
      namespace text NOT NULL,
      kind text NOT NULL,
      controller_id text NOT NULL,
      second bigint NOT NULL,
      count integer NOT NULL,
      updated bigint NOT NULL,
      PRIMARY KEY (namespace, kind, controller_id, second))`);
    await q.query('CREATE INDEX throttle_counts_updated ON throttle_counts (updated)');
    await q.query('CREATE UNLOGGED TABLE throttle_controllers (controller_id text PRIMARY KEY, seen bigint NOT NULL)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS throttle_counts');
    await q.query('DROP TABLE IF EXISTS throttle_controllers');
  }
}
