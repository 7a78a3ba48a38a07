import { BadRequestError, Messages } from '@wisp/core';
import { parseRulePut } from './rule-put';

describe('parseRulePut', () => {
  it('resolves _ and reads packaged actions', () => {
    const b = parseRulePut({ trigger: '/_/t1', action: '/other/pkg/a' }, 'guest');
    expect(b.trigger).toEqual({ namespace: 'guest', name: 't1' });
    expect(b.action).toEqual({ namespace: 'other', package: 'pkg', name: 'a' });
  });

  it('leaves absent fields undefined so an update keeps them', () => {
    expect(parseRulePut({ annotations: [{ key: 'k', value: 1 }] }, 'guest')).toEqual({
      version: undefined,
      publish: undefined,
      annotations: [{ key: 'k', value: 1 }],
      trigger: undefined,
      action: undefined,
    });
  });

  it.each(['t1', '/t1', '', '/a/b/c/d', '/bad ns!/t'])('rejects the non fully qualified trigger %j', (trigger) => {
    expect(() => parseRulePut({ trigger, action: '/guest/a' }, 'guest')).toThrow(new BadRequestError(Messages.ruleFieldMissing('trigger')));
  });

  it('rejects a non-string action', () => {
    expect(() => parseRulePut({ trigger: '/guest/t', action: { name: 'a' } }, 'guest')).toThrow(new BadRequestError(Messages.ruleFieldMissing('action')));
  });
});
