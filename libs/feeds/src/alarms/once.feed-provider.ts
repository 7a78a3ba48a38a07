import { FeedProviderKind } from '../feed-provider.decorator';
import { type FeedEventMeta, FeedValidationError } from '../feed-provider';
import { parseFutureDate, parsePayload } from './alarm-params';
import { TimerFeedProvider, type TimerState } from './timer.feed-provider';

/** Stored config of `/whisk.system/alarms/once`. */
export interface OnceConfig {
  date: number;
  /** After the fire: keep the trigger (false), delete it (true), or delete it and its rules ('rules'). */
  deleteAfterFire: boolean | 'rules';
  payload: Record<string, unknown>;
}

/** `once`: fires a single time at `date`; a date that passed while no process ran it fires as soon as one does. */
@FeedProviderKind('once')
export class OnceFeedProvider extends TimerFeedProvider<OnceConfig> {
  readonly kind = 'once';

  validate(params: Record<string, unknown>): OnceConfig {
    if (params.date === undefined || params.date === null || params.date === '') throw new FeedValidationError('date is required: when to fire (ISO 8601 or epoch ms)');
    const date = parseFutureDate('date', params.date, Date.now())!;
    return { date, deleteAfterFire: parseDeleteAfterFire(params.deleteAfterFire), payload: parsePayload(params.trigger_payload) };
  }

  protected nextFire(config: OnceConfig, state: TimerState): number | undefined {
    return state.fired > 0 ? undefined : config.date;
  }

  protected finishedReason(): string {
    return 'fired once';
  }

  protected lastEventMeta(config: OnceConfig): Partial<FeedEventMeta> {
    return config.deleteAfterFire ? { deleteTrigger: config.deleteAfterFire } : {};
  }
}

function parseDeleteAfterFire(value: unknown): boolean | 'rules' {
  if (value === undefined || value === null || value === '' || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  if (value === 'rules') return 'rules';
  throw new FeedValidationError(`deleteAfterFire must be false, true or "rules", got ${JSON.stringify(value)}`);
}
