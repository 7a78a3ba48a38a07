import { FeedRequestError, parseFeedRequest } from './feed-request';

describe('parseFeedRequest', () => {
  it('splits protocol fields from user parameters and resolves _', () => {
    expect(parseFeedRequest({ lifecycleEvent: 'CREATE', triggerName: '/_/t1', authKey: 'u:k', cron: '* * * * *' }, 'me')).toEqual({
      event: 'CREATE',
      namespace: 'me',
      name: 't1',
      authKey: 'u:k',
      params: { cron: '* * * * *' },
    });
    expect(parseFeedRequest({ lifecycleEvent: 'read', triggerName: 'other/t2', authKey: 'u:k' }, 'me')).toMatchObject({ event: 'READ', namespace: 'other', name: 't2' });
    expect(parseFeedRequest({ lifecycleEvent: 'DELETE', triggerName: 't3', authKey: 'u:k' }, 'me')).toMatchObject({ namespace: 'me', name: 't3' });
  });

  it('names what is wrong', () => {
    expect(() => parseFeedRequest({ lifecycleEvent: 'FIRE', triggerName: '/a/b', authKey: 'k' }, 'me')).toThrow(/lifecycleEvent/);
    expect(() => parseFeedRequest({ lifecycleEvent: 'CREATE', authKey: 'k' }, 'me')).toThrow(/triggerName/);
    expect(() => parseFeedRequest({ lifecycleEvent: 'CREATE', triggerName: '/a/b/c', authKey: 'k' }, 'me')).toThrow(FeedRequestError);
    expect(() => parseFeedRequest({ lifecycleEvent: 'CREATE', triggerName: '/a/b' }, 'me')).toThrow(/authKey/);
  });
});
