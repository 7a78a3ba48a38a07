/** Width of one activations partition. */
export type PartitionGrain = 'day' | 'hour';

/** Milliseconds in one partition of each grain. */
export const GRAIN_MS: Record<PartitionGrain, number> = { day: 86_400_000, hour: 3_600_000 };

/** The catch-all partition: rows whose `start` falls in no range partition land here instead of being refused. */
export const DEFAULT_PARTITION = 'activations_default';

/** One range partition of `activations`: rows with `from <= start < to` (epoch ms). */
export interface ActivationPartition {
  name: string;
  from: number;
  to: number;
}

/** Anything that runs SQL: a query runner inside a migration or a transaction's entity manager. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** Start of the partition of `grain` holding `ms` (UTC boundaries). */
export function bucketStart(ms: number, grain: PartitionGrain): number {
  return Math.floor(ms / GRAIN_MS[grain]) * GRAIN_MS[grain];
}

/** `activations_p20251215` for a day, `activations_p2025121513` for an hour (UTC). */
export function partitionName(from: number, grain: PartitionGrain): string {
  const iso = new Date(from).toISOString();
  const digits = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + (grain === 'hour' ? iso.slice(11, 13) : '');
  return `activations_p${digits}`;
}

/** Reads `FOR VALUES FROM ('a') TO ('b')` as numbers; `undefined` for the default partition. */
export function parsePartitionBound(bound: string): { from: number; to: number } | undefined {
  const m = /FROM \('?(-?\d+)'?\) TO \('?(-?\d+)'?\)/.exec(bound);
  return m ? { from: Number(m[1]), to: Number(m[2]) } : undefined;
}

/** Every range partition of `activations`, oldest first. */
export async function listActivationPartitions(sql: SqlRunner): Promise<ActivationPartition[]> {
  const rows = (await sql.query(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'activations'::regclass`,
  )) as { name: string; bound: string }[];
  const out: ActivationPartition[] = [];
  for (const r of rows) {
    const b = parsePartitionBound(r.bound);
    if (b) out.push({ name: r.name, ...b });
  }
  return out.sort((a, b) => a.from - b.from);
}

/**
 * Adds the partition `[from, to)` named `name`: an empty table is created, the rows of that range that waited in the
 * default partition move into it, and it is attached (which takes only a brief lock on `activations`). Run inside a
 * transaction, so a failure leaves no half-made partition behind.
 */
export async function addActivationPartition(sql: SqlRunner, p: ActivationPartition): Promise<void> {
  await sql.query(`CREATE TABLE ${p.name} (LIKE activations INCLUDING DEFAULTS)`);
  await sql.query(
    `WITH moved AS (DELETE FROM ${DEFAULT_PARTITION} WHERE start >= $1 AND start < $2 RETURNING *) INSERT INTO ${p.name} SELECT * FROM moved`,
    [p.from, p.to],
  );
  await sql.query(`ALTER TABLE activations ATTACH PARTITION ${p.name} FOR VALUES FROM (${p.from}) TO (${p.to})`);
}

