import type { RuleEntity } from '@wisp/core';
import { pathNameOf, refOfPath, rulePathOf, toRuleLinks } from './rule-link';

const rule = (name: string, actionPath: string, status: 'active' | 'inactive') => ({ namespace: 'guest', name, actionPath, status }) as RuleEntity;

describe('rule links', () => {
  it('splits an entity path into OpenWhisk path and name', () => {
    expect(pathNameOf('guest/hello')).toEqual({ path: 'guest', name: 'hello' });
    expect(pathNameOf('guest/utils/echo')).toEqual({ path: 'guest/utils', name: 'echo' });
  });

  it('parses stored paths into entity refs, with and without a package', () => {
    expect(refOfPath('guest/hello')).toEqual({ namespace: 'guest', name: 'hello' });
    expect(refOfPath('whisk.system/utils/echo')).toEqual({ namespace: 'whisk.system', package: 'utils', name: 'echo' });
  });

  it('names a rule ns/rule', () => {
    expect(rulePathOf({ namespace: 'guest', name: 'r1' })).toBe('guest/r1');
  });

  it('builds the trigger rules map keyed by ns/rule, or nothing when no rule points at the trigger', () => {
    expect(toRuleLinks([])).toBeUndefined();
    expect(toRuleLinks([rule('r1', 'guest/hello', 'active'), rule('r2', 'other/pkg/a', 'inactive')])).toEqual({
      'guest/r1': { action: { path: 'guest', name: 'hello' }, status: 'active' },
      'guest/r2': { action: { path: 'other/pkg', name: 'a' }, status: 'inactive' },
    });
  });
});
