import { Inject, Injectable, Logger } from '@nestjs/common';
import { WISP_CONFIG, WispConfig } from '@wisp/core';
import { ActionContainer, CONTAINER_FACTORY, ContainerFactory } from '../containers/container-factory';
import { ContainerRequest, Lease, PooledLease, PoolEntry, SourceRevision } from './container-lease';
import { PoolClosedError } from './pool-closed.error';
import { SelectableEntry, selectContainer, usedMemory } from './pool-selection';
import { StemCellKeeper } from './stem-cell.keeper';

/**
 * Warm containers keyed by (namespace, action, revision), stem cells, and memory-slot accounting
 * (`invokerMemoryMb` over every container, starting ones included). Each container serves one run at a time.
 * Container operations run concurrently: the pool's own bookkeeping is synchronous, only backend calls are awaited.
 * The factory reports every lost proxy connection: an idle, paused or prewarmed container whose connection broke is
 * removed at once (its memory freed, a stem cell refilled), so no later run is handed a container that cannot answer.
 */
@Injectable()
export class ContainerPool {
  private readonly logger = new Logger(ContainerPool.name);
  private readonly entries = new Set<PoolEntry>();
  private readonly destroying = new Set<Promise<void>>();
  private readonly stems: StemCellKeeper;
  private readonly stopWatchingLoss: () => void;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(
    @Inject(CONTAINER_FACTORY) private readonly factory: ContainerFactory,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {
    const host = {
      entries: this.entries,
      isClosed: () => this.closed,
      hasWaiters: () => this.waiters.length > 0,
      evict: (e: PoolEntry) => this.remove(e, false),
      wakeWaiters: () => this.wakeWaiters(),
    };
    this.stems = new StemCellKeeper(host, factory, config);
    this.stopWatchingLoss = factory.onConnectionLost((container) => this.connectionLost(container));
  }

  /**
   * Creates the configured stem cells (failures are logged; the pool works without them) and keeps them refilled:
   * whenever no work waits for memory, missing stem cells are started, evicting idle containers LRU to make room.
   */
  start(): Promise<void> {
    return this.stems.start();
  }

  /** Finds or makes a container for `req`, waiting for memory when the pool is full. @throws when creation fails. */
  async acquire(req: ContainerRequest): Promise<Lease> {
    for (;;) {
      if (this.closed) throw new PoolClosedError();
      const choice = selectContainer(this.entries, { ...req, prewarmable: this.stems.serves(req.kind, req.image) }, this.config.invokerMemoryMb);
      switch (choice.kind) {
        case 'warm': {
          const lease = await this.takeWarm(choice.entry);
          if (lease) return lease;
          continue; // it could not be resumed and was removed; choose again
        }
        case 'prewarm': {
          const entry = choice.entry;
          this.claim(entry, req.key);
          entry.sources = req.sources;
          this.stems.schedule();
          return new PooledLease(entry, entry.container!, 'prewarm');
        }
        case 'cold':
          // A burst must not start a container per message at once: the engine would starve this process (and its
          // heartbeat) on a small host. Past the limit, wait and choose again: a container may be free by then.
          if (this.startingCount() >= this.config.containerStartConcurrency) {
            await new Promise<void>((resolve) => this.waiters.push(resolve));
            continue;
          }
          // No backfill here: a stem cell created now would take the memory just freed for this request.
          for (const e of choice.evict) this.remove(e, false);
          return this.createFor(req);
        case 'wait':
          await new Promise<void>((resolve) => this.waiters.push(resolve));
      }
    }
  }

  /** Returns a leased container: kept warm (paused after the grace, removed after the idle TTL) or destroyed. */
  release(lease: Lease, options: { destroy: boolean }): void {
    const entry = (lease as PooledLease).entry;
    if (options.destroy || this.closed || entry.stale || entry.broken) {
      this.remove(entry);
      return;
    }
    entry.state = 'idle';
    entry.lastUsed = Date.now();
    entry.timers.push(
      setTimeout(() => this.pauseIdle(entry), this.config.pauseGraceMs).unref(),
      setTimeout(() => this.expire(entry), this.config.idleTtlMs).unref(),
    );
    this.wakeWaiters();
    this.stems.schedule();
  }

  /** The stored rows (actions, packages) that pooled containers were initialised from, each revision once. */
  heldSources(): SourceRevision[] {
    const held = new Map<string, SourceRevision>();
    for (const e of this.entries) for (const s of e.sources ?? []) held.set(`${s.table}:${s.id}@${s.revision}`, s);
    return [...held.values()];
  }

  /**
   * Drops the containers initialised from a row revision that is no longer current: idle and paused ones at once,
   * busy and starting ones when they are released. Returns how many idle ones were removed.
   */
  dropStale(isCurrent: (source: SourceRevision) => boolean): number {
    let removed = 0;
    for (const e of [...this.entries]) {
      if (!e.sources || e.sources.every(isCurrent)) continue;
      if (e.state === 'idle' || e.state === 'paused') {
        this.remove(e);
        removed++;
      } else e.stale = true;
    }
    return removed;
  }

  /** Counts of containers by state (for logs and tests). */
  stats(): Record<SelectableEntry['state'], number> & { memoryMb: number } {
    const out = { starting: 0, prewarm: 0, busy: 0, idle: 0, paused: 0, memoryMb: usedMemory(this.entries) };
    for (const e of this.entries) out[e.state]++;
    return out;
  }

  /** Refuses new work, destroys every idle container and waits for removals. Busy ones are destroyed on release. */
  async stop(): Promise<void> {
    this.closed = true;
    this.stems.stop();
    this.stopWatchingLoss();
    this.wakeWaiters();
    for (const e of [...this.entries]) if (e.state !== 'busy' && e.state !== 'starting') this.remove(e);
    await Promise.all([...this.destroying]);
  }

  private async takeWarm(entry: PoolEntry): Promise<Lease | undefined> {
    const wasPaused = entry.state === 'paused';
    this.claim(entry, entry.key!);
    if (!wasPaused) return new PooledLease(entry, entry.container!, 'warm');
    try {
      await entry.pausing;
      await this.factory.resume(entry.container!);
      if (!entry.broken) return new PooledLease(entry, entry.container!, 'resumed');
      this.remove(entry);
      return undefined;
    } catch (e) {
      this.logger.warn(`cannot resume ${entry.container!.name}; replacing it: ${(e as Error).message}`);
      this.remove(entry);
      return undefined;
    }
  }

  /**
   * A container's proxy connection broke. Unleased, it is removed now; leased, its run sees the break (a developer
   * error of that activation) and it is destroyed on release, even when that run had already answered.
   */
  private connectionLost(container: ActionContainer): void {
    for (const entry of this.entries) {
      if (entry.container?.id !== container.id) continue;
      if (entry.state === 'busy' || entry.state === 'starting') {
        entry.broken = true;
        return;
      }
      this.logger.warn(`the proxy connection of ${container.name} (${entry.key ?? 'stem cell'}) broke while it was ${entry.state}; removing it`);
      this.remove(entry);
      return;
    }
  }

  private async createFor(req: ContainerRequest): Promise<Lease> {
    const entry: PoolEntry = { state: 'starting', key: req.key, kind: req.kind, memoryMb: req.memoryMb, lastUsed: Date.now(), timers: [], sources: req.sources };
    this.entries.add(entry);
    try {
      entry.container = await this.factory.create({ image: req.image, memoryMb: req.memoryMb, labels: req.labels, execDir: req.execDir, protocol: req.protocol });
    } catch (e) {
      this.entries.delete(entry);
      this.wakeWaiters();
      throw e;
    }
    if (this.closed) {
      this.remove(entry);
      throw new PoolClosedError();
    }
    entry.state = 'busy';
    this.wakeWaiters();
    return new PooledLease(entry, entry.container, 'cold');
  }

  private startingCount(): number {
    let n = 0;
    for (const e of this.entries) if (e.state === 'starting') n++;
    return n;
  }

  /** Marks an entry busy for `key`, cancelling its idle timers. */
  private claim(entry: PoolEntry, key: string): void {
    for (const t of entry.timers) clearTimeout(t);
    entry.timers = [];
    entry.state = 'busy';
    entry.key = key;
  }

  private pauseIdle(entry: PoolEntry): void {
    if (entry.state !== 'idle' || !this.entries.has(entry)) return;
    entry.state = 'paused';
    entry.pausing = this.factory.pause(entry.container!).then(
      () => {
        entry.pausing = undefined;
      },
      (e: Error) => {
        entry.pausing = undefined;
        this.logger.warn(`cannot pause ${entry.container!.name}; removing it: ${e.message}`);
        if (entry.state === 'paused') this.remove(entry);
      },
    );
  }

  private expire(entry: PoolEntry): void {
    if ((entry.state === 'idle' || entry.state === 'paused') && this.entries.has(entry)) this.remove(entry);
  }

  /** Drops an entry from the accounting now and destroys its container in the background; `backfill` refills stem cells. */
  private remove(entry: PoolEntry, backfill = true): void {
    for (const t of entry.timers) clearTimeout(t);
    entry.timers = [];
    if (!this.entries.delete(entry)) return;
    const container = entry.container;
    if (container) {
      const done = this.factory.destroy(container).finally(() => this.destroying.delete(done));
      this.destroying.add(done);
    }
    this.wakeWaiters();
    if (backfill) this.stems.schedule();
  }

  private wakeWaiters(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }
}
