import { loadConfig } from '@wisp/core';
import { diskPressure } from './disk-pressure';
import type { StorageUsage } from './storage-usage.reader';

const usage = (databaseBytes: number, tableBytes: Partial<StorageUsage['tableBytes']>): StorageUsage => ({
  databaseBytes,
  tableBytes: { activations: 0, dead_letters: 0, feed_github_deliveries: 0, feed_event_fires: 0, activation_claims: 0, audit_events: 0, ...tableBytes },
  activationPartitions: 3,
});

describe('diskPressure', () => {
  it('is never degraded while WISP_DB_DISK_BYTES is unset', () => {
    expect(diskPressure(usage(10 ** 12, { activations: 10 ** 12 }), loadConfig({}).retention)).toEqual({ degraded: false });
  });

  it('stays healthy below the threshold and turns degraded at it', () => {
    const r = loadConfig({ WISP_DB_DISK_BYTES: '1000', WISP_DB_DISK_DEGRADED_PERCENT: '80' }).retention;
    expect(diskPressure(usage(799, { activations: 700 }), r)).toEqual({ degraded: false, percent: 79.9 });
    expect(diskPressure(usage(800, { activations: 700 }), r).degraded).toBe(true);
  });

  it('names the retention of the largest retained table, with its current value', () => {
    const r = loadConfig({ WISP_DB_DISK_BYTES: '1000', WISP_DEAD_LETTER_RETENTION: '14d' }).retention;
    expect(diskPressure(usage(900, { activations: 700 }), r).advice).toMatch(/shorten WISP_ACTIVATION_RETENTION \(now 7d; activations holds/);
    expect(diskPressure(usage(900, { activations: 100, dead_letters: 600 }), r).advice).toMatch(/shorten WISP_DEAD_LETTER_RETENTION \(now 14d; dead_letters holds/);
  });
});
