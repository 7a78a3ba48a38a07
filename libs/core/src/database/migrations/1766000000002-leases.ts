import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Named leases for work exactly one controller does at a time (the maintenance job): the holder renews before
 * `expires` (PostgreSQL's clock, epoch ms); once it lapses any controller may take it over.
 */
export class Leases1766000000002 implements MigrationInterface {
  name = 'Leases1766000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE wisp_leases (
      name text PRIMARY KEY,
      holder text NOT NULL,
      expires bigint NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS wisp_leases');
  }
}
