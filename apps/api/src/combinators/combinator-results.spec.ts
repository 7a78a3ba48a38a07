import { ActivationStatus } from '@wisp/core';
import { catchArgs, errorOf, forwardedResult, logLine, passThrough } from './combinator-results';

describe('combinator results', () => {
  it('takes the error field of a failed result, else the whole result', () => {
    expect(errorOf({ statusCode: 1, result: { error: 'boom', code: 7 } })).toBe('boom');
    expect(errorOf({ statusCode: 1, result: { error: { reason: 'x' } } })).toEqual({ reason: 'x' });
    expect(errorOf({ statusCode: 2, result: { message: 'odd' } })).toEqual({ message: 'odd' });
  });

  it('hands the catch action the input and the error, the error winning a clash', () => {
    expect(catchArgs({ a: 1, error: 'mine' }, { statusCode: 1, result: { error: 'boom' } })).toEqual({ a: 1, error: 'boom' });
  });

  it('copies the $forward inputs over the result, skipping absent ones', () => {
    expect(forwardedResult({ sum: 3, x: 'theirs' }, { x: 'mine', y: 2, z: 9 }, ['x', 'y', 'w'])).toEqual({ sum: 3, x: 'mine', y: 2 });
    expect(forwardedResult(undefined, { x: 1 }, ['x'])).toEqual({ x: 1 });
  });

  it('keeps success and turns any failure into an application error', () => {
    expect(passThrough({ statusCode: 0, result: { ok: true } })).toEqual({ statusCode: ActivationStatus.success, result: { ok: true } });
    expect(passThrough({ statusCode: 0 })).toEqual({ statusCode: ActivationStatus.success, result: {} });
    expect(passThrough({ statusCode: 2, result: { error: 'crash' } })).toEqual({ statusCode: ActivationStatus.applicationError, result: { error: 'crash' } });
    expect(passThrough({ statusCode: 3, result: 'text' })).toEqual({ statusCode: ActivationStatus.applicationError, result: { error: 'text' } });
    expect(passThrough({ statusCode: 1 })).toEqual({ statusCode: ActivationStatus.applicationError, result: { error: 'The action failed.' } });
  });

  it('formats log lines as the invoker does', () => {
    expect(logLine('attempt 1/5', 'stderr')).toMatch(/^\d{4}-\d\d-\d\dT\S+Z stderr: attempt 1\/5$/);
  });
});
