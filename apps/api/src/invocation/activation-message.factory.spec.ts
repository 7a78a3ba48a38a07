import { ActionEntity, parseActivationMessage } from '@wisp/core';
import type { ResolvedAction } from '../actions/resolved-action';
import { buildActivationMessage } from './activation-message.factory';

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

function message(resolved: Partial<ResolvedAction>) {
  return buildActivationMessage({
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
});
