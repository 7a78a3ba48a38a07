import { BadRequestError, Messages } from '@wisp/core';
import { parseTriggerPut } from './trigger-put';

describe('parseTriggerPut', () => {
  it('keeps absent fields undefined and limits as given', () => {
    expect(parseTriggerPut({}, 'guest')).toEqual({ version: undefined, publish: undefined, annotations: undefined, parameters: undefined, limits: undefined });
    expect(parseTriggerPut({ limits: { any: 1 } }, 'guest').limits).toEqual({ any: 1 });
    expect(parseTriggerPut({ limits: null }, 'guest').limits).toBeUndefined();
  });

  it('rejects limits that are not an object', () => {
    expect(() => parseTriggerPut({ limits: [1] }, 'guest')).toThrow(BadRequestError);
    expect(() => parseTriggerPut({ limits: 5 }, 'guest')).toThrow(BadRequestError);
  });

  it.each(['/whisk.system/alarms/alarm', 'whisk.system/alarms/alarm', '/_/myfeed', '/guest/feed'])('accepts the feed %j', (feed) => {
    const b = parseTriggerPut({ annotations: [{ key: 'feed', value: feed }] }, 'guest');
    expect(b.annotations).toEqual([{ key: 'feed', value: feed }]);
  });

  it.each(['alarm', '/alarm', 'alarms/alarm', '', 42, true, '/a/b/c/d', '/bad name!/x'])('rejects the feed %j', (feed) => {
    expect(() => parseTriggerPut({ annotations: [{ key: 'feed', value: feed }] }, 'guest')).toThrow(new BadRequestError(Messages.feedNameInvalid));
  });
});
