import { CronExpressionParser } from 'cron-parser';
import cron from 'node-cron';
import { FeedProviderKind } from '../feed-provider.decorator';
import { FeedValidationError } from '../feed-provider';
import { parsePayload, parsePositiveInteger, parseTimezone, parseWindow } from './alarm-params';
import { TimerFeedProvider, type TimerState } from './timer.feed-provider';

/** Stored config of `/whisk.system/alarms/alarm`. */
export interface AlarmConfig {
  cron: string;
  timezone?: string;
  startDate?: number;
  stopDate?: number;
  maxTriggers?: number;
  payload: Record<string, unknown>;
}

/**
 * `alarm`: fires on a cron schedule (5 fields, or 6 with seconds first) in `timezone` (default UTC), between
 * `startDate` and `stopDate`, at most `maxTriggers` times. node-cron validates the expression and cron-parser computes
 * its times, both through their public APIs.
 */
@FeedProviderKind('alarm')
export class AlarmFeedProvider extends TimerFeedProvider<AlarmConfig> {
  readonly kind = 'alarm';

  validate(params: Record<string, unknown>): AlarmConfig {
    const expr = params.cron;
    if (typeof expr !== 'string' || expr.trim() === '') throw new FeedValidationError('cron is required: a cron expression with 5 fields, or 6 with seconds first');
    const check = cron.validateDetailed(expr.trim());
    if (!check.valid) throw new FeedValidationError(`cron is not a valid cron expression '${expr}': ${check.errors.map((e) => e.message).join('; ')}`);
    const timezone = parseTimezone(params.timezone);
    const now = Date.now();
    const window = parseWindow(params, now);
    const maxTriggers = parseMaxTriggers(params.maxTriggers);
    if (maxTriggers !== undefined && window.stopDate !== undefined) throw new FeedValidationError('maxTriggers cannot be combined with stopDate');
    const config: AlarmConfig = { cron: expr.trim(), ...(timezone ? { timezone } : {}), ...window, ...(maxTriggers !== undefined ? { maxTriggers } : {}), payload: parsePayload(params.trigger_payload) };
    const first = firstTimeOf(config, Math.max(now, (config.startDate ?? 0) - 1));
    if (first === undefined || (config.stopDate !== undefined && first >= config.stopDate)) throw new FeedValidationError('cron never fires before stopDate');
    return config;
  }

  protected nextFire(config: AlarmConfig, state: TimerState, now: number): number | undefined {
    if (config.maxTriggers !== undefined && state.fired >= config.maxTriggers) return undefined;
    const after = Math.max(now, state.lastFiredAt ?? 0, (config.startDate ?? 0) - 1);
    const next = cronTimesAfter(config, after, 1)[0];
    if (next === undefined || (config.stopDate !== undefined && next >= config.stopDate)) return undefined;
    return next;
  }

  protected finishedReason(config: AlarmConfig, state: TimerState): string {
    if (config.maxTriggers !== undefined && state.fired >= config.maxTriggers) return `maxTriggers (${config.maxTriggers}) reached`;
    return `stopDate ${new Date(config.stopDate ?? 0).toISOString()} reached`;
  }
}

/** `maxTriggers`: a positive integer; -1 (OpenWhisk's "unlimited") means no limit. */
function parseMaxTriggers(value: unknown): number | undefined {
  if (value === -1 || value === '-1') return undefined;
  return parsePositiveInteger('maxTriggers', value);
}

/** The first time of a validated expression, or a validation error when cron-parser cannot schedule it. */
function firstTimeOf(config: AlarmConfig, after: number): number {
  try {
    return cronTimesAfter(config, after, 1)[0];
  } catch (e) {
    throw new FeedValidationError(`cron cannot be scheduled '${config.cron}': ${(e as Error).message}`);
  }
}

/**
 * The first `count` cron times strictly after `after`, epoch ms. Across a DST change each wall-clock time fires once:
 * a time skipped by spring-forward fires at the first instant after the gap, a repeated one on its first occurrence.
 */
export function cronTimesAfter(config: Pick<AlarmConfig, 'cron' | 'timezone'>, after: number, count: number): number[] {
  const schedule = CronExpressionParser.parse(config.cron, { currentDate: new Date(after), tz: config.timezone ?? 'UTC' });
  const out: number[] = [];
  while (out.length < count) {
    const at = schedule.next().getTime();
    if (at > after) out.push(at);
  }
  return out;
}
