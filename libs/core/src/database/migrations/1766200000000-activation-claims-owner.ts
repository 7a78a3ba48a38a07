import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two things a claim row must carry so that no accepted activation depends on a reply or a process surviving:
 * - `claimant`: who took a `run` claim, so a claimant whose INSERT committed although its reply was lost (query timeout
 *   during a PostgreSQL pause) recognises its own claim on retry instead of dropping the activation as someone else's;
 * - `record_due` and `fallback`: an activation accepted without a confirm (claimed `lost` by its controller) carries the
 *   internal-error record to store, and when, unless its run stored one first. The claims janitor writes it from the
 *   row, so a controller restart cannot lose it. The partial index keeps that sweep on the few rows that wait.
 */
export class ActivationClaimsOwner1766200000000 implements MigrationInterface {
  name = 'ActivationClaimsOwner1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE activation_claims ADD COLUMN claimant varchar(64), ADD COLUMN record_due timestamptz, ADD COLUMN fallback jsonb');
    await q.query('CREATE INDEX activation_claims_record_due ON activation_claims (record_due) WHERE record_due IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX IF EXISTS activation_claims_record_due');
    await q.query('ALTER TABLE activation_claims DROP COLUMN IF EXISTS claimant, DROP COLUMN IF EXISTS record_due, DROP COLUMN IF EXISTS fallback');
  }
}
