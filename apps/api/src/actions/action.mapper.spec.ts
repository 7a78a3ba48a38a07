import { ActionEntity, DEFAULT_ACTION_LIMITS } from '@wisp/core';
import { toActionResponse, toActionSummary, toExecResponse } from './action.mapper';

function action(over: Partial<ActionEntity> = {}): ActionEntity {
  return Object.assign(new ActionEntity(), {
    id: 'id',
    namespace: 'me',
    package: '',
    name: 'a',
    version: '0.0.1',
    publish: false,
    exec: { kind: 'nodejs:20', code: 'x', binary: false },
    parameters: [{ key: 'p', value: 1 }],
    limits: { logs: 10, memory: 256, timeout: 60000, concurrency: 1 },
    annotations: [{ key: 'exec', value: 'nodejs:20' }],
    updated: 5,
    revision: 2,
    ...over,
  });
}

describe('toExecResponse', () => {
  it('drops code on request but keeps binary and main', () => {
    expect(toExecResponse({ kind: 'nodejs:20', code: 'x', binary: false, main: 'run' }, false)).toEqual({ kind: 'nodejs:20', binary: false, main: 'run' });
  });
  it('shows blackbox image, and sequence components only', () => {
    expect(toExecResponse({ kind: 'blackbox', image: 'i/m', binary: false })).toEqual({ kind: 'blackbox', image: 'i/m', binary: false });
    expect(toExecResponse({ kind: 'sequence', components: ['/me/a'] })).toEqual({ kind: 'sequence', components: ['/me/a'] });
  });
});

describe('toActionResponse', () => {
  it('shows ns/pkg as the namespace of a packaged action and never leaks storage fields', () => {
    const r = toActionResponse(action({ package: 'utils' }));
    expect(r.namespace).toBe('me/utils');
    expect(r).not.toHaveProperty('id');
    expect(r).not.toHaveProperty('revision');
    expect(r).not.toHaveProperty('package');
  });
  it('puts limits in OpenWhisk order and shows given parameters', () => {
    const r = toActionResponse(action(), { parameters: [{ key: 'merged', value: true }] });
    expect(Object.keys(r.limits)).toEqual(['timeout', 'memory', 'logs', 'concurrency']);
    expect(r.parameters).toEqual([{ key: 'merged', value: true }]);
  });
});

describe('toActionSummary', () => {
  it('has exec.binary only and no parameters', () => {
    const s = toActionSummary(action({ exec: { kind: 'nodejs:20', binary: true } }));
    expect(s.exec).toEqual({ binary: true });
    expect(s).not.toHaveProperty('parameters');
    expect(s.limits).toEqual(DEFAULT_ACTION_LIMITS);
  });
});
