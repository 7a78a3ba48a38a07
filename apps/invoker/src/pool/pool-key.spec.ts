import { activationMessage } from '@wisp/core';
import { poolKey } from './pool-key';

describe('poolKey', () => {
  const base = activationMessage({ action: { id: 'a1', revision: 3 } });

  it('separates namespaces, actions and revisions', () => {
    expect(poolKey(base)).toBe('guest|a1|3');
    expect(poolKey({ ...base, user: { namespace: 'other', subject: 's' } })).not.toBe(poolKey(base));
    expect(poolKey({ ...base, action: { ...base.action, revision: 4 } })).not.toBe(poolKey(base));
  });

  it('ignores run parameters but not init parameter values', () => {
    expect(poolKey({ ...base, params: { x: 1 } })).toBe(poolKey(base));
    const a = poolKey({ ...base, params: { secret: 'a', x: 1 }, initParams: ['secret'] });
    expect(poolKey({ ...base, params: { secret: 'a', x: 2 }, initParams: ['secret'] })).toBe(a);
    expect(poolKey({ ...base, params: { secret: 'b' }, initParams: ['secret'] })).not.toBe(a);
  });
});
