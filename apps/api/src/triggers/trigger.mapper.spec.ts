import type { RuleEntity, TriggerEntity } from '@wisp/core';
import { toTriggerResponse, toTriggerSummary } from './trigger.mapper';

const trigger = {
  id: 'x',
  revision: 1,
  namespace: 'guest',
  name: 't1',
  version: '0.0.1',
  publish: false,
  annotations: [{ key: 'feed', value: '/whisk.system/alarms/alarm' }],
  parameters: [{ key: 'p', value: 1 }],
  limits: {},
  updated: 1700000000000,
} as TriggerEntity;

describe('trigger mappers', () => {
  it('omits rules when none points at the trigger, and internal columns always', () => {
    expect(toTriggerResponse(trigger)).toEqual({
      namespace: 'guest',
      name: 't1',
      version: '0.0.1',
      publish: false,
      annotations: [{ key: 'feed', value: '/whisk.system/alarms/alarm' }],
      parameters: [{ key: 'p', value: 1 }],
      limits: {},
      updated: 1700000000000,
    });
  });

  it('shows the rules map with status', () => {
    const rule = { namespace: 'guest', name: 'r1', actionPath: 'guest/hello', status: 'inactive' } as RuleEntity;
    expect(toTriggerResponse(trigger, [rule]).rules).toEqual({ 'guest/r1': { action: { path: 'guest', name: 'hello' }, status: 'inactive' } });
  });

  it('lists only the common asset fields', () => {
    expect(Object.keys(toTriggerSummary(trigger)).sort()).toEqual(['annotations', 'name', 'namespace', 'publish', 'updated', 'version']);
  });
});
