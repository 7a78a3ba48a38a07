import { annotation, putAction } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { http } from '../support/http';
import { waitForInvoker, waitForInvokerState } from '../support/invoker-health';
import { containersOf, mainInvokerPid, setMainInvokerPid, startExtraInvoker } from '../support/invokers';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { stackEnv, startProcess } from '../support/stack';

describe('several invokers, and an invoker that dies', () => {
  let t: TestNamespace;
  beforeAll(async () => {
    t = await createTestNamespace('res');
  });

  it('spreads actions over two invokers sharing one broker', async () => {
    const second = E2E.invokerId.replace('invoker0', 'invoker1');
    const child = await startExtraInvoker(second);
    const names = Array.from({ length: 16 }, (_, i) => `spread${i}`);
    for (const n of names) await putAction(t.key, n, 'function main(){ return { ok: true } }');
    const results = await Promise.all(names.map((n) => t.ow.actions.invoke({ name: n, blocking: true, result: true })));
    expect(results.every((r: any) => r.ok === true)).toBe(true);
    const onSecond = (await containersOf(second)).filter((c) => c.Labels['wisp.action']);
    const onFirst = (await containersOf(E2E.invokerId)).filter((c) => c.Labels['wisp.action']);
    expect(onSecond.length).toBeGreaterThan(0);
    expect(onFirst.length).toBeGreaterThan(0);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    expect(await containersOf(second)).toEqual([]);
  });

  it('ends an activation whose invoker was killed as an internal error, then cleans up after a restart', async () => {
    await putAction(t.key, 'forever', 'function main(){ return new Promise(r => setTimeout(() => r({ finished: true }), 40000)) }', { limits: { timeout: 60000 } });
    const started = Date.now();
    const pending = http('POST', '/api/v1/namespaces/_/actions/forever?blocking=true', { key: t.key });
    // wait until the action's container runs, then kill the invoker without letting it clean up
    const until = Date.now() + 20_000;
    while ((await containersOf(E2E.invokerId)).filter((c) => c.Labels['wisp.action'] && c.State === 'running').length === 0) {
      if (Date.now() > until) throw new Error('the action container never started');
      await new Promise((r) => setTimeout(r, 100));
    }
    process.kill(mainInvokerPid(), 'SIGKILL');
    const r = await pending;
    expect(r.status).toBe(500);
    expect(r.body.response).toMatchObject({ status: 'whisk internal error', success: false });
    expect(r.body.response.result.error).toMatch(/invoker/i);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(annotation(r.body, 'path')).toBe(`${t.namespace}/forever`);
    const stored = await http('GET', `/api/v1/namespaces/_/activations/${r.body.activationId}`, { key: t.key });
    expect(stored.body.response.status).toBe('whisk internal error');
    expect((await containersOf(E2E.invokerId)).length).toBeGreaterThan(0);

    await waitForInvokerState(E2E.invokerId, 'offline', 15_000);
    const restarted = startProcess('invoker-restarted', 'dist/apps/invoker/src/main.js', stackEnv());
    setMainInvokerPid(restarted.pid!);
    await waitForInvoker(E2E.invokerId, 60_000);
    const leftovers = (await containersOf(E2E.invokerId)).filter((c) => c.Labels['wisp.action'] === `${t.namespace}/forever`);
    expect(leftovers).toEqual([]);
    expect(await t.ow.actions.invoke({ name: 'spread0', blocking: true, result: true })).toEqual({ ok: true });
  });
});
