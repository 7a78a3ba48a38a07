import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { listActivationPartitions } from '@wisp/core';

/** Tables whose retention the maintenance job applies, by table: what their size is read under. */
export const RETAINED_TABLES = ['activations', 'dead_letters', 'feed_github_deliveries', 'feed_event_fires', 'activation_claims', 'audit_events'] as const;

/** One retained table's name. */
export type RetainedTable = (typeof RETAINED_TABLES)[number];

/** Sizes PostgreSQL reports, bytes, and the start of the oldest activations partition. */
export interface StorageUsage {
  databaseBytes: number;
  /** Each retained table with its indexes and TOAST; a partitioned table summed over its partitions. */
  tableBytes: Record<RetainedTable, number>;
  /** Lower bound (epoch ms) of the oldest range partition of `activations`; undefined when there is none. */
  oldestActivationPartition?: number;
  activationPartitions: number;
}

/** Reads the database's and the retained tables' sizes from PostgreSQL's catalog (cheap: no table scan). */
@Injectable()
export class StorageUsageReader {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async read(): Promise<StorageUsage> {
    const [size] = (await this.db.query('SELECT pg_database_size(current_database()) AS bytes')) as { bytes: string }[];
    const rows = (await this.db.query(
      `SELECT t.name, coalesce(sum(pg_total_relation_size(c.oid)), 0) AS bytes
         FROM unnest($1::text[]) AS t(name)
         LEFT JOIN pg_class c ON c.relname = t.name
           OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = to_regclass(t.name))
        GROUP BY t.name`,
      [RETAINED_TABLES],
    )) as { name: RetainedTable; bytes: string }[];
    const partitions = await listActivationPartitions(this.db);
    return {
      databaseBytes: Number(size.bytes),
      tableBytes: Object.fromEntries(rows.map((r) => [r.name, Number(r.bytes)])) as Record<RetainedTable, number>,
      oldestActivationPartition: partitions[0]?.from,
      activationPartitions: partitions.length,
    };
  }
}
