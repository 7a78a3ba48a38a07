import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type ActivationRecord, ActivationWriter, toStorableValue } from '@wisp/core';

/** PostgreSQL's clock in epoch ms: every lease uses one clock, whichever host a controller is on. */
const DB_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/**
 * Sequence runs in progress (table `sequence_runs`), each leased to the controller running it. A row holds the
 * record the sequence gets should that controller die: the parent's fields, start and annotations, an internal error
 * saying why, and the components started so far as logs. {@link endOrphans} stores those records for rows whose
 * lease expired, in the transaction that deletes them; a run that finishes stores its own record first (same id and
 * start, so an orphan record can never replace it) and then deletes its row.
 */
@Injectable()
export class SequenceRunStore {
  private readonly writer: ActivationWriter;

  constructor(@Inject(DataSource) private readonly db: DataSource) {
    this.writer = new ActivationWriter(db);
  }

  /** Registers a run before its first component starts; false when the id is registered or recorded already. */
  async begin(orphan: ActivationRecord, owner: string, leaseMs: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO sequence_runs (activation_id, namespace, owner, lease_expires, record, created)
       SELECT $1::text, $2::text, $3::text, ${DB_NOW} + $4, $5::jsonb, ${DB_NOW} WHERE NOT EXISTS (SELECT 1 FROM activations WHERE activation_id = $1::text)
       ON CONFLICT (activation_id) DO NOTHING RETURNING activation_id`,
      [orphan.activationId, orphan.namespace, owner, leaseMs, JSON.stringify(toStorableValue(orphan))],
    );
    return rows.length > 0;
  }

  /** The components started so far (their ids become the orphan record's logs). */
  async started(activationId: string, componentIds: string[]): Promise<void> {
    await this.db.query('UPDATE sequence_runs SET component_ids = $2::jsonb WHERE activation_id = $1', [activationId, JSON.stringify(componentIds)]);
  }

  /** The run stored its own record. */
  async end(activationId: string): Promise<void> {
    await this.db.query('DELETE FROM sequence_runs WHERE activation_id = $1', [activationId]);
  }

  /** Renews the leases of every run `owner` holds. */
  async renew(owner: string, leaseMs: number): Promise<void> {
    await this.db.query(`UPDATE sequence_runs SET lease_expires = ${DB_NOW} + $2 WHERE owner = $1`, [owner, leaseMs]);
  }

  /**
   * Stores the record of up to `limit` runs whose controller died, and forgets them; returns their ids. `self`'s own
   * runs are never taken (it is alive: it is sweeping), and a lease must have lapsed by `graceMs` more, so a controller
   * whose renewals a database stall held up is not declared dead the moment the database answers again.
   */
  async endOrphans(limit: number, self: string, graceMs: number): Promise<string[]> {
    const orphaned = (grace: string, owner: string) => `lease_expires < ${DB_NOW} - ${grace} AND owner <> ${owner}`;
    const any: unknown[] = await this.db.query(`SELECT 1 FROM sequence_runs WHERE ${orphaned('$1', '$2')} LIMIT 1`, [graceMs, self]);
    if (any.length === 0) return [];
    return this.db.transaction(async (tx) => {
      const out: unknown = await tx.query(
        `DELETE FROM sequence_runs WHERE activation_id IN (
           SELECT activation_id FROM sequence_runs WHERE ${orphaned('$2', '$3')} ORDER BY lease_expires LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING record, component_ids`,
        [limit, graceMs, self],
      );
      // TypeORM answers a DELETE … RETURNING with [rows, count]
      const rows = (Array.isArray(out) && Array.isArray(out[0]) ? out[0] : out) as { record: ActivationRecord; component_ids: string[] }[];
      for (const r of rows) {
        await this.writer.insertWith((sql, params) => tx.query(sql, params), { ...r.record, end: Date.now(), logs: r.component_ids });
      }
      return rows.map((r) => r.record.activationId);
    });
  }
}
