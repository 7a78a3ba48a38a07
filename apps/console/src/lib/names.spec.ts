import { checkApiKey } from './api-key';
import { deadLetterRow } from './dead-letter';
import { entityNameError, entityUrl, localName, qualifiedName, splitPath } from './names';

describe('entity names', () => {
  it('splits fully qualified, package and bare names', () => {
    expect(splitPath('/whisk.system/alarms/alarm')).toEqual({ namespace: 'whisk.system', pkg: 'alarms', name: 'alarm' });
    expect(splitPath('guest/hello')).toEqual({ namespace: 'guest', name: 'hello' });
    expect(splitPath('hello', 'guest')).toEqual({ namespace: 'guest', name: 'hello' });
    expect(qualifiedName(splitPath('/a/b/c'))).toBe('/a/b/c');
    expect(localName(splitPath('/a/b/c'))).toBe('b/c');
  });

  it('encodes every path segment, so a name cannot reach another route', () => {
    expect(entityUrl('actions', { namespace: 'guest', pkg: 'my pkg', name: 'a?b#c' })).toBe('/api/v1/namespaces/guest/actions/my%20pkg/a%3Fb%23c');
    expect(entityUrl('triggers', { namespace: '_', name: '../rules' })).toBe('/api/v1/namespaces/_/triggers/..%2Frules');
  });

  it('checks names as OpenWhisk does', () => {
    expect(entityNameError('hello-1.a_b')).toBeUndefined();
    expect(entityNameError('')).toBe('The name is required.');
    expect(entityNameError('-x', 'trigger name')).toMatch(/^The trigger name may hold/);
    expect(entityNameError('a/b')).toBeDefined();
    expect(entityNameError('x'.repeat(257))).toMatch(/longer than 256/);
  });
});

describe('API keys on the sign-in form', () => {
  it('accepts uuid:secret and never echoes the key in an error', () => {
    const key = '23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP';
    expect(checkApiKey(`  ${key}\n`)).toEqual({ ok: true, key, uuid: '23bc46b1-71f6-4ed5-8c54-816aa4f8c502' });
    const bad = checkApiKey('my secret password');
    expect(bad.ok).toBe(false);
    expect(JSON.stringify(bad)).not.toContain('password');
    expect(checkApiKey('')).toEqual({ ok: false, error: 'Enter an API key.' });
    expect(checkApiKey('23bc46b1-71f6-4ed5-8c54-816aa4f8c502:').ok).toBe(false);
  });
});

describe('dead letters', () => {
  it('maps the stored letter to a row with attempts and the last outcome', () => {
    const row = deadLetterRow({ id: 'd1', namespace: 'g', created: 1700000000000, rule: 'g/r', trigger: 'g/t', action: 'g/a', attempts: ['x', 'y', 'z'], lastResponse: { statusCode: 2, result: { error: 'boom' } }, triggerActivationId: 'f'.repeat(32) });
    expect(row).toEqual({ id: 'd1', created: 1700000000000, rule: 'g/r', trigger: 'g/t', action: 'g/a', attempts: 3, lastOutcome: 'developer error', lastError: 'boom', triggerActivationId: 'f'.repeat(32) });
    expect(deadLetterRow({ id: 'd2', namespace: 'g', created: '2026-01-01T00:00:00.000Z', lastResponse: null })).toMatchObject({ created: Date.parse('2026-01-01T00:00:00.000Z'), attempts: 0, rule: '' });
  });
});
