import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { WISP_CONFIG, type WispConfig } from '@wisp/core';
import { MINUTE_WINDOW_S, MinuteCounter } from './minute-counter';
import { type CountDelta, ThrottleCountsStore } from './throttle-counts.store';

/** How often a controller exchanges its counts with the others, ms. */
export const SYNC_INTERVAL_MS = 200;
/** A share not synced for this long is synced before it admits (first use, or after a quiet minute), ms. */
const STALE_MS = 2_000;
/** A share unused for this long (and with nothing in flight) is forgotten, ms. */
const IDLE_MS = 65_000;
const SWEEP_EVERY_MS = 30_000;

/** The answer to one admission: admitted, or refused with the count it would have made. */
export type Admission = { admitted: true } | { admitted: false; count: number };

/** This controller's view of one (kind, namespace) limit. */
interface Share {
  namespace: string;
  kind: string;
  limit: number;
  /** In-flight gauges: this controller's current count; rates count in {@link ClusterCounters.local}. */
  gauge?: () => number;
  /** Rate admissions not yet written, by epoch second. */
  pending: Map<number, number>;
  /** The other controllers' count as of the last sync. */
  others: number;
  /** Admissions this controller may make until the next sync: its share of what was left of the limit. */
  allowance: number;
  used: number;
  syncedAt: number;
  lastUsed: number;
  /** The gauge written at the last sync (a 0 is written once after the last activation left). */
  lastGauge: number;
}

/**
 * Limits that hold across controllers. Each controller admits from its own counts plus the others' as of the last
 * sync (every {@link SYNC_INTERVAL_MS}: one batched upsert of its per-second admissions and in-flight gauges, one
 * read of the others'), and between two syncs admits at most its share of what is left of the limit: the remainder
 * split evenly over the live controllers. Shares are recomputed from the real counts at every sync, so what one
 * controller did not use goes back to the pool at once; a controller whose share ran out waits for the next sync
 * (≤ {@link SYNC_INTERVAL_MS}) and is refused only if the limit is really spent. No invoke waits on PostgreSQL,
 * except the first of a namespace in a minute and those that meet a spent share.
 */
@Injectable()
export class ClusterCounters implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(ClusterCounters.name);
  private readonly shares = new Map<string, Share>();
  private readonly local = new MinuteCounter();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private queued?: Promise<void>;
  private live = 1;
  private lastSweep = 0;
  private failing = false;

  constructor(
    private readonly store: ThrottleCountsStore,
    @Inject(WISP_CONFIG) private readonly config: WispConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      if (this.shares.size > 0 || Date.now() - this.lastSweep > SWEEP_EVERY_MS) void this.syncSoon();
    }, SYNC_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    await this.store.leave(this.config.controllerId).catch((e: Error) => this.logger.warn(`throttle counters: leaving failed (${e.message}); the others count this controller for 5 s more`));
  }

  /** Admits one event of a per-minute `kind` (`invoke`, `fire`) for `namespace` against `limit`. */
  admitRate(kind: string, namespace: string, limit: number): Promise<Admission> {
    const key = `${kind}\u0000${namespace}`;
    return this.admit(this.shareOf(kind, namespace, limit), () => this.local.sum(key), () => this.countRate(key, this.shares.get(key)!));
  }

  /** Admits one more in-flight `kind` (`inflight`) for `namespace`, `current()` being this controller's count. */
  admitGauge(kind: string, namespace: string, limit: number, current: () => number): Promise<Admission> {
    const share = this.shareOf(kind, namespace, limit);
    share.gauge = current;
    return this.admit(share, current, () => undefined);
  }

  private async admit(s: Share, own: () => number, count: () => void): Promise<Admission> {
    s.lastUsed = Date.now();
    // While PostgreSQL is away no admission waits for it: each controller holds the limit with the others' last counts.
    if (s.lastUsed - s.syncedAt > STALE_MS && !this.failing) await this.syncSoon();
    for (let attempt = 0; ; attempt++) {
      const total = own() + s.others;
      if (total >= s.limit) return { admitted: false, count: total + 1 };
      if (s.used < s.allowance || this.failing) {
        s.used++;
        count();
        return { admitted: true };
      }
      if (attempt > 0) return { admitted: false, count: total + 1 };
      await this.syncSoon();
    }
  }

  private countRate(key: string, s: Share): void {
    const now = Date.now();
    this.local.hit(key, now);
    const second = Math.floor(now / 1000);
    s.pending.set(second, (s.pending.get(second) ?? 0) + 1);
  }

  private shareOf(kind: string, namespace: string, limit: number): Share {
    const key = `${kind}\u0000${namespace}`;
    let s = this.shares.get(key);
    if (!s) {
      s = { namespace, kind, limit, pending: new Map(), others: 0, allowance: 0, used: 0, syncedAt: 0, lastUsed: 0, lastGauge: 0 };
      this.shares.set(key, s);
    }
    s.limit = limit;
    return s;
  }

  /** The next sync to start from now (one runs at a time; callers meanwhile share the one queued after it). */
  private syncSoon(): Promise<void> {
    if (!this.running) {
      this.running = this.sync().finally(() => (this.running = undefined));
      return this.running;
    }
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.syncSoon();
    });
    return this.queued;
  }

  /**
   * One exchange: write this controller's new admissions, read the others' counts and claims, recompute this
   * controller's shares, then write its claims: the share just taken (plus, for in-flight limits, what runs here)
   * when this controller is using it, so a controller reading next leaves it alone; an idle one claims only what runs.
   */
  private async sync(): Promise<void> {
    const now = Date.now();
    const shares = [...this.shares.entries()];
    // Used since the last sync, or just asked for (a first admission waits for this sync): its share will be spent.
    const busy = new Map(shares.map(([key, s]) => [key, s.used > 0 || now - s.lastUsed <= 2 * SYNC_INTERVAL_MS]));
    const sent = shares.map(([, s]) => new Map(s.pending));
    for (const [, s] of shares) s.pending.clear();
    try {
      const counted: CountDelta[] = [];
      shares.forEach(([, s], i) => sent[i].forEach((count, second) => counted.push({ namespace: s.namespace, kind: s.kind, second, count })));
      await this.store.write(this.config.controllerId, counted, now);
      sent.forEach((m) => m.clear());
      const others = await this.store.others(this.config.controllerId, [...new Set(shares.map(([, s]) => s.namespace))], now, MINUTE_WINDOW_S);
      this.live = await this.store.liveControllers(this.config.controllerId, now);
      const byKey = new Map(others.map((o) => [`${o.kind}\u0000${o.namespace}`, o.total]));
      const claims: CountDelta[] = [];
      for (const [key, s] of shares) {
        s.others = byKey.get(key) ?? 0;
        this.reshare(key, s, now);
        const claim = (s.gauge?.() ?? 0) + (busy.get(key) ? s.allowance : 0);
        if (claim > 0 || s.lastGauge > 0) claims.push({ namespace: s.namespace, kind: s.kind, second: 0, count: claim });
        s.lastGauge = claim;
      }
      if (claims.length > 0) await this.store.write(this.config.controllerId, claims, now);
      if (now - this.lastSweep > SWEEP_EVERY_MS) {
        this.lastSweep = now;
        await this.store.sweep(now, MINUTE_WINDOW_S);
      }
      if (this.failing) this.logger.log('throttle counters: PostgreSQL answers again');
      this.failing = false;
    } catch (e) {
      // Nothing is lost: unsent admissions are sent with the next sync.
      shares.forEach(([, s], i) => sent[i].forEach((n, second) => s.pending.set(second, (s.pending.get(second) ?? 0) + n)));
      for (const [key, s] of shares) this.reshare(key, s, now);
      if (!this.failing) this.logger.warn(`throttle counters: cannot sync with PostgreSQL (${(e as Error).message}); limits hold per controller until it answers`);
      this.failing = true;
    }
    for (const [key, s] of shares) {
      if (now - s.lastUsed > IDLE_MS && (s.gauge?.() ?? 0) === 0 && s.pending.size === 0 && s.lastGauge === 0) {
        this.shares.delete(key);
        this.local.drop(key);
      }
    }
  }

  /** This controller's share until the next sync: what is left of the limit, split over the live controllers. */
  private reshare(key: string, s: Share, now: number): void {
    const own = s.gauge ? s.gauge() : this.local.sum(key, now);
    const left = s.limit - own - s.others;
    s.allowance = left > 0 ? Math.ceil(left / this.live) : 0;
    s.used = 0;
    s.syncedAt = now;
  }
}
