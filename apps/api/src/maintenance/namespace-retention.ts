import type { DataSource } from 'typeorm';
import { deleteExpiredRows } from './row-retention';

/** Key of a namespace's activation retention override in `namespaces.limits` (ms). */
export const RETENTION_OVERRIDE_KEY = 'activationRetentionMs';

/** The namespaces whose activation retention is shorter than the global one, with theirs (ms). */
export async function shorterRetentions(db: DataSource, globalMs: number): Promise<{ namespace: string; retentionMs: number }[]> {
  const rows = (await db.query(
    `SELECT name, (limits->>'${RETENTION_OVERRIDE_KEY}')::bigint AS ms FROM namespaces
      WHERE jsonb_typeof(limits->'${RETENTION_OVERRIDE_KEY}') = 'number' AND (limits->>'${RETENTION_OVERRIDE_KEY}')::bigint < $1`,
    [globalMs],
  )) as { name: string; ms: string }[];
  return rows.map((r) => ({ namespace: r.name, retentionMs: Number(r.ms) }));
}

/**
 * Deletes `namespace`'s activations older than its own retention from the partitions that survive the global one.
 * Partitions are shared by every namespace, so this is a batched DELETE through the (namespace, start) index — the
 * one place retention deletes activations row by row; vacuum reclaims the space for the partition's later rows.
 */
export function deleteNamespaceActivations(db: DataSource, namespace: string, retentionMs: number, now: number): Promise<number> {
  return deleteExpiredRows(
    db,
    { table: 'activations', label: 'activations', column: 'start', clock: 'epoch-ms', retentionMs },
    now,
    'activation_id, start',
    'namespace = $2',
    [namespace],
  );
}
