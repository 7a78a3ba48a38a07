import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail (issue #14 §6): key creation and revocation, namespace and limit changes, feed secret changes and
 * key rotations, each with who made it and when. Rows expire after `WISP_AUDIT_RETENTION` (maintenance job).
 */
export class AuditEvents1766412000000 implements MigrationInterface {
  name = 'AuditEvents1766412000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE audit_events (
      id bigserial PRIMARY KEY,
      at bigint NOT NULL,
      actor text NOT NULL,
      action text NOT NULL,
      target text NOT NULL,
      details jsonb NOT NULL DEFAULT '{}'::jsonb)`);
    await q.query('CREATE INDEX audit_events_at ON audit_events (at)');
    await q.query('CREATE INDEX audit_events_target ON audit_events (target, at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS audit_events');
  }
}
