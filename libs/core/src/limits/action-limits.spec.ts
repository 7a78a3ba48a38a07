import { BadRequestError } from '../errors';
import { DEFAULT_ACTION_LIMITS, resolveActionLimits } from './action-limits';

describe('resolveActionLimits', () => {
  it('fills defaults and keeps unspecified fields of the base on update', () => {
    expect(resolveActionLimits(undefined)).toEqual({ timeout: 60000, memory: 256, logs: 10, concurrency: 1 });
    expect(resolveActionLimits({ memory: 128 }, { ...DEFAULT_ACTION_LIMITS, timeout: 5000 })).toEqual({ timeout: 5000, memory: 128, logs: 10, concurrency: 1 });
  });

  it.each([
    [{ memory: 1024 }, 'memory 1024 MB exceeds allowed threshold of 512 MB'],
    [{ memory: 64 }, 'memory 64 MB below allowed threshold of 128 MB'],
    [{ timeout: 50 }, 'timeout 50 milliseconds below allowed threshold of 100 milliseconds'],
    [{ timeout: 300001 }, 'timeout 300001 milliseconds exceeds allowed threshold of 300000 milliseconds'],
    [{ logs: 11 }, 'logs 11 MB exceeds allowed threshold of 10 MB'],
    [{ concurrency: 2 }, 'concurrency 2 exceeds allowed threshold of 1'],
  ])('rejects %p with OpenWhisk text', (limits, text) => {
    expect(() => resolveActionLimits(limits)).toThrow(text);
  });

  it('rejects non-integers and non-objects', () => {
    expect(() => resolveActionLimits({ memory: '256' })).toThrow(BadRequestError);
    expect(() => resolveActionLimits({ timeout: 1.5 })).toThrow(BadRequestError);
    expect(() => resolveActionLimits([1])).toThrow(BadRequestError);
  });
});
