import { Logger } from '@nestjs/common';
import type { WispConfig } from '@wisp/core';
import type { ContainerFactory } from '../containers/container-factory';
import { StemCellSpec, stemCellsOf } from '../activation/runtime-image';
import { PoolEntry } from './container-lease';
import { evictionFor } from './pool-selection';

/** After a stem cell could not be created, the next attempt waits this long (the engine may be down). */
const STEM_RETRY_MS = 5_000;
/** A safety net: the stem cells are checked this often even when no event asked for it. */
const STEM_CHECK_MS = 1_000;

/** What the keeper needs of the pool it fills. */
export interface StemCellHost {
  /** Every container of the pool; the keeper adds its stem cells here. */
  readonly entries: Set<PoolEntry>;
  /** True once the pool stopped. */
  isClosed(): boolean;
  /** True while a run waits for memory: that run gets the memory, not a stem cell. */
  hasWaiters(): boolean;
  /** Drops an entry and destroys its container (without asking for a refill). */
  evict(entry: PoolEntry): void;
  /** Lets waiting runs choose again (a stem cell may now serve them). */
  wakeWaiters(): void;
}

/**
 * Keeps the configured number of stem cells (prewarmed runtime containers) of each kind the runtimes manifest lists
 * them for in the pool. Missing ones are started
 * whenever no work waits for memory, evicting idle action containers (least recently used first) to make room, so
 * stem cells come back after a burst and after churn, not only when one was taken.
 */
export class StemCellKeeper {
  private readonly logger = new Logger(StemCellKeeper.name);
  private scheduled = false;
  private retryAt = 0;
  private timer?: NodeJS.Timeout;
  private readonly specs: StemCellSpec[];

  constructor(
    private readonly host: StemCellHost,
    private readonly factory: ContainerFactory,
    private readonly config: WispConfig,
  ) {
    this.specs = stemCellsOf(config);
  }

  /** True when stem cells of `kind` on `image` exist to serve a request (they are specialised by `/init`). */
  serves(kind: string, image: string): boolean {
    return this.specs.some((s) => s.kind === kind && s.image === image);
  }

  /** Creates the stem cells (failures are logged; the pool works without them) and checks them every second. */
  async start(): Promise<void> {
    await Promise.all(this.specs.flatMap((spec) => Array.from({ length: spec.count }, () => this.add(spec))));
    this.timer = setInterval(() => this.schedule(), STEM_CHECK_MS).unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * Refills once the work of this moment has chosen its containers: woken waiters choose again in microtasks, so a
   * check on the next macrotask never takes memory a waiting run was about to get.
   */
  schedule(): void {
    if (this.scheduled || this.host.isClosed() || this.specs.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.refill();
    });
  }

  private refill(): void {
    if (this.host.isClosed() || this.host.hasWaiters() || Date.now() < this.retryAt) return;
    for (const spec of this.specs) for (let i = this.missing(spec); i > 0; i--) void this.add(spec);
  }

  private missing(spec: StemCellSpec): number {
    let stems = 0;
    for (const e of this.host.entries) if (e.key === undefined && e.kind === spec.kind && e.memoryMb === spec.memoryMb) stems++;
    return spec.count - stems;
  }

  /** Starts one stem cell when it fits, evicting idle containers (least recently used first) to make room. */
  private async add(spec: StemCellSpec): Promise<void> {
    if (this.host.isClosed() || this.host.hasWaiters() || this.missing(spec) <= 0 || !this.makeRoom(spec.memoryMb)) return;
    const entry: PoolEntry = { state: 'starting', kind: spec.kind, memoryMb: spec.memoryMb, lastUsed: Date.now(), timers: [] };
    this.host.entries.add(entry);
    try {
      entry.container = await this.factory.create({
        image: spec.image,
        memoryMb: spec.memoryMb,
        labels: { 'wisp.kind': spec.kind, 'wisp.prewarm': 'true' },
      });
      entry.state = 'prewarm';
      entry.lastUsed = Date.now();
      if (this.host.isClosed()) this.host.evict(entry);
    } catch (e) {
      this.host.entries.delete(entry);
      this.retryAt = Date.now() + STEM_RETRY_MS;
      this.logger.warn(`cannot create a ${spec.kind} stem cell: ${(e as Error).message}`);
    }
    this.host.wakeWaiters();
  }

  /** Frees `memoryMb` by removing idle and paused action containers, least recently used first; false when it cannot. */
  private makeRoom(memoryMb: number): boolean {
    const evict = evictionFor(this.host.entries, memoryMb, this.config.invokerMemoryMb, (e) => e.key !== undefined && (e.state === 'idle' || e.state === 'paused'));
    for (const e of evict ?? []) this.host.evict(e);
    return evict !== undefined;
  }
}
