import { ForbiddenError, NotFoundError, ServiceUnavailableError, TooManyRequestsError, UnauthorizedError, BadRequestError } from '@wisp/core';
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
    expect(classifyFireError(new BadRequestError('bad event'), '/ns/t').kind).toBe('disable');
  });
});
