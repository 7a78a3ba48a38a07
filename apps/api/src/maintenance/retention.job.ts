import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DEFAULT_PARTITION, GRAIN_MS, WISP_CONFIG, type WispConfig } from '@wisp/core';
import { RetentionMetrics } from '../metrics/retention.metrics';
import { ActivationPartitionMaintainer } from './activation-partition.maintainer';
import { deleteNamespaceActivations, shorterRetentions } from './namespace-retention';
import { deleteExpiredRows, type RowRetentionRule } from './row-retention';

/** What one run removed: partitions by name, rows by table. */
export interface RetentionRun {
  partitionsCreated: string[];
  partitionsDropped: string[];
  rowsRemoved: Record<string, number>;
}

/**
 * The retention of every growing table, in one pass: activations partitions (create ahead, drop expired), the rows
 * waiting in the default partition, namespaces with a shorter activation retention, dead letters, GitHub delivery
 * ids, feed event identities, activation claims and audit events. Another growing table adds one {@link RowRetentionRule}.
 */
@Injectable()
export class RetentionJob {
  private readonly logger = new Logger(RetentionJob.name);

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
    private readonly partitions: ActivationPartitionMaintainer,
    private readonly metrics: RetentionMetrics,
  ) {}

  /** The tables retained row by row, with their configured retention. */
  rules(): RowRetentionRule[] {
    const r = this.config.retention;
    return [
      { table: DEFAULT_PARTITION, label: 'activations', column: 'start', clock: 'epoch-ms', retentionMs: r.activationMs },
      { table: 'dead_letters', label: 'dead_letters', column: 'created', clock: 'epoch-ms', retentionMs: r.deadLetterMs },
      { table: 'feed_github_deliveries', label: 'feed_github_deliveries', column: 'claimed_at', clock: 'epoch-ms', retentionMs: r.githubDeliveryMs },
      { table: 'feed_event_fires', label: 'feed_event_fires', column: 'start', clock: 'epoch-ms', retentionMs: r.feedEventMs },
      { table: 'audit_events', label: 'audit_events', column: 'at', clock: 'epoch-ms', retentionMs: r.auditMs },
      {
        table: 'activation_claims',
        label: 'activation_claims',
        column: 'claimed_at',
        clock: 'timestamptz',
        retentionMs: r.activationClaimMs,
        // a lost activation's fallback record is stored by the invokers' claims janitor; its row stays until then
        onlyWhere: 'record_due IS NULL',
      },
    ];
  }

  /** Applies every retention as of `now` (epoch ms); counts what it removed in the retention metrics. */
  async run(now: number): Promise<RetentionRun> {
    const r = this.config.retention;
    // Partitions exist well before their rows arrive: at least two of them, and beyond the next two runs.
    const aheadMs = Math.max(2 * GRAIN_MS[r.partition], 2 * r.maintenanceIntervalMs);
    const pass = await this.partitions.maintain(now, r.partition, r.activationMs, aheadMs);
    this.metrics.partitionsRemoved('activations', pass.dropped.length);
    const rowsRemoved: Record<string, number> = {};
    const count = (label: string, n: number) => {
      rowsRemoved[label] = (rowsRemoved[label] ?? 0) + n;
      this.metrics.rowsRemoved(label, n);
    };
    for (const rule of this.rules()) count(rule.label, await deleteExpiredRows(this.db, rule, now, 'ctid', rule.onlyWhere));
    for (const o of await shorterRetentions(this.db, r.activationMs)) count('activations', await deleteNamespaceActivations(this.db, o.namespace, o.retentionMs, now));
    const removed = Object.entries(rowsRemoved).filter(([, n]) => n > 0);
    if (removed.length > 0) this.logger.log(`retention removed ${removed.map(([t, n]) => `${n} ${t}`).join(', ')} row(s)`);
    return { partitionsCreated: pass.created, partitionsDropped: pass.dropped, rowsRemoved };
  }
}
