import { BadRequestError } from '../errors';
import { mergeKeyValues, parseKeyValues, toObject } from './key-value';
import { initParameterNames, mergeParameters } from './merge-parameters';

const kv = (o: Record<string, unknown>) => Object.entries(o).map(([key, value]) => ({ key, value }));

describe('mergeParameters', () => {
  it('applies package < binding < action < request', () => {
    const merged = mergeParameters(
      { pkg: kv({ a: 'pkg', b: 'pkg', c: 'pkg', d: 'pkg' }), binding: kv({ b: 'bind', c: 'bind', d: 'bind' }), action: kv({ c: 'action', d: 'action' }) },
      { d: 'request', e: 'request' },
    );
    expect(merged).toEqual({ a: 'pkg', b: 'bind', c: 'action', d: 'request', e: 'request' });
  });

  it('refuses to override defined parameters of a final action', () => {
    const layers = { action: kv({ secret: 's' }), annotations: kv({ final: true }) };
    expect(() => mergeParameters(layers, { secret: 'x' })).toThrow('Request defines parameters that are not allowed (e.g., reserved properties).');
    expect(mergeParameters(layers, { other: 1 })).toEqual({ secret: 's', other: 1 });
  });

  it('allows overriding when the action is not final', () => {
    expect(mergeParameters({ action: kv({ a: 1 }), annotations: kv({ final: false }) }, { a: 2 })).toEqual({ a: 2 });
  });

  it('lists init parameters across layers once', () => {
    expect(initParameterNames([{ key: 'x', value: 1, init: true }], [{ key: 'x', value: 2, init: true }, { key: 'y', value: 3 }])).toEqual(['x']);
  });
});

describe('key/value arrays', () => {
  it('parses and validates', () => {
    expect(parseKeyValues([{ key: 'a', value: 1 }, { key: 'b' }], 'parameters')).toEqual([{ key: 'a', value: 1 }, { key: 'b', value: null }]);
    expect(() => parseKeyValues({ a: 1 }, 'parameters')).toThrow(BadRequestError);
    expect(() => parseKeyValues([{ value: 1 }], 'annotations')).toThrow("'annotations' entries");
  });

  it('merges by key with later layers winning', () => {
    expect(toObject(mergeKeyValues(kv({ a: 1, b: 1 }), kv({ b: 2 })))).toEqual({ a: 1, b: 2 });
  });
});
