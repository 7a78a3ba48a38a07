import { putAction } from '../support/actions';
import { http } from '../support/http';
import { createTestNamespace, wispCli } from '../support/namespaces';

describe('per-namespace throttles', () => {
  it('refuses invocations past the per-minute limit with 429', async () => {
    const t = await createTestNamespace('thr');
    await wispCli('limits', 'set', t.namespace, '--invocationsPerMinute', '3');
    await putAction(t.key, 'noop', 'function main(){ return {} }');
    for (let i = 0; i < 3; i++) expect((await http('POST', '/api/v1/namespaces/_/actions/noop', { key: t.key })).status).toBe(202);
    const refused = await http('POST', '/api/v1/namespaces/_/actions/noop', { key: t.key });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('Too many requests in the last minute (count: 4, allowed: 3).');
  });

  it('refuses invocations past the concurrent limit with 429', async () => {
    const t = await createTestNamespace('conc');
    await wispCli('limits', 'set', t.namespace, '--concurrentInvocations', '1');
    await putAction(t.key, 'sleepy', 'function main(){ return new Promise(r => setTimeout(() => r({}), 3000)) }');
    expect((await http('POST', '/api/v1/namespaces/_/actions/sleepy', { key: t.key })).status).toBe(202);
    const refused = await http('POST', '/api/v1/namespaces/_/actions/sleepy', { key: t.key });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toBe('Too many concurrent requests in flight (count: 2, allowed: 1).');
  });
});
