import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * First-writer-wins claims per activation id: the invoker claims `run` before running an activation, a controller
 * claims `refused` before answering 503 for one whose enqueue RabbitMQ did not confirm in time. Whoever inserts first
 * decides, so a message that was routed although its confirm was lost never runs after a 503. Rows are pruned after a day.
 */
export class ActivationClaims1765500000000 implements MigrationInterface {
  name = 'ActivationClaims1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE activation_claims (
      activation_id varchar(32) PRIMARY KEY,
      outcome varchar(8) NOT NULL CHECK (outcome IN ('run', 'refused')),
      claimed_at timestamptz NOT NULL DEFAULT now())`);
    await q.query('CREATE INDEX activation_claims_claimed ON activation_claims (claimed_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS activation_claims');
  }
}
