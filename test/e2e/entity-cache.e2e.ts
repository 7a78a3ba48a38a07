import type { ChildProcess } from 'node:child_process';
import { putAction } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { waitForInvoker } from '../support/invoker-health';
import { recordPid } from '../support/invokers';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { stackEnv, startProcess, waitForHttp } from '../support/stack';

/** Port of a second API process sharing the stack's database and broker. */
const SECOND_PORT = E2E.port + 40;

async function call(port: number, key: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}/api/v1/namespaces/_${path}`, {
    method,
    headers: { authorization: `Basic ${Buffer.from(key).toString('base64')}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe('the entity cache across two API processes', () => {
  let t: TestNamespace;
  let second: ChildProcess;

  beforeAll(async () => {
    t = await createTestNamespace('cache');
    second = startProcess('api-second', 'dist/apps/api/src/main.js', stackEnv({ WISP_API_PORT: String(SECOND_PORT), WISP_CONTROLLER_ID: `${E2E.controllerId}-second` }));
    recordPid(second.pid!);
    await waitForHttp(`http://127.0.0.1:${SECOND_PORT}/ping`, 30_000, second);
    // a controller learns of invokers from their 1 s pings; until the first one it answers 503
    await waitForInvoker(E2E.invokerId, 30_000, `http://127.0.0.1:${SECOND_PORT}`);
  });

  afterAll(() => {
    second.kill('SIGTERM');
  });

  it('runs the new code on one process right after the action was updated through the other', async () => {
    for (let version = 1; version <= 3; version++) {
      await putAction(t.key, 'versioned', `function main(){ return { version: ${version} } }`);
      const r = await call(SECOND_PORT, t.key, 'POST', '/actions/versioned?blocking=true&result=true');
      expect(r).toEqual({ status: 200, body: { version } });
    }
  });

  it('stops firing a rule on one process right after it was disabled through the other', async () => {
    await putAction(t.key, 'target', 'function main(){ return {} }');
    await t.ow.triggers.create({ name: 'tick' });
    await t.ow.rules.create({ name: 'tick-rule', trigger: 'tick', action: 'target' });
    expect((await call(SECOND_PORT, t.key, 'POST', '/triggers/tick', {})).status).toBe(202);
    await t.ow.rules.disable({ name: 'tick-rule' });
    expect((await call(SECOND_PORT, t.key, 'POST', '/triggers/tick', {})).status).toBe(204);
    await t.ow.actions.delete({ name: 'target' });
    await t.ow.rules.enable({ name: 'tick-rule' });
    const fired = await call(SECOND_PORT, t.key, 'POST', '/triggers/tick', {});
    expect(fired.status).toBe(202);
  });
});
