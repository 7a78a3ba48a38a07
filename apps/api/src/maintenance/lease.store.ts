import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** PostgreSQL's clock in epoch ms: every lease decision uses one clock, whichever host a controller is on. */
const DB_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/**
 * Named leases in `wisp_leases`, the same pattern as the feed runner's subscription leases (holder + expiry on
 * PostgreSQL's clock, taken over once expired): a lease has one holder at a time, so the work it guards runs on
 * exactly one controller, and moves to another when its holder dies.
 */
@Injectable()
export class LeaseStore {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  /** Takes or renews lease `name` for `holder` for `ms`; true when `holder` holds it now. */
  async acquire(name: string, holder: string, ms: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO wisp_leases (name, holder, expires) VALUES ($1, $2, ${DB_NOW} + $3)
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires = EXCLUDED.expires
         WHERE wisp_leases.holder = EXCLUDED.holder OR wisp_leases.expires <= ${DB_NOW}
       RETURNING holder`,
      [name, holder, ms],
    );
    return rows.length > 0;
  }

  /** Gives lease `name` up if `holder` has it (shutdown), so another controller takes it at once. */
  async release(name: string, holder: string): Promise<void> {
    await this.db.query('DELETE FROM wisp_leases WHERE name = $1 AND holder = $2', [name, holder]);
  }
}
