import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Short-lived activation keys (issue #14 §1): actions annotated `provide-api-key` get a key minted for their
 * activation instead of the owner's. Revocation deletes the row; expired rows are swept.
 */
export class ActivationKeys1766300000000 implements MigrationInterface {
  name = 'ActivationKeys1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE activation_keys (
      uuid uuid PRIMARY KEY,
      key_hash text NOT NULL,
      namespace text NOT NULL,
      subject text NOT NULL,
      activation_id varchar(32) NOT NULL,
      expires_at bigint NOT NULL,
      created_at bigint NOT NULL)`);
    await q.query('CREATE INDEX activation_keys_activation ON activation_keys (activation_id)');
    await q.query('CREATE INDEX activation_keys_expires ON activation_keys (expires_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS activation_keys');
  }
}
