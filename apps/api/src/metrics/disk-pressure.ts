import { formatDuration, type RetentionConfig } from '@wisp/core';
import type { RetainedTable, StorageUsage } from './storage-usage.reader';

/** The setting that bounds each retained table, and its value in the config. */
const SETTING: Record<RetainedTable, { variable: string; value: (r: RetentionConfig) => number }> = {
  activations: { variable: 'WISP_ACTIVATION_RETENTION', value: (r) => r.activationMs },
  dead_letters: { variable: 'WISP_DEAD_LETTER_RETENTION', value: (r) => r.deadLetterMs },
  feed_github_deliveries: { variable: 'WISP_GITHUB_DELIVERY_RETENTION', value: (r) => r.githubDeliveryMs },
  feed_event_fires: { variable: 'WISP_FEED_EVENT_RETENTION', value: (r) => r.feedEventMs },
  activation_claims: { variable: 'WISP_ACTIVATION_CLAIM_RETENTION', value: (r) => r.activationClaimMs },
  audit_events: { variable: 'WISP_AUDIT_RETENTION', value: (r) => r.auditMs },
};

/** Whether the database is short of disk, and what to do about it. */
export interface DiskPressure {
  degraded: boolean;
  /** Database size as a percentage of `WISP_DB_DISK_BYTES`; undefined when the check is off. */
  percent?: number;
  /** The operator's line: which retention to shorten (only when degraded). */
  advice?: string;
}

/**
 * Degraded once the database reaches `WISP_DB_DISK_DEGRADED_PERCENT` of `WISP_DB_DISK_BYTES`. The advice names the
 * retention of the largest retained table, since shortening it frees the most.
 */
export function diskPressure(usage: StorageUsage, r: RetentionConfig): DiskPressure {
  if (r.dbDiskBytes <= 0) return { degraded: false };
  const percent = (100 * usage.databaseBytes) / r.dbDiskBytes;
  if (percent < r.dbDiskDegradedPercent) return { degraded: false, percent };
  const [table, bytes] = (Object.entries(usage.tableBytes) as [RetainedTable, number][]).sort((a, b) => b[1] - a[1])[0];
  const setting = SETTING[table];
  const advice =
    `database uses ${mb(usage.databaseBytes)} of ${mb(r.dbDiskBytes)} (${percent.toFixed(0)}% >= ${r.dbDiskDegradedPercent}%): ` +
    `shorten ${setting.variable} (now ${formatDuration(setting.value(r))}; ${table} holds ${mb(bytes)}, the most of any retained table)`;
  return { degraded: true, percent, advice };
}

function mb(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}
