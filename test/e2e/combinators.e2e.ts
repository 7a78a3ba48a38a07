import { annotation, putAction, waitForActivation } from '../support/actions';
import { http } from '../support/http';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';

/** `[time] stream: <step>: /<path> activation <id>: <status>`: one line per target activation. */
const STEP_LINE = /^\S+ (stdout|stderr): (.+): \/(\S+) activation ([0-9a-f]{32}): (.+)$/;

function steps(logs: string[]) {
  return logs.map((l) => {
    const m = STEP_LINE.exec(l);
    if (!m) throw new Error(`not a step log line: ${l}`);
    return { step: m[2], path: m[3], id: m[4], status: m[5] };
  });
}

describe('catalog combinators (built into the controller)', () => {
  let t: TestNamespace;
  beforeAll(async () => {
    t = await createTestNamespace('comb');
    // Application errors keep the container warm, so the module-level counter survives between attempts.
    await putAction(t.key, 'flaky', 'let n = 0; function main(p){ n++; if (n < 3) return { error: "failure " + n }; return { ok: true, calls: n, x: p.x, sawControl: Object.keys(p).some(k => k.startsWith("$")) } }');
    await putAction(t.key, 'fail', 'function main(p){ return { error: "bad input " + p.v } }');
    await putAction(t.key, 'handler', 'function main(p){ return { handled: p.error, v: p.v } }');
    await putAction(t.key, 'add', 'function main(p){ return { sum: p.a + p.b, keep: "theirs" } }');
    const binding = await http('PUT', '/api/v1/namespaces/_/packages/comb', { key: t.key, body: { binding: { namespace: 'whisk.system', name: 'combinators' } } });
    expect(binding.status).toBe(200);
  });

  it('retry invokes the target until it succeeds, each attempt an activation caused by the combinator', async () => {
    const r = await http('POST', '/api/v1/namespaces/_/actions/comb/retry?blocking=true', { key: t.key, body: { $actionName: 'flaky', $attempts: 5, x: 1 } });
    expect(r.status).toBe(200);
    expect(r.body.response).toMatchObject({ status: 'success', result: { ok: true, calls: 3, x: 1, sawControl: false } });
    const attempts = steps(r.body.logs);
    expect(attempts.map((a) => [a.step, a.path, a.status])).toEqual([
      ['attempt 1/5', `${t.namespace}/flaky`, 'application error'],
      ['attempt 2/5', `${t.namespace}/flaky`, 'application error'],
      ['attempt 3/5', `${t.namespace}/flaky`, 'success'],
    ]);
    expect(annotation(r.body, 'path')).toBe('whisk.system/combinators/retry');
    expect(annotation(r.body, 'binding')).toBe(`${t.namespace}/comb`);
    const children = await Promise.all(attempts.map((a) => waitForActivation(t.key, a.id)));
    expect(children.map((c) => c.response.result)).toEqual([{ error: 'failure 1' }, { error: 'failure 2' }, expect.objectContaining({ calls: 3 })]);
    expect(children.every((c) => c.cause === r.body.activationId && annotation(c, 'causedBy') === 'combinator')).toBe(true);
    expect((await waitForActivation(t.key, r.body.activationId)).response.result).toMatchObject({ ok: true });
  });

  it('retry answers the last error as an application error once the attempts are used up', async () => {
    const r = await http('POST', '/api/v1/namespaces/whisk.system/actions/combinators/retry?blocking=true', { key: t.key, body: { $actionName: `/${t.namespace}/fail`, $attempts: 2, v: 7 } });
    expect(r.status).toBe(502);
    expect(r.body.response).toMatchObject({ status: 'application error', result: { error: 'bad input 7' } });
    expect(steps(r.body.logs).map((a) => a.status)).toEqual(['application error', 'application error']);
  });

  it('trycatch runs the catch action with the error of the failed try', async () => {
    const r = await http('POST', '/api/v1/namespaces/whisk.system/actions/combinators/trycatch?blocking=true', { key: t.key, body: { $tryName: 'fail', $catchName: 'handler', v: 2 } });
    expect(r.status).toBe(200);
    expect(r.body.response).toMatchObject({ status: 'success', result: { handled: 'bad input 2', v: 2 } });
    expect(steps(r.body.logs).map((a) => [a.step, a.path, a.status])).toEqual([
      ['try', `${t.namespace}/fail`, 'application error'],
      ['catch', `${t.namespace}/handler`, 'success'],
    ]);
    const ok = await http('POST', '/api/v1/namespaces/_/actions/comb/trycatch?blocking=true&result=true', { key: t.key, body: { $tryName: 'add', $catchName: 'handler', a: 1, b: 1 } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ sum: 2, keep: 'theirs' });
  });

  it('forwarder invokes the target with $actionArgs and copies the $forward inputs into its result', async () => {
    const body = { $actionName: 'add', $actionArgs: { a: 1, b: 2 }, $forward: ['keep', 'id'], keep: 'mine', id: 42, dropped: true };
    const r = await http('POST', '/api/v1/namespaces/_/actions/comb/forwarder?blocking=true', { key: t.key, body });
    expect(r.status).toBe(200);
    expect(r.body.response.result).toEqual({ sum: 3, keep: 'mine', id: 42 });
    expect(steps(r.body.logs).map((a) => [a.step, a.path, a.status])).toEqual([['forward', `${t.namespace}/add`, 'success']]);
  });

  it('answers a missing, foreign or malformed target with a clear application error', async () => {
    const missing = await http('POST', '/api/v1/namespaces/_/actions/comb/retry?blocking=true', { key: t.key, body: { $actionName: 'nope' } });
    expect(missing.status).toBe(502);
    expect(missing.body.response).toMatchObject({ status: 'application error', result: { error: 'attempt 1/5: cannot invoke nope: The requested resource does not exist.' } });
    const foreign = await http('POST', '/api/v1/namespaces/_/actions/comb/forwarder?blocking=true', { key: t.key, body: { $actionName: '/guest/secret' } });
    expect(foreign.status).toBe(502);
    expect(foreign.body.response.result.error).toMatch(/^forward: cannot invoke \/guest\/secret: /);
    const noName = await http('POST', '/api/v1/namespaces/_/actions/comb/trycatch?blocking=true', { key: t.key, body: { $tryName: 'fail' } });
    expect(noName.status).toBe(502);
    expect(noName.body.response.result.error).toMatch(/^\$catchName is required/);
    const badAttempts = await http('POST', '/api/v1/namespaces/_/actions/comb/retry?blocking=true', { key: t.key, body: { $actionName: 'flaky', $attempts: 50 } });
    expect(badAttempts.body.response.result).toEqual({ error: '$attempts must be an integer from 1 to 10.' });
  });

  it('stops a combinator that invokes itself through a binding', async () => {
    const loop = await http('PUT', '/api/v1/namespaces/_/packages/loop', {
      key: t.key,
      body: { binding: { namespace: 'whisk.system', name: 'combinators' }, parameters: [{ key: '$actionName', value: 'loop/forwarder' }] },
    });
    expect(loop.status).toBe(200);
    const r = await http('POST', '/api/v1/namespaces/_/actions/loop/forwarder?blocking=true', { key: t.key, body: {} });
    expect(r.status).toBe(502);
    expect(r.body.response.result.error).toMatch(/too many activations started by nested combinators/);
  });
});
