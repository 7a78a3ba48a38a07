import { Inject, Injectable } from '@nestjs/common';
import { WISP_CONFIG, type WispConfig, MetricsRegistry } from '@wisp/core';
import { diskPressure } from './disk-pressure';
import { type StorageUsage, StorageUsageReader } from './storage-usage.reader';

/** Reads within this window share one catalog query, so a scrape reads the sizes once for all gauges. */
const SHARE_MS = 1_000;

/**
 * Size and pressure gauges, read from PostgreSQL's catalog at scrape time on every controller: database size, each
 * retained table's size, the oldest activations partition, and whether the database counts as short of disk.
 */
@Injectable()
export class StorageMetrics {
  private last?: { at: number; usage: Promise<StorageUsage> };

  constructor(
    registry: MetricsRegistry,
    private readonly reader: StorageUsageReader,
    @Inject(WISP_CONFIG) config: WispConfig,
  ) {
    registry.gauge('wisp_database_size_bytes', 'Size of the Wisp database on disk.', [], async () => [{ value: (await this.usage()).databaseBytes }]);
    registry.gauge('wisp_table_size_bytes', 'Size of each table with a retention (indexes and TOAST included; partitions summed).', ['table'], async () =>
      Object.entries((await this.usage()).tableBytes).map(([table, value]) => ({ labels: { table }, value })),
    );
    registry.gauge('wisp_activations_partitions', 'Range partitions of the activations table.', [], async () => [{ value: (await this.usage()).activationPartitions }]);
    registry.gauge('wisp_activations_oldest_partition_timestamp_seconds', 'Start of the oldest activations partition (epoch seconds).', [], async () => {
      const oldest = (await this.usage()).oldestActivationPartition;
      return oldest === undefined ? [] : [{ value: oldest / 1000 }];
    });
    registry.gauge('wisp_database_disk_degraded', '1 when the database uses WISP_DB_DISK_DEGRADED_PERCENT of WISP_DB_DISK_BYTES or more.', [], async () => [
      { value: diskPressure(await this.usage(), config.retention).degraded ? 1 : 0 },
    ]);
  }

  private usage(): Promise<StorageUsage> {
    const now = Date.now();
    if (!this.last || now - this.last.at > SHARE_MS) this.last = { at: now, usage: this.reader.read() };
    return this.last.usage;
  }
}
