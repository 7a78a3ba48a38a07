import { ActionEntity, parseActivationMessage } from '@wisp/core';
import type { ResolvedAction } from '../actions/resolved-action';
import { buildActivationMessage, providesApiKey } from './activation-message.factory';

const action = Object.assign(new ActionEntity(), {
  id: 'a1',
  namespace: 'provider',
  package: 'lib',
  name: 'echo',
  version: '0.0.1',
  revision: 4,
  exec: { kind: 'nodejs:20', code: 'function main(p) { return p; }' },
  parameters: [],
  annotations: [],
  limits: { timeout: 60000, memory: 256, logs: 10, concurrency: 1 },
});

function message(resolved: Partial<ResolvedAction>, extra: { apiKey?: string; activationId?: string } = {}) {
  return buildActivationMessage({
    ...extra,
    caller: { uuid: 'u', subject: 'me', namespace: 'me', apiKey: 'u:k' },
    resolved: { action, ref: { namespace: 'provider', package: 'lib', name: 'echo' }, packageParameters: [], bindingParameters: [], packages: [], ...resolved },
    params: {},
    blocking: true,
    transactionId: 'tx',
    controllerId: 'ctl',
    replyQueue: 'q',
    receivedAt: 1,
  });
}

describe('buildActivationMessage', () => {
  it('names the package and binding rows (id, revision) the parameters came from, and the wire keeps them', () => {
    const packages = [{ id: 'p1', revision: 2 }, { id: 'b1', revision: 7 }];
    const m = message({ packages, packageParameters: [{ key: 'MODE', value: 'x', init: true }], bindingPath: 'me/bound' });
    expect(m.packages).toEqual(packages);
    expect(m.initParams).toEqual(['MODE']);
    expect(parseActivationMessage(JSON.stringify(m)).packages).toEqual(packages);
  });

  it('leaves them out for a top-level action', () => {
    const m = message({ packages: [] });
    expect(m).not.toHaveProperty('packages');
    expect(parseActivationMessage(JSON.stringify(m)).packages).toBeUndefined();
  });

  it("never carries the caller's own key, only the activation key it is given", () => {
    expect(message({}).user.apiKey).toBeUndefined();
    const m = message({}, { apiKey: 'a:b', activationId: 'f'.repeat(32) });
    expect(m.user.apiKey).toBe('a:b');
    expect(m.activationId).toBe('f'.repeat(32));
    expect(JSON.stringify(message({}, { apiKey: 'a:b' }))).not.toContain('u:k');
  });
});

describe('providesApiKey', () => {
  const withKey = { uuid: 'u', subject: 'me', namespace: 'me', apiKey: 'u:k' };
  const annotated = (value?: unknown) => Object.assign(new ActionEntity(), { ...action, annotations: value === undefined ? [] : [{ key: 'provide-api-key', value }] });

  it('grants a key when the annotation is true or absent (as in OpenWhisk) and the caller presented a key', () => {
    expect(providesApiKey(withKey, annotated(true))).toBe(true);
    expect(providesApiKey(withKey, annotated('true'))).toBe(true);
    expect(providesApiKey(withKey, annotated())).toBe(true);
  });

  it('grants none when the annotation is false, or to callers without a presented key (web actions, feed fires)', () => {
    expect(providesApiKey(withKey, annotated(false))).toBe(false);
    expect(providesApiKey({ ...withKey, apiKey: '' }, annotated(true))).toBe(false);
  });
});
