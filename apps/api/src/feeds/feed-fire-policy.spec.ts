import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, PayloadTooLargeError, ServiceUnavailableError, TooManyRequestsError, UnauthorizedError } from '@wisp/core';
import { classifyFireError } from './feed-fire-policy';

describe('classifyFireError', () => {
  it('retries throttles, server errors and unknown failures', () => {
    expect(classifyFireError(new TooManyRequestsError('slow down'), '/ns/t').kind).toBe('retry');
    expect(classifyFireError(new ServiceUnavailableError('no invoker'), '/ns/t').kind).toBe('retry');
    expect(classifyFireError(new Error('socket hang up'), '/ns/t').kind).toBe('retry');
  });

  it('disables on a missing trigger or a revoked key, naming the reason', () => {
    expect(classifyFireError(new NotFoundError('gone'), '/ns/t')).toEqual({ kind: 'disable', reason: expect.stringContaining('/ns/t no longer exists') });
    expect(classifyFireError(new UnauthorizedError('bad key'), '/ns/t').kind).toBe('disable');
    expect(classifyFireError(new ForbiddenError('not yours'), '/ns/t').kind).toBe('disable');
    expect(classifyFireError(new ConflictError('odd'), '/ns/t').kind).toBe('disable');
  });

  it('refuses one event whose content is unusable, keeping the feed active', () => {
    expect(classifyFireError(new PayloadTooLargeError('The event is nested deeper than 100 levels.'), '/ns/t')).toEqual({
      kind: 'refuse',
      reason: 'An event for /ns/t was refused and not fired (413: The event is nested deeper than 100 levels.); the feed stays active.',
    });
    expect(classifyFireError(new BadRequestError('bad event'), '/ns/t').kind).toBe('refuse');
  });
});
