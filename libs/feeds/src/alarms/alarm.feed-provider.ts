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
 * `alarm`: fires on a cron schedule (5 fields, or 6 with seconds first) evaluated by node-cron in `timezone`
 * (default UTC), between `startDate` and `stopDate`, at most `maxTriggers` times.
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
    const first = cronTimesAfter(config, Math.max(now, (config.startDate ?? 0) - 1), 1)[0];
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

interface CronMatcher {
  getNextMatch(after: Date): Date;
}

/** Parsed schedules by `timezone|cron`, shared by every subscription with the same expression. */
const matchers = new Map<string, CronMatcher>();

/**
 * node-cron's matcher for an expression: the task's `timeMatcher` computes the next match after any date (its public
 * `getNextRuns` only counts from now). The task itself is never started and is destroyed at once.
 */
function matcherOf(config: Pick<AlarmConfig, 'cron' | 'timezone'>): CronMatcher {
  const key = `${config.timezone ?? 'UTC'}|${config.cron}`;
  let m = matchers.get(key);
  if (!m) {
    const task = cron.createTask(config.cron, () => undefined, { timezone: config.timezone ?? 'UTC' });
    const inner = (task as unknown as { timeMatcher?: CronMatcher }).timeMatcher;
    void task.destroy();
    if (!inner || typeof inner.getNextMatch !== 'function') throw new Error('node-cron no longer exposes its time matcher: pin node-cron 4.x');
    m = inner;
    if (matchers.size > 10_000) matchers.clear();
    matchers.set(key, m);
  }
  return m;
}

/** The first `count` cron times strictly after `after`, epoch ms. */
export function cronTimesAfter(config: Pick<AlarmConfig, 'cron' | 'timezone'>, after: number, count: number): number[] {
  const m = matcherOf(config);
  const out: number[] = [];
  let from = new Date(after);
  while (out.length < count) {
    from = m.getNextMatch(from);
    if (from.getTime() <= after) from = new Date(after + 1000);
    else out.push(from.getTime());
  }
  return out;
}
