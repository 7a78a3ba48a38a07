import type { DataSource } from 'typeorm';

/** Rows deleted per statement: each DELETE holds its row locks briefly and leaves little to vacuum at once. */
export const DELETE_BATCH = 5_000;

/** One table whose rows expire by age. */
export interface RowRetentionRule {
  /** The table (a fixed name from code, never input). */
  table: string;
  /** What the counters and logs call it (`activations` for its default partition). */
  label: string;
  /** The column holding each row's time. */
  column: string;
  /** `epoch-ms` for a bigint of epoch milliseconds, `timestamptz` for a timestamp. */
  clock: 'epoch-ms' | 'timestamptz';
  retentionMs: number;
  /** Extra condition (fixed SQL from code) a row must also meet to be deleted, e.g. that nothing still waits on it. */
  onlyWhere?: string;
}

/**
 * Deletes the rows of `rule.table` older than its retention (plus `where`, with `$2` onwards bound to `params`), in
 * batches of {@link DELETE_BATCH} picked by `key` (columns that identify a row). Returns how many it deleted.
 */
export async function deleteExpiredRows(db: DataSource, rule: RowRetentionRule, now: number, key = 'ctid', where = '', params: unknown[] = []): Promise<number> {
  const cutoff = rule.clock === 'epoch-ms' ? '$1::bigint' : "to_timestamp($1::bigint / 1000.0)";
  const filter = `${rule.column} < ${cutoff}${where ? ` AND ${where}` : ''}`;
  let total = 0;
  for (;;) {
    const [, count] = (await db.query(
      `DELETE FROM ${rule.table} WHERE (${key}) IN (SELECT ${key} FROM ${rule.table} WHERE ${filter} LIMIT ${DELETE_BATCH})`,
      [now - rule.retentionMs, ...params],
    )) as [unknown, number];
    total += count;
    if (count < DELETE_BATCH) return total;
  }
}
