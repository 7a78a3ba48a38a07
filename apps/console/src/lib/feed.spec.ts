import { feedActionOf, feedInvocation, feedSummary, githubHookToPaste } from './feed';

describe('feed status', () => {
  it('finds the feed action of a trigger from its feed annotation', () => {
    expect(feedActionOf({ namespace: 'g', name: 't', annotations: [{ key: 'feed', value: '/whisk.system/alarms/alarm' }] })).toBe('/whisk.system/alarms/alarm');
    expect(feedActionOf({ namespace: 'g', name: 't', annotations: [{ key: 'feed', value: 7 }] })).toBeUndefined();
    expect(feedActionOf({ namespace: 'g', name: 't' })).toBeUndefined();
  });

  it('maps READ to active, paused or disabled with the reason', () => {
    const action = '/whisk.system/mqtt/subscribe';
    expect(feedSummary(action, { config: { kind: 'mqtt' }, status: { active: true, firedCount: 4, lastFiredAt: '2026-01-01T00:00:00.000Z' } })).toMatchObject({
      kind: 'mqtt',
      state: 'active',
      firedCount: 4,
      lastFiredAt: '2026-01-01T00:00:00.000Z',
      path: { namespace: 'whisk.system', pkg: 'mqtt', name: 'subscribe' },
    });
    expect(feedSummary(action, { status: { active: false, reason: 'paused' } })).toMatchObject({ state: 'paused' });
    expect(feedSummary(action, { status: { active: false, reason: 'paused' } }).reason).toBeUndefined();
    expect(feedSummary(action, { status: { active: false, reason: 'the trigger was deleted' } })).toMatchObject({ state: 'disabled', reason: 'the trigger was deleted' });
    expect(feedSummary(action).state).toBe('unknown');
  });

  it('builds the protocol body wsk sends, whatever the user parameters hold', () => {
    expect(feedInvocation('CREATE', '/guest/t', 'k:s', { cron: '* * * * *', lifecycleEvent: 'DELETE', authKey: 'x' })).toEqual({ cron: '* * * * *', lifecycleEvent: 'CREATE', triggerName: '/guest/t', authKey: 'k:s' });
  });

  it('shows a GitHub hook to paste only when READ has its URL', () => {
    expect(githubHookToPaste({ config: { secret: 'abcdefgh' }, details: { webhookUrl: 'http://h/api/v1/feeds/github/1' } })).toEqual({ url: 'http://h/api/v1/feeds/github/1', secret: 'abcdefgh' });
    expect(githubHookToPaste({ details: { hook: 1 } })).toBeUndefined();
    expect(githubHookToPaste(undefined)).toBeUndefined();
  });
});
