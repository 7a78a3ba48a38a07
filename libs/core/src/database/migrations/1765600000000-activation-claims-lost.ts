import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A third claim outcome, `lost`: a controller that fails an activation of an invoker that went offline claims its id
 * first, so the record it writes ("invoker lost") can never be contradicted by a run that starts afterwards, and a
 * refused activation drained from that invoker's queue is recognised instead of being recorded or run.
 */
export class ActivationClaimsLost1765600000000 implements MigrationInterface {
  name = 'ActivationClaimsLost1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE activation_claims DROP CONSTRAINT IF EXISTS activation_claims_outcome_check');
    await q.query("ALTER TABLE activation_claims ADD CONSTRAINT activation_claims_outcome_check CHECK (outcome IN ('run', 'refused', 'lost'))");
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query("DELETE FROM activation_claims WHERE outcome = 'lost'");
    await q.query('ALTER TABLE activation_claims DROP CONSTRAINT IF EXISTS activation_claims_outcome_check');
    await q.query("ALTER TABLE activation_claims ADD CONSTRAINT activation_claims_outcome_check CHECK (outcome IN ('run', 'refused'))");
  }
}
