import { FeedProviderKind } from '../feed-provider.decorator';
import { type FeedSubscription, FeedValidationError } from '../feed-provider';
import { parsePayload, parsePositiveInteger, parseWindow } from './alarm-params';
import { TimerFeedProvider, type TimerState } from './timer.feed-provider';

/** Stored config of `/whisk.system/alarms/interval`. */
export interface IntervalConfig {
  minutes: number;
  startDate?: number;
  stopDate?: number;
  /** Time the schedule counts from: `startDate`, else the creation time (set by `create`). */
  anchor?: number;
  payload: Record<string, unknown>;
}

const MINUTE_MS = 60_000;

/**
 * `interval`: fires every `minutes` (an integer, as OpenWhisk) at anchor + k·minutes, where the anchor is `startDate`
 * (the first fire) or the creation time (first fire one interval later); never at or after `stopDate`.
 */
@FeedProviderKind('interval')
export class IntervalFeedProvider extends TimerFeedProvider<IntervalConfig> {
  readonly kind = 'interval';

  validate(params: Record<string, unknown>): IntervalConfig {
    if (params.minutes === undefined || params.minutes === null || params.minutes === '') throw new FeedValidationError('minutes is required: the interval in minutes, an integer greater than 0');
    const minutes = parsePositiveInteger('minutes', params.minutes)!;
    return { minutes, ...parseWindow(params, Date.now()), payload: parsePayload(params.trigger_payload) };
  }

  async create(sub: FeedSubscription<IntervalConfig>): Promise<IntervalConfig> {
    return { ...sub.config, anchor: sub.config.startDate ?? sub.config.anchor ?? Date.now() };
  }

  async update(_sub: FeedSubscription<IntervalConfig>, next: IntervalConfig): Promise<IntervalConfig> {
    return { ...next, anchor: next.startDate ?? Date.now() };
  }

  protected nextFire(config: IntervalConfig, state: TimerState, now: number): number | undefined {
    const anchor = config.anchor ?? config.startDate ?? now;
    const period = config.minutes * MINUTE_MS;
    const after = Math.max(now, state.lastFiredAt ?? -Infinity);
    const k = after < anchor ? 0 : Math.floor((after - anchor) / period) + 1;
    const next = anchor + k * period;
    if (config.stopDate !== undefined && next >= config.stopDate) return undefined;
    return next;
  }

  protected finishedReason(config: IntervalConfig): string {
    return `stopDate ${new Date(config.stopDate ?? 0).toISOString()} reached`;
  }
}
