import { Injectable } from '@nestjs/common';
import { type MetricCounter, MetricsRegistry } from '@wisp/core';

/** Counters the maintenance job moves: rows deleted and partitions dropped, by table. */
@Injectable()
export class RetentionMetrics {
  private readonly rows: MetricCounter;
  private readonly partitions: MetricCounter;
  private readonly runs: MetricCounter;

  constructor(registry: MetricsRegistry) {
    this.rows = registry.counter('wisp_retention_rows_removed_total', 'Rows deleted by retention, by table.', ['table']);
    this.partitions = registry.counter('wisp_retention_partitions_removed_total', 'Expired partitions dropped, by table.', ['table']);
    this.runs = registry.counter('wisp_maintenance_runs_total', 'Maintenance runs this controller made as lease holder, by outcome.', ['outcome']);
  }

  rowsRemoved(table: string, count: number): void {
    if (count > 0) this.rows.inc({ table }, count);
  }

  partitionsRemoved(table: string, count: number): void {
    if (count > 0) this.partitions.inc({ table }, count);
  }

  runEnded(outcome: 'ok' | 'failed'): void {
    this.runs.inc({ outcome });
  }
}
