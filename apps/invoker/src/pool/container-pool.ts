import { Inject, Injectable, Logger } from '@nestjs/common';
import { WISP_CONFIG, WispConfig } from '@wisp/core';
import { ActionContainer, CONTAINER_FACTORY, ContainerFactory } from '../containers/container-factory';
import { evictionFor, SelectableEntry, selectContainer, usedMemory } from './pool-selection';

/** The kind and memory of the prewarmed stem cells (OpenWhisk's nodejs `stemCells` entry). */
export const STEM_CELL = { kind: 'nodejs:20', memoryMb: 256 } as const;

/** What a run asks the pool for. */
export interface ContainerRequest {
  key: string;
  kind: string;
  image: string;
  memoryMb: number;
  /** Labels for a new container (action path, kind). */
  labels: Record<string, string>;
  /** The stored action and revision it runs, so the pool can drop containers of an action that changed or is gone. */
  action?: ActionRevision;
}

/** One stored revision of an action. */
export interface ActionRevision {
  id: string;
  revision: number;
}

/** How the leased container was obtained; `prewarm` and `cold` still need `/init`. */
export type LeaseOrigin = 'warm' | 'resumed' | 'prewarm' | 'cold';

/** A container handed to exactly one run until `release`. */
export interface Lease {
  readonly container: ActionContainer;
  readonly origin: LeaseOrigin;
}

interface PoolEntry extends SelectableEntry {
  container?: ActionContainer;
  action?: ActionRevision;
  /** Its action changed or is gone: destroyed on release instead of kept warm. */
  stale?: boolean;
  /** Pause in progress (started by the grace timer); a resume waits for it. */
  pausing?: Promise<void>;
  timers: NodeJS.Timeout[];
}

class PooledLease implements Lease {
  constructor(
    readonly entry: PoolEntry,
    readonly container: ActionContainer,
    readonly origin: LeaseOrigin,
  ) {}
}

/** After a stem cell could not be created, the next attempt waits this long (the engine may be down). */
const STEM_RETRY_MS = 5_000;
/** A safety net: the stem cells are checked this often even when no event asked for it. */
const STEM_CHECK_MS = 1_000;

/** Raised to waiters when the pool shuts down. */
export class PoolClosedError extends Error {
  constructor() {
    super('the container pool is shutting down');
  }
}

/**
 * Warm containers keyed by (namespace, action, revision), stem cells, and memory-slot accounting
 * (`invokerMemoryMb` over every container, starting ones included). Each container serves one run at a time.
 * Container operations run concurrently: the pool's own bookkeeping is synchronous, only backend calls are awaited.
 */
@Injectable()
export class ContainerPool {
  private readonly logger = new Logger(ContainerPool.name);
  private readonly entries = new Set<PoolEntry>();
  private readonly destroying = new Set<Promise<void>>();
  private waiters: (() => void)[] = [];
  private closed = false;
  private refillScheduled = false;
  private stemRetryAt = 0;
  private stemTimer?: NodeJS.Timeout;

  constructor(
    @Inject(CONTAINER_FACTORY) private readonly factory: ContainerFactory,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {}

  /**
   * Creates the configured stem cells (failures are logged; the pool works without them) and keeps them refilled:
   * whenever no work waits for memory, missing stem cells are started, evicting idle containers LRU to make room.
   */
  async start(): Promise<void> {
    await Promise.all(Array.from({ length: this.config.prewarmCount }, () => this.addStemCell()));
    this.stemTimer = setInterval(() => this.scheduleRefill(), STEM_CHECK_MS).unref();
  }

  /** Finds or makes a container for `req`, waiting for memory when the pool is full. @throws when creation fails. */
  async acquire(req: ContainerRequest): Promise<Lease> {
    for (;;) {
      if (this.closed) throw new PoolClosedError();
      const choice = selectContainer(this.entries, { ...req, prewarmable: req.kind === STEM_CELL.kind && req.image === this.config.runtimeImage }, this.config.invokerMemoryMb);
      switch (choice.kind) {
        case 'warm': {
          const lease = await this.takeWarm(choice.entry);
          if (lease) return lease;
          continue; // it could not be resumed and was removed; choose again
        }
        case 'prewarm': {
          const entry = choice.entry;
          this.claim(entry, req.key);
          entry.action = req.action;
          this.scheduleRefill();
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
    if (options.destroy || this.closed || entry.stale) {
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
    this.scheduleRefill();
  }

  /** Actions (id and revision) that pooled containers were initialised for. */
  heldActions(): ActionRevision[] {
    const held = new Map<string, ActionRevision>();
    for (const e of this.entries) if (e.action) held.set(`${e.action.id}@${e.action.revision}`, e.action);
    return [...held.values()];
  }

  /**
   * Drops the containers of action revisions that are no longer current: idle and paused ones at once, busy and
   * starting ones when they are released. Returns how many idle ones were removed.
   */
  dropStale(isCurrent: (action: ActionRevision) => boolean): number {
    let removed = 0;
    for (const e of [...this.entries]) {
      if (!e.action || isCurrent(e.action)) continue;
      if (e.state === 'idle' || e.state === 'paused') {
        this.remove(e);
        removed++;
      } else e.stale = true;
    }
    if (removed > 0) this.scheduleRefill();
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
    clearInterval(this.stemTimer);
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
      return new PooledLease(entry, entry.container!, 'resumed');
    } catch (e) {
      this.logger.warn(`cannot resume ${entry.container!.name}; replacing it: ${(e as Error).message}`);
      this.remove(entry);
      return undefined;
    }
  }

  private async createFor(req: ContainerRequest): Promise<Lease> {
    const entry: PoolEntry = { state: 'starting', key: req.key, kind: req.kind, memoryMb: req.memoryMb, lastUsed: Date.now(), timers: [], action: req.action };
    this.entries.add(entry);
    try {
      entry.container = await this.factory.create({ image: req.image, memoryMb: req.memoryMb, labels: req.labels });
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

  /**
   * Refills the stem cells once the work of this moment has chosen its containers: woken waiters choose again in
   * microtasks, so a check on the next macrotask never takes memory a waiting run was about to get.
   */
  private scheduleRefill(): void {
    if (this.refillScheduled || this.closed || this.config.prewarmCount === 0) return;
    this.refillScheduled = true;
    setImmediate(() => {
      this.refillScheduled = false;
      this.refill();
    });
  }

  private refill(): void {
    if (this.closed || this.waiters.length > 0 || Date.now() < this.stemRetryAt) return;
    const missing = this.config.prewarmCount - [...this.entries].filter((e) => e.key === undefined).length;
    for (let i = 0; i < missing; i++) void this.addStemCell();
  }

  /** Starts one stem cell when it fits, evicting idle containers (least recently used first) to make room. */
  private async addStemCell(): Promise<void> {
    if (this.closed || this.waiters.length > 0) return;
    const stems = [...this.entries].filter((e) => e.key === undefined).length;
    if (stems >= this.config.prewarmCount) return;
    if (!this.makeRoom(STEM_CELL.memoryMb)) return;
    const entry: PoolEntry = { state: 'starting', kind: STEM_CELL.kind, memoryMb: STEM_CELL.memoryMb, lastUsed: Date.now(), timers: [] };
    this.entries.add(entry);
    try {
      entry.container = await this.factory.create({
        image: this.config.runtimeImage,
        memoryMb: STEM_CELL.memoryMb,
        labels: { 'wisp.kind': STEM_CELL.kind, 'wisp.prewarm': 'true' },
      });
      entry.state = 'prewarm';
      entry.lastUsed = Date.now();
      if (this.closed) this.remove(entry);
    } catch (e) {
      this.entries.delete(entry);
      this.stemRetryAt = Date.now() + STEM_RETRY_MS;
      this.logger.warn(`cannot create a ${STEM_CELL.kind} stem cell: ${(e as Error).message}`);
    }
    this.wakeWaiters();
  }

  /** Frees `memoryMb` by removing idle and paused action containers, least recently used first; false when it cannot. */
  private makeRoom(memoryMb: number): boolean {
    const evict = evictionFor(this.entries, memoryMb, this.config.invokerMemoryMb, (e) => e.key !== undefined && (e.state === 'idle' || e.state === 'paused'));
    for (const e of evict ?? []) this.remove(e, false);
    return evict !== undefined;
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

  /** Drops an entry from the accounting now and destroys its container in the background. */
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
    if (backfill) this.scheduleRefill();
  }

  private wakeWaiters(): void {
    const waiting = this.waiters;
    this.waiters = [];
    for (const wake of waiting) wake();
  }
}
