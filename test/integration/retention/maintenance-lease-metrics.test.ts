import type { AddressInfo } from 'node:net';
import { type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { listActivationPartitions, loadConfig, migrateDatabase, WISP_CONFIG } from '@wisp/core';
import { LeaseStore } from '../../../apps/api/src/maintenance/lease.store';
import { MaintenanceModule } from '../../../apps/api/src/maintenance/maintenance.module';
import { MaintenanceService } from '../../../apps/api/src/maintenance/maintenance.service';
import { MetricsModule } from '../../../apps/api/src/metrics/metrics.module';
import { freshDatabase } from './retention-db';

/** The metrics and maintenance modules on a real database, with the config given; nothing else of the API. */
async function app(db: DataSource, env: Record<string, string>): Promise<INestApplication> {
  const config = loadConfig({ WISP_MAINTENANCE_INTERVAL: '1h', ...env });
  const shared = { module: class SharedForTest {}, global: true, providers: [{ provide: DataSource, useValue: db }, { provide: WISP_CONFIG, useValue: config }], exports: [DataSource, WISP_CONFIG] };
  @Module({ imports: [shared, MetricsModule, MaintenanceModule] })
  class TestApp {}
  const nest = await NestFactory.create(TestApp, { logger: false });
  await nest.listen(0, '127.0.0.1');
  return nest;
}

describe('maintenance lease and /metrics (real PostgreSQL)', () => {
  let db: DataSource;
  beforeAll(async () => {
    db = await migrateDatabase(await freshDatabase('metrics'));
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('gives the lease to one holder at a time, and to another once released or expired', async () => {
    const leases = new LeaseStore(db);
    expect(await leases.acquire('t', 'a', 60_000)).toBe(true);
    expect(await leases.acquire('t', 'b', 60_000)).toBe(false);
    expect(await leases.acquire('t', 'a', 60_000)).toBe(true);
    await leases.release('t', 'b');
    expect(await leases.acquire('t', 'b', 60_000)).toBe(false);
    await leases.release('t', 'a');
    expect(await leases.acquire('t', 'b', 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(await leases.acquire('t', 'a', 60_000)).toBe(true);
  });

  it('runs maintenance on one of two controllers, and serves sizes, the oldest partition and the degraded state on /metrics', async () => {
    const env = { WISP_DB_DISK_BYTES: '1000000', WISP_DB_DISK_DEGRADED_PERCENT: '50', WISP_ACTIVATION_PARTITION: 'hour' };
    const [one, two] = [await app(db, env), await app(db, env)];
    try {
      await Promise.all([one.get(MaintenanceService).tick(), two.get(MaintenanceService).tick()]);
      const scrape = async (nest: INestApplication) => {
        const res = await fetch(`http://127.0.0.1:${(nest.getHttpServer().address() as AddressInfo).port}/metrics`);
        expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
        return res.text();
      };
      const [a, b] = await Promise.all([scrape(one), scrape(two)]);
      // Boot ticks once too; whoever won the lease ran every time, the other never.
      const ran = [a, b].filter((t) => /^wisp_maintenance_runs_total\{outcome="ok"\} [1-9]/m.test(t));
      expect(ran).toHaveLength(1);
      const partitions = await listActivationPartitions(db);
      const [size] = await db.query('SELECT pg_database_size(current_database()) AS bytes');
      for (const text of [a, b]) {
        expect(text).toMatch(/^wisp_database_size_bytes \d+$/m);
        expect(Number(/^wisp_database_size_bytes (\d+)$/m.exec(text)![1])).toBeGreaterThan(Number(size.bytes) / 2);
        expect(text).toMatch(/^wisp_table_size_bytes\{table="activations"\} \d+$/m);
        expect(text).toContain(`wisp_activations_oldest_partition_timestamp_seconds ${partitions[0].from / 1000}`);
        expect(text).toContain(`wisp_activations_partitions ${partitions.length}`);
        // A database of several MB on a 1 MB disk budget is degraded.
        expect(text).toContain('wisp_database_disk_degraded 1');
      }
    } finally {
      await one.close();
      await two.close();
    }
  });
});
