import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addActivationPartition, bucketStart, GRAIN_MS, listActivationPartitions, type PartitionGrain, partitionName } from '@wisp/core';

/** Longest a partition's DDL waits for its lock: it never queues for long in front of readers and writers. */
const LOCK_TIMEOUT = '5s';

/** What one pass changed. */
export interface PartitionPass {
  created: string[];
  dropped: string[];
}

/**
 * Keeps `activations`' partitions: creates the current one and those ahead (so the writer never falls back to the
 * default partition), and drops every range partition that lies wholly before the retention cutoff (`DROP TABLE`:
 * no row-by-row delete, no bloat, one brief lock). A range that overlaps an existing partition (a day partition from
 * the migration while the grain is now hours) is left to the existing one.
 */
@Injectable()
export class ActivationPartitionMaintainer {
  private readonly logger = new Logger(ActivationPartitionMaintainer.name);

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async maintain(now: number, grain: PartitionGrain, retentionMs: number, aheadMs: number): Promise<PartitionPass> {
    const pass: PartitionPass = { created: [], dropped: [] };
    const cutoff = now - retentionMs;
    for (const p of await listActivationPartitions(this.db)) {
      if (p.to > cutoff) continue;
      await this.db.transaction(async (tx) => {
        await tx.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
        await tx.query(`DROP TABLE IF EXISTS ${p.name}`);
      });
      pass.dropped.push(p.name);
    }
    const existing = await listActivationPartitions(this.db);
    const width = GRAIN_MS[grain];
    for (let from = bucketStart(now, grain); from <= now + aheadMs; from += width) {
      const to = from + width;
      if (existing.some((p) => p.from < to && from < p.to)) continue;
      const name = partitionName(from, grain);
      await this.db.transaction(async (tx) => {
        await tx.query(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
        await addActivationPartition(tx, { name, from, to });
      });
      pass.created.push(name);
    }
    if (pass.created.length + pass.dropped.length > 0) this.logger.log(`activations partitions: created [${pass.created.join(', ')}], dropped [${pass.dropped.join(', ')}]`);
    return pass;
  }
}
