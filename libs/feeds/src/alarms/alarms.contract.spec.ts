import { describeFeedProviderContract } from '../testing/feed-provider.contract';
import { AlarmFeedProvider } from './alarm.feed-provider';
import { IntervalFeedProvider } from './interval.feed-provider';
import { OnceFeedProvider } from './once.feed-provider';

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

describeFeedProviderContract('alarm', () => ({
  provider: new AlarmFeedProvider(),
  validParams: () => ({ cron: '* * * * * *', trigger_payload: 'tick' }),
  invalidParams: [
    { params: {}, names: 'cron' },
    { params: { cron: 'not a cron' }, names: 'cron' },
    { params: { cron: '61 * * * *' }, names: 'cron' },
    { params: { cron: '* * * * *', timezone: 'Mars/Olympus' }, names: 'timezone' },
    { params: { cron: '* * * * *', startDate: '2001-01-01T00:00:00Z' }, names: 'startDate' },
    { params: { cron: '* * * * *', stopDate: 'yesterday' }, names: 'stopDate' },
    { params: { cron: '* * * * *', maxTriggers: 0 }, names: 'maxTriggers' },
    { params: { cron: '* * * * *', trigger_payload: 5 }, names: 'trigger_payload' },
  ],
}));

describeFeedProviderContract('once', () => ({
  provider: new OnceFeedProvider(),
  validParams: () => ({ date: inSeconds(1), trigger_payload: { a: 1 } }),
  invalidParams: [
    { params: {}, names: 'date' },
    { params: { date: 'soon' }, names: 'date' },
    { params: { date: '2001-01-01T00:00:00Z' }, names: 'date' },
    { params: { date: inSeconds(60), deleteAfterFire: 'maybe' }, names: 'deleteAfterFire' },
  ],
}));

describeFeedProviderContract('interval', () => ({
  provider: new IntervalFeedProvider(),
  // The first fire is at startDate; the pause test's quiet time ends before it (a missed tick is never replayed).
  validParams: () => ({ minutes: 1, startDate: inSeconds(2) }),
  quietMs: 1000,
  invalidParams: [
    { params: {}, names: 'minutes' },
    { params: { minutes: 0 }, names: 'minutes' },
    { params: { minutes: 1.5 }, names: 'minutes' },
    { params: { minutes: 'ten' }, names: 'minutes' },
    { params: { minutes: 1, startDate: inSeconds(120), stopDate: inSeconds(60) }, names: 'stopDate' },
  ],
}));
