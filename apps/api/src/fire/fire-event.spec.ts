import { BadRequestError, PayloadTooLargeError } from '@wisp/core';
import { fireEventOf } from './fire-event';

describe('fireEventOf', () => {
  it('passes a clean object through as it is, and absent as {}', () => {
    const event = { a: [1, { b: '\ud83d\ude00' }] };
    expect(fireEventOf(event)).toBe(event);
    expect(fireEventOf(undefined)).toEqual({});
    expect(fireEventOf('')).toEqual({});
  });

  it('escapes NUL and lone surrogates in values and keys as visible text', () => {
    expect(fireEventOf({ payload: { nul: 'a\u0000b', lone: '\ud800', ['k\udc00']: ['\udbff'] } })).toEqual({
      payload: { nul: 'a\\u0000b', lone: '\\ud800', ['k\\udc00']: ['\\udbff'] },
    });
  });

  it('refuses nesting past 100 levels with 413 before reading its text, and a non-object with 400', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => fireEventOf({ deep })).toThrow(PayloadTooLargeError);
    expect(() => fireEventOf({ deep })).toThrow('The event is nested deeper than 100 levels.');
    expect(() => fireEventOf([1])).toThrow(BadRequestError);
    expect(() => fireEventOf('text')).toThrow(BadRequestError);
  });
});
