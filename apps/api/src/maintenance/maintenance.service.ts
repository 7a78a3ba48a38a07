import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { WISP_CONFIG, type WispConfig } from '@wisp/core';
import { diskPressure } from '../metrics/disk-pressure';
import { RetentionMetrics } from '../metrics/retention.metrics';
import { StorageUsageReader } from '../metrics/storage-usage.reader';
import { LeaseStore } from './lease.store';
import { RetentionJob } from './retention.job';

/** The lease that makes one controller at a time the maintainer. */
export const MAINTENANCE_LEASE = 'maintenance';

/**
 * Runs the maintenance job every `WISP_MAINTENANCE_INTERVAL` on the one controller holding the `maintenance` lease
 * (renewed each run, lasting three intervals, so a dead holder's duty moves within three intervals). After each run
 * it checks the database's disk use and, when degraded, logs which retention to shorten.
 */
@Injectable()
export class MaintenanceService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MaintenanceService.name);
  private readonly holder: string;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
    private readonly leases: LeaseStore,
    private readonly job: RetentionJob,
    private readonly usage: StorageUsageReader,
    private readonly metrics: RetentionMetrics,
  ) {
    this.holder = `${config.controllerId}/${randomUUID().slice(0, 8)}`;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.retention.maintenanceIntervalMs);
    this.timer.unref();
    setImmediate(() => this.tick());
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.leases.release(MAINTENANCE_LEASE, this.holder).catch(() => undefined);
  }

  /** One run if this controller holds (or takes) the lease and no run is still going; resolves when done. */
  tick(): Promise<void> {
    this.running ??= this.runIfLeader().finally(() => (this.running = undefined));
    return this.running;
  }

  private async runIfLeader(): Promise<void> {
    try {
      const leaseMs = Math.max(3 * this.config.retention.maintenanceIntervalMs, 60_000);
      if (!(await this.leases.acquire(MAINTENANCE_LEASE, this.holder, leaseMs))) return;
      await this.job.run(Date.now());
      this.metrics.runEnded('ok');
      const pressure = diskPressure(await this.usage.read(), this.config.retention);
      if (pressure.degraded) this.logger.warn(pressure.advice!);
    } catch (e) {
      this.metrics.runEnded('failed');
      this.logger.error(`maintenance run failed: ${(e as Error).message}`);
    }
  }
}
