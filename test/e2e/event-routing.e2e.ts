import { annotation, putAction, waitForActivation } from '../support/actions';
import { http } from '../support/http';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('rule filters, delivery retries, dead letters and tracing', () => {
  let t: TestNamespace;
  beforeAll(async () => {
    t = await createTestNamespace('route');
    await putAction(t.key, 'pushes', 'function main(p){ return { handled: "push", ref: p.ref } }');
    await putAction(t.key, 'issues', 'function main(p){ return { handled: "issue", action: p.action } }');
  });

  it('routes two event shapes from one trigger to two actions by filter', async () => {
    await t.ow.triggers.create({ name: 'github' });
    await http('PUT', '/api/v1/namespaces/_/rules/on-push', { key: t.key, body: { trigger: '/_/github', action: '/_/pushes', annotations: [{ key: 'filter', value: { all: [{ exact: { type: 'push' } }, { prefix: { ref: 'refs/heads/' } }] } }] } });
    await http('PUT', '/api/v1/namespaces/_/rules/on-issue', { key: t.key, body: { trigger: '/_/github', action: '/_/issues', annotations: [{ key: 'filter', value: { exact: { type: 'issues' } } }] } });
    const push = await t.ow.triggers.invoke({ name: 'github', params: { type: 'push', ref: 'refs/heads/main' } });
    const issue = await t.ow.triggers.invoke({ name: 'github', params: { type: 'issues', action: 'opened' } });
    const pushLines = (await waitForActivation(t.key, push.activationId)).logs.map((l: string) => JSON.parse(l));
    const issueLines = (await waitForActivation(t.key, issue.activationId)).logs.map((l: string) => JSON.parse(l));
    const ran = (lines: any[]) => lines.filter((l) => l.activationId);
    expect(ran(pushLines)).toHaveLength(1);
    expect(ran(issueLines)).toHaveLength(1);
    expect(pushLines.find((l: any) => l.rule.endsWith('/on-issue'))).toMatchObject({ filtered: true });
    expect((await waitForActivation(t.key, ran(pushLines)[0].activationId)).response.result).toEqual({ handled: 'push', ref: 'refs/heads/main' });
    expect((await waitForActivation(t.key, ran(issueLines)[0].activationId)).response.result).toEqual({ handled: 'issue', action: 'opened' });
  });

  it('rejects a malformed filter or delivery at PUT', async () => {
    const bad = await http('PUT', '/api/v1/namespaces/_/rules/bad', { key: t.key, body: { trigger: '/_/github', action: '/_/pushes', annotations: [{ key: 'filter', value: { regex: {} } }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/annotation 'filter' is not valid/);
    const worse = await http('PUT', '/api/v1/namespaces/_/rules/bad', { key: t.key, body: { trigger: '/_/github', action: '/_/pushes', annotations: [{ key: 'delivery', value: { retry: 99 } }] } });
    expect(worse.status).toBe(400);
    expect(worse.body.error).toMatch(/'retry' must be an integer from 0 to 10/);
  });

  it('retries a failing action per its delivery policy and dead-letters the event after N tries', async () => {
    await putAction(t.key, 'flaky', 'function main(){ throw new Error("always down") }');
    await t.ow.triggers.create({ name: 'orders' });
    const delivery = { retry: 2, backoffPolicy: 'linear', backoffDelayMs: 200, retryOn: ['developer'] };
    await http('PUT', '/api/v1/namespaces/_/rules/deliver', { key: t.key, body: { trigger: '/_/orders', action: '/_/flaky', annotations: [{ key: 'delivery', value: delivery }] } });
    const fired = await t.ow.triggers.invoke({ name: 'orders', params: { order: 7 } });
    const letter = await waitFor('a dead letter', async () => {
      const r = await http('GET', '/api/v1/namespaces/_/deadletters', { key: t.key });
      return r.body.find((d: any) => d.triggerActivationId === fired.activationId);
    });
    expect(letter).toMatchObject({ rule: `${t.namespace}/deliver`, trigger: `${t.namespace}/orders`, action: `${t.namespace}/flaky` });
    expect(letter.attempts).toHaveLength(3);
    expect(letter.event.order).toBe(7);
    expect(letter.lastResponse.statusCode).toBe(2);
    const retries = await Promise.all(letter.attempts.slice(1).map((id: string) => waitForActivation(t.key, id)));
    expect(retries.map((a) => annotation(a, 'attempt'))).toEqual([2, 3]);
    expect(retries.every((a) => a.cause === fired.activationId)).toBe(true);
    const one = await http('GET', `/api/v1/namespaces/_/deadletters/${letter.id}`, { key: t.key });
    expect(one.body.id).toBe(letter.id);
    expect((await http('DELETE', `/api/v1/namespaces/_/deadletters/${letter.id}`, { key: t.key })).status).toBe(200);
    expect((await http('GET', `/api/v1/namespaces/_/deadletters/${letter.id}`, { key: t.key })).status).toBe(404);
  });

  it('lists the children of a trigger activation with ?cause=', async () => {
    const fired = await t.ow.triggers.invoke({ name: 'github', params: { type: 'push', ref: 'refs/heads/x' } });
    const child = (await waitForActivation(t.key, fired.activationId)).logs.map((l: string) => JSON.parse(l)).find((l: any) => l.activationId);
    await waitForActivation(t.key, child.activationId);
    const children = await waitFor('the child in the list', async () => {
      const r = await http('GET', `/api/v1/namespaces/_/activations?cause=${fired.activationId}`, { key: t.key });
      return r.body.length ? r.body : undefined;
    });
    expect(children.map((c: any) => c.activationId)).toEqual([child.activationId]);
    expect((await http('GET', '/api/v1/namespaces/_/activations?cause=nope', { key: t.key })).status).toBe(400);
  });

  it('merges parameters package < binding < action < request on invoke through a binding', async () => {
    const owner = await createTestNamespace('route-owner');
    await http('PUT', '/api/v1/namespaces/_/packages/lib', { key: owner.key, body: { publish: true, parameters: [{ key: 'a', value: 'pkg' }, { key: 'b', value: 'pkg' }, { key: 'c', value: 'pkg' }, { key: 'd', value: 'pkg' }] } });
    const put = await http('PUT', '/api/v1/namespaces/_/actions/lib/show', { key: owner.key, body: { exec: { kind: 'nodejs:20', code: 'function main(p){ return p }' }, parameters: [{ key: 'c', value: 'action' }, { key: 'd', value: 'action' }] } });
    expect(put.status).toBe(200);
    await http('PUT', '/api/v1/namespaces/_/packages/mylib', { key: t.key, body: { binding: { namespace: owner.namespace, name: 'lib' }, parameters: [{ key: 'b', value: 'binding' }, { key: 'c', value: 'binding' }, { key: 'd', value: 'binding' }] } });
    const r = await http('POST', '/api/v1/namespaces/_/actions/mylib/show?blocking=true', { key: t.key, body: { d: 'request' } });
    expect(r.status).toBe(200);
    expect(r.body.response.result).toEqual({ a: 'pkg', b: 'binding', c: 'action', d: 'request' });
    expect(annotation(r.body, 'binding')).toBe(`${t.namespace}/mylib`);
    expect(annotation(r.body, 'path')).toBe(`${owner.namespace}/lib/show`);
  });
});
