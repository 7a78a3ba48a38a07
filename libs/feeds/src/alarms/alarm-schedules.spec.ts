import { AlarmFeedProvider, cronTimesAfter } from './alarm.feed-provider';
import { IntervalFeedProvider } from './interval.feed-provider';
import { OnceFeedProvider } from './once.feed-provider';
import { testConnector } from '../testing/test-egress';

/** Reaches the protected schedule of a timer provider. */
const next = (p: object, config: unknown, state: { fired: number; lastFiredAt?: number }, now: number): number | undefined =>
  (p as { nextFire(c: unknown, s: unknown, n: number): number | undefined }).nextFire(config, state, now);

const T = Date.parse('2030-05-01T10:00:00.000Z');

describe('alarm schedule', () => {
  const alarm = new AlarmFeedProvider();

  it('computes cron times after any instant, in a time zone, with 5 or 6 fields', () => {
    expect(cronTimesAfter({ cron: '*/15 * * * *' }, T, 2)).toEqual([T + 15 * 60_000, T + 30 * 60_000]);
    expect(cronTimesAfter({ cron: '* * * * * *' }, T + 200, 1)).toEqual([T + 1000]);
    expect(new Date(cronTimesAfter({ cron: '0 9 * * *', timezone: 'America/New_York' }, T, 1)[0]).toISOString()).toBe('2030-05-01T13:00:00.000Z');
  });

  it('keeps each wall-clock time once across DST changes', () => {
    const ny = (cron: string, from: string, n: number) => cronTimesAfter({ cron, timezone: 'America/New_York' }, Date.parse(from), n).map((t) => new Date(t).toISOString());
    // 2030-03-10 02:30 does not exist in New York: that day fires after the gap, then back to 02:30 EDT.
    expect(ny('30 2 * * *', '2030-03-09T12:00:00Z', 3)).toEqual(['2030-03-10T07:30:00.000Z', '2030-03-11T06:30:00.000Z', '2030-03-12T06:30:00.000Z']);
    // 2030-11-03 01:30 happens twice: it fires on the first (EDT) only.
    expect(ny('30 1 * * *', '2030-11-02T12:00:00Z', 2)).toEqual(['2030-11-03T05:30:00.000Z', '2030-11-04T06:30:00.000Z']);
    // A 30-minute schedule keeps real 30-minute steps through the repeated hour.
    const steps = cronTimesAfter({ cron: '*/30 * * * *', timezone: 'America/New_York' }, Date.parse('2030-11-03T04:45:00Z'), 6);
    expect(steps.slice(1).map((t, i) => t - steps[i])).toEqual(Array(5).fill(30 * 60_000));
  });

  it('reads a sixth field as seconds first', () => {
    expect(cronTimesAfter({ cron: '15 */20 * * * *' }, T, 3)).toEqual([T + 15_000, T + 20 * 60_000 + 15_000, T + 40 * 60_000 + 15_000]);
    expect(cronTimesAfter({ cron: '0 0 12 * * 1' }, T, 1)).toEqual([Date.parse('2030-05-06T12:00:00.000Z')]);
  });

  it('refuses expressions that never match as validation errors', () => {
    expect(() => alarm.validate({ cron: '0 0 30 2 *' })).toThrow(/cron/);
    expect(() => alarm.validate({ cron: '60 * * * *' })).toThrow(/cron/);
  });

  it('skips ticks at or before the last fired one and never replays missed ticks', () => {
    const config = alarm.validate({ cron: '* * * * * *' });
    expect(next(alarm, config, { fired: 3, lastFiredAt: T + 5000 }, T)).toBe(T + 6000);
    // Down from T to T+60 s: the next tick is after now, not the missed ones.
    expect(next(alarm, config, { fired: 3, lastFiredAt: T }, T + 60_500)).toBe(T + 61_000);
  });

  it('honours maxTriggers, startDate and stopDate', () => {
    const base = { cron: '* * * * * *', payload: {} };
    expect(next(alarm, { ...base, maxTriggers: 2 }, { fired: 2 }, T)).toBeUndefined();
    expect(next(alarm, { ...base, startDate: T + 10_000 }, { fired: 0 }, T)).toBe(T + 10_000);
    expect(next(alarm, { ...base, stopDate: T + 1000 }, { fired: 0 }, T)).toBeUndefined();
  });

  it('wraps a string payload and refuses maxTriggers with stopDate', () => {
    expect(alarm.validate({ cron: '* * * * *', trigger_payload: 'hi' }).payload).toEqual({ payload: 'hi' });
    expect(() => alarm.validate({ cron: '* * * * *', maxTriggers: 3, stopDate: Date.now() + 3_600_000 })).toThrow(/maxTriggers/);
  });
});

describe('interval schedule', () => {
  const interval = new IntervalFeedProvider();
  const config = { minutes: 5, anchor: T, payload: {} };

  it('fires at the anchor (startDate), then every interval, resuming after the last fire', () => {
    expect(next(interval, config, { fired: 0 }, T - 1000)).toBe(T);
    expect(next(interval, config, { fired: 1, lastFiredAt: T }, T + 10)).toBe(T + 300_000);
    expect(next(interval, config, { fired: 1, lastFiredAt: T }, T + 3_600_000 + 1)).toBe(T + 3_900_000);
    expect(next(interval, { ...config, stopDate: T + 300_000 }, { fired: 1, lastFiredAt: T }, T + 10)).toBeUndefined();
  });

  it('anchors at creation when no startDate is given', async () => {
    const created = await interval.create({ id: 'x', target: { namespace: 'n', name: 't', ownerUuid: 'u' }, config: interval.validate({ minutes: 2 }), egress: testConnector() });
    expect(Math.abs(created.anchor! - Date.now())).toBeLessThan(1000);
    expect(next(interval, created, { fired: 0 }, Date.now())).toBe(created.anchor! + 120_000);
  });
});

describe('once schedule', () => {
  const once = new OnceFeedProvider();

  it('fires an overdue date once, and never again after it fired', () => {
    const config = { date: T, deleteAfterFire: false, payload: {} };
    expect(next(once, config, { fired: 0 }, T + 3_600_000)).toBe(T);
    expect(next(once, config, { fired: 1, lastFiredAt: T }, T + 1)).toBeUndefined();
  });

  it('parses deleteAfterFire', () => {
    const date = Date.now() + 60_000;
    expect(once.validate({ date, deleteAfterFire: 'rules' }).deleteAfterFire).toBe('rules');
    expect(once.validate({ date, deleteAfterFire: 'true' }).deleteAfterFire).toBe(true);
    expect(once.validate({ date }).deleteAfterFire).toBe(false);
  });
});
