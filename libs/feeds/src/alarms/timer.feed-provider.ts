import { Logger } from '@nestjs/common';
import type { FeedDetails, FeedEmitter, FeedEventMeta, FeedProvider, FeedReporter, FeedSubscription } from '../feed-provider';
import { alarmEvent } from './alarm-params';

/** What a timer subscription has done so far (from the runner's persisted progress, then kept locally). */
export interface TimerState {
  /** Accepted fires. */
  fired: number;
  /** Scheduled time of the last fire, epoch ms. */
  lastFiredAt?: number;
}

/** Longest single `setTimeout` (Node caps delays at 2^31-1 ms); longer waits re-arm. */
const MAX_DELAY_MS = 2 ** 31 - 1;

interface Running {
  timer?: NodeJS.Timeout;
  stopped: boolean;
  state: TimerState;
  inFlight: Set<Promise<void>>;
}

/**
 * Shared engine of the alarms providers: one timer per started subscription, armed for the next scheduled time the
 * subclass computes. Missed-tick policy (documented in the README): a schedule resumes at its next time after
 * max(now, last fired) — ticks that passed while no process ran the subscription are not replayed — except a
 * `once` whose date passed unfired, which fires once when started.
 */
export abstract class TimerFeedProvider<C extends { payload: Record<string, unknown> }> implements FeedProvider<C> {
  abstract readonly kind: string;
  protected readonly logger = new Logger(this.constructor.name);
  private readonly running = new Map<string, Running>();

  abstract validate(params: Record<string, unknown>): C;

  /**
   * The next scheduled time after `state` (may be ≤ `now` when a fire is overdue and must happen at once), or
   * undefined when the schedule has nothing left.
   */
  protected abstract nextFire(config: C, state: TimerState, now: number): number | undefined;

  /** Why nothing is left to fire (stored as the subscription's reason). */
  protected abstract finishedReason(config: C, state: TimerState): string;

  /** Extra facts for the last event (e.g. `deleteTrigger` of `once`). */
  protected lastEventMeta(_config: C): Partial<FeedEventMeta> {
    return {};
  }

  async create(sub: FeedSubscription<C>): Promise<C> {
    return sub.config;
  }

  async read(sub: FeedSubscription<C>): Promise<FeedDetails> {
    const next = this.nextFire(sub.config, sub.progress ?? { fired: 0 }, Date.now());
    return { nextScheduledTime: next === undefined ? null : new Date(next).toISOString() };
  }

  async update(_sub: FeedSubscription<C>, next: C): Promise<C> {
    return next;
  }

  async delete(sub: FeedSubscription<C>): Promise<void> {
    await this.stop(sub);
  }

  async pause(sub: FeedSubscription<C>): Promise<void> {
    await this.stop(sub);
  }

  async resume(): Promise<void> {
    // Timers live only while started; the runner starts the subscription again.
  }

  async start(sub: FeedSubscription<C>, emit: FeedEmitter, report: FeedReporter): Promise<void> {
    await this.stop(sub);
    const run: Running = { stopped: false, state: { fired: sub.progress?.fired ?? 0, lastFiredAt: sub.progress?.lastFiredAt }, inFlight: new Set() };
    this.running.set(sub.id, run);
    this.arm(sub, run, emit, report);
  }

  async stop(sub: FeedSubscription<C>): Promise<void> {
    const run = this.running.get(sub.id);
    if (!run) return;
    run.stopped = true;
    clearTimeout(run.timer);
    this.running.delete(sub.id);
    await Promise.allSettled([...run.inFlight]);
  }

  /** Number of subscriptions with an armed timer in this process. */
  get activeCount(): number {
    return this.running.size;
  }

  private arm(sub: FeedSubscription<C>, run: Running, emit: FeedEmitter, report: FeedReporter): void {
    if (run.stopped) return;
    const at = this.nextFire(sub.config, run.state, Date.now());
    if (at === undefined) {
      report(this.finishedReason(sub.config, run.state), { done: true });
      return;
    }
    const delay = at - Date.now();
    if (delay > MAX_DELAY_MS) {
      run.timer = setTimeout(() => this.arm(sub, run, emit, report), MAX_DELAY_MS);
      return;
    }
    run.timer = setTimeout(() => this.fire(sub, run, at, emit, report), Math.max(0, delay));
  }

  private fire(sub: FeedSubscription<C>, run: Running, at: number, emit: FeedEmitter, report: FeedReporter): void {
    if (run.stopped) return;
    run.state = { fired: run.state.fired + 1, lastFiredAt: at };
    const last = this.nextFire(sub.config, run.state, at) === undefined;
    const meta: FeedEventMeta = { scheduledAt: at, ...(last ? { last: true, ...this.lastEventMeta(sub.config) } : {}) };
    // Emit in the background so a slow, retried fire never delays the next tick.
    const p = emit(alarmEvent(sub.config.payload, at), meta)
      .catch((e: Error) => {
        this.logger.warn(`${this.kind} ${sub.target.namespace}/${sub.target.name}: fire at ${new Date(at).toISOString()} not accepted: ${e.message}`);
        if (!run.stopped) report(`fire at ${new Date(at).toISOString()} failed: ${e.message}`);
      })
      .finally(() => run.inFlight.delete(p));
    run.inFlight.add(p);
    if (!last) this.arm(sub, run, emit, report);
  }
}
