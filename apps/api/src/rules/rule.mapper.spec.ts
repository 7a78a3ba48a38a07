import type { RuleEntity } from '@wisp/core';
import { toRuleResponse, toRuleSummary } from './rule.mapper';

const rule = {
  id: 'x',
  revision: 3,
  namespace: 'guest',
  name: 'r1',
  version: '0.0.2',
  publish: false,
  annotations: [{ key: 'a', value: 1 }],
  updated: 1700000000000,
  triggerPath: 'guest/t1',
  actionPath: 'guest/utils/hello',
  status: 'active',
} as RuleEntity;

describe('rule mappers', () => {
  it('maps a rule to the OpenWhisk shape, without internal columns', () => {
    expect(toRuleResponse(rule)).toEqual({
      namespace: 'guest',
      name: 'r1',
      version: '0.0.2',
      publish: false,
      annotations: [{ key: 'a', value: 1 }],
      status: 'active',
      trigger: { path: 'guest', name: 't1' },
      action: { path: 'guest/utils', name: 'hello' },
      updated: 1700000000000,
    });
  });

  it('lets the caller override the status (DELETE reports inactive)', () => {
    expect(toRuleResponse(rule, 'inactive').status).toBe('inactive');
  });

  it('leaves status out of list items', () => {
    expect(toRuleSummary(rule)).not.toHaveProperty('status');
    expect(toRuleSummary(rule)).toMatchObject({ name: 'r1', trigger: { path: 'guest', name: 't1' } });
  });
});
