import { hasUnsafeText, inspectJson, nestsDeeperThan } from './unsafe-text';
import { toStorableJson, toStorableText } from './storable-json';

describe('text PostgreSQL cannot store', () => {
  it('finds NUL and lone surrogates, not paired ones', () => {
    expect(hasUnsafeText('a\u0000')).toBe(true);
    expect(hasUnsafeText('\ud800')).toBe(true);
    expect(hasUnsafeText('x\udc00y')).toBe(true);
    expect(hasUnsafeText('\udc00\ud800')).toBe(true);
    expect(hasUnsafeText('\ud83d\ude00 ok \\u0000')).toBe(false);
  });

  it('inspects values and keys without recursion, and bounds nesting', () => {
    expect(inspectJson({ a: ['b', { c: 1 }] }, 3)).toBeUndefined();
    expect(inspectJson({ a: ['b', { c: 1 }] }, 2)).toBe('too-deep');
    expect(inspectJson({ ['k\ud800']: 1 }, 5)).toBe('unsafe-text');
    expect(inspectJson([1, [2, ['\u0000']]], 5)).toBe('unsafe-text');
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(inspectJson(deep, 100)).toBe('too-deep');
  });

  it('checks depth alone when asked, finding nesting behind unsafe text', () => {
    let deep: unknown = ['\u0000'];
    for (let i = 0; i < 150; i++) deep = [deep];
    expect(inspectJson([deep, '\u0000'], 100)).toBe('unsafe-text');
    expect(inspectJson([deep, '\u0000'], 100, false)).toBe('too-deep');
    expect(nestsDeeperThan({ a: deep }, 100)).toBe(true);
    expect(nestsDeeperThan({ a: ['\u0000', [[1]]] }, 100)).toBe(false);
    expect(nestsDeeperThan('\ud800', 0)).toBe(false);
  });
});

describe('storable JSON', () => {
  it('escapes NUL and lone surrogates as visible text and keeps everything else', () => {
    const value = { n: 'a\u0000b', s: '\ud800', ['k\udc00']: 1, pair: '\ud83d\ude00', text: 'back\\u0000slash', ctl: '\u0001' };
    const back = JSON.parse(toStorableJson(value));
    expect(back).toEqual({ n: 'a\\u0000b', s: '\\ud800', ['k\\udc00']: 1, pair: '\ud83d\ude00', text: 'back\\u0000slash', ctl: '\u0001' });
    expect(hasUnsafeText(toStorableJson(value))).toBe(false);
    expect(toStorableJson(undefined)).toBe('null');
    expect(toStorableText('x\u0000')).toBe('x\\u0000');
  });
});
