import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { type ActivationRecord, ActivationClaims, ActivationWriter, RecordRejectedError } from '@wisp/core';

/** How often due fallback records are looked for (a partial index keeps the query on the few rows that wait), ms. */
const FALLBACK_SWEEP_MS = 5_000;
/** Most fallback records stored per sweep. */
const FALLBACK_BATCH = 100;

/**
 * Stores the fallback record of each activation accepted as `lost` once it is due (every invoker may; each step is
 * idempotent, and a record its run stored first is kept), which depends on nothing in any process's memory.
 * Old claims are deleted by the controllers' maintenance job, which keeps rows whose fallback still waits.
 */
@Injectable()
export class ClaimsJanitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ClaimsJanitor.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private sweeping?: Promise<number>;

  constructor(
    private readonly claims: ActivationClaims,
    private readonly writer: ActivationWriter,
  ) {}

  onApplicationBootstrap(): void {
    const every = (ms: number, work: () => Promise<unknown>, what: string) => {
      const timer = setInterval(() => work().catch((e: Error) => this.logger.warn(`cannot ${what}: ${e.message}`)), ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(FALLBACK_SWEEP_MS, () => this.storeDueFallbacks(), 'store due fallback records');
  }

  onApplicationShutdown(): void {
    for (const t of this.timers) clearInterval(t);
  }

  /** Stores every due fallback record (one sweep at a time); returns how many were handled. */
  storeDueFallbacks(): Promise<number> {
    this.sweeping ??= this.sweep().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweep(): Promise<number> {
    const due = await this.claims.dueFallbacks(FALLBACK_BATCH);
    if (due.length === 0) return 0;
    const handled = await Promise.all(due.map((d) => this.store(d.activationId, d.record)));
    const settled = due.filter((_, i) => handled[i]).map((d) => d.activationId);
    await this.claims.settleFallbacks(settled);
    this.logger.warn(`stored the internal-error record of ${settled.length} activation(s) accepted without a confirm, unless their run had stored one`);
    return settled.length;
  }

  /** True once the record is stored, or refused for its content (it would be refused on every sweep). */
  private async store(activationId: string, record: ActivationRecord): Promise<boolean> {
    try {
      await this.writer.writeIfAbsent(record);
      return true;
    } catch (e) {
      this.logger.error(`cannot store the fallback record of ${activationId}: ${(e as Error).message}`);
      return e instanceof RecordRejectedError;
    }
  }
}
