import { Inject, Injectable, Logger } from '@nestjs/common';
import { type HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { WISP_CONFIG, type WispConfig } from '@wisp/core';
import { type DiskPressure, diskPressure } from '../metrics/disk-pressure';
import { StorageUsageReader } from '../metrics/storage-usage.reader';

/** Sizes are read from the catalog at most this often, however often readiness is probed. */
const READ_EVERY_MS = 5_000;
/** While degraded, the advice line is repeated this often (and at once when it begins). */
const ADVISE_EVERY_MS = 10 * 60_000;

/**
 * `disk`: the database's size against `WISP_DB_DISK_BYTES` (see {@link diskPressure}). Past the threshold it stays
 * `up` (PostgreSQL still serves) but says `degraded`, and a warning names the retention to shorten.
 */
@Injectable()
export class DiskHealthIndicator {
  private readonly logger = new Logger('DiskPressure');
  private last?: { at: number; pressure: Promise<DiskPressure> };
  private advisedAt = 0;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly usage: StorageUsageReader,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {}

  /** The indicator result; `degraded` is true in it past the threshold. */
  async check(): Promise<HealthIndicatorResult<'disk'>> {
    const check = this.indicators.check('disk');
    if (this.config.retention.dbDiskBytes <= 0) return check.up({ degraded: false, checked: false });
    const pressure = await this.read().catch(() => undefined);
    // An unreadable catalog is the database check's business, not a disk verdict.
    if (!pressure) return check.up({ degraded: false, checked: false });
    if (pressure.degraded) this.advise(pressure.advice!);
    else this.advisedAt = 0;
    const percent = Math.round((pressure.percent ?? 0) * 10) / 10;
    return check.up({ degraded: pressure.degraded, percent, ...(pressure.advice && { advice: pressure.advice }) });
  }

  private read(): Promise<DiskPressure> {
    const now = Date.now();
    if (!this.last || now - this.last.at > READ_EVERY_MS) {
      this.last = { at: now, pressure: this.usage.read().then((u) => diskPressure(u, this.config.retention)) };
    }
    return this.last.pressure;
  }

  private advise(advice: string): void {
    const now = Date.now();
    if (now - this.advisedAt < ADVISE_EVERY_MS) return;
    this.advisedAt = now;
    this.logger.warn(`readiness degraded: ${advice}`);
  }
}
