import { MigrationInterface, QueryRunner } from 'typeorm';

/** Events whose rule delivery ran out of retries. */
export class DeadLetters1764000000100 implements MigrationInterface {
  name = 'DeadLetters1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE dead_letters (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      namespace text NOT NULL,
      rule text NOT NULL,
      trigger text NOT NULL,
      action text NOT NULL,
      trigger_activation_id char(32) NOT NULL,
      attempts jsonb NOT NULL,
      last_response jsonb,
      event jsonb NOT NULL,
      created bigint NOT NULL)`);
    await q.query(`CREATE INDEX dead_letters_ns_created ON dead_letters(namespace, created DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS dead_letters`);
  }
}
