import type { ChildProcess } from 'node:child_process';
import openwhisk from 'openwhisk';
import { annotation, putAction, waitForActivation } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { http } from '../support/http';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { queryOnce } from '../support/sql';
import { stackEnv, startProcess, waitForHttp } from '../support/stack';

const SECOND_PORT = E2E.port + 26;
const SECOND_ID = `${E2E.controllerId}-durable`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(250);
  }
}

/** Activations of `name` in the namespace (newest first). */
async function activationsOf(key: string, name: string): Promise<any[]> {
  const r = await http('GET', `/api/v1/namespaces/_/activations?name=${name}&docs=true&limit=50`, { key });
  if (r.status !== 200) throw new Error(`list activations → ${r.status}`);
  return r.body;
}

describe('rule retries and sequences survive the SIGKILL of the controller running them', () => {
  let t: TestNamespace;
  let second: ChildProcess | undefined;

  beforeAll(async () => {
    t = await createTestNamespace('durable');
    await putAction(t.key, 'down', 'function main(){ return { error: "still down" } }');
    await putAction(t.key, 'slow', 'function main(){ return new Promise((r) => setTimeout(() => r({ step: 1 }), 10000)) }');
    await putAction(t.key, 'after', 'function main(p){ return { step: 2 } }');
    await t.ow.actions.create({ name: 'pipeline', sequence: [`/${t.namespace}/slow`, `/${t.namespace}/after`] });
    await t.ow.triggers.create({ name: 'orders' });
    const delivery = { retry: 1, backoffPolicy: 'linear', backoffDelayMs: 5000, retryOn: ['application'] };
    const rule = await http('PUT', '/api/v1/namespaces/_/rules/deliver', { key: t.key, body: { trigger: '/_/orders', action: '/_/down', annotations: [{ key: 'delivery', value: delivery }] } });
    expect(rule.status).toBe(200);
    second = startProcess('api-durable', 'dist/apps/api/src/main.js', stackEnv({ WISP_API_PORT: String(SECOND_PORT), WISP_CONTROLLER_ID: SECOND_ID }));
    await waitForHttp(`http://127.0.0.1:${SECOND_PORT}/ping`, 30_000, second);
  });

  afterAll(() => {
    if (second && second.exitCode === null) second.kill('SIGKILL');
  });

  it('another controller runs the pending retry and dead-letters it, and stores the parent record of the sequence mid-flight', async () => {
    const viaSecond: any = openwhisk({ apihost: `http://127.0.0.1:${SECOND_PORT}`, api_key: t.key });
    const fired = await viaSecond.triggers.invoke({ name: 'orders', params: { order: 42 } });
    const seq = await viaSecond.actions.invoke({ name: 'pipeline', blocking: false });
    // The sequence's first component runs (for 10 s), the first attempt fails, and its retry is due in 5 s.
    await waitFor('the sequence\'s first component', async () => {
      const rows = await queryOnce<{ component_ids: string[] }>(E2E.databaseUrl, 'SELECT component_ids FROM sequence_runs WHERE activation_id = $1', [seq.activationId]);
      return rows[0]?.component_ids.length === 1 ? true : undefined;
    }, 30_000);
    const trigger = await waitForActivation(t.key, fired.activationId);
    const firstId = JSON.parse(trigger.logs[0]).activationId as string;
    const first = await waitForActivation(t.key, firstId, 30_000);
    expect(first.response.status).toBe('application error');
    await waitFor('the retry scheduled in PostgreSQL', async () => {
      const rows = await queryOnce<{ awaiting: string | null }>(E2E.databaseUrl, 'SELECT awaiting FROM rule_deliveries WHERE id = $1', [firstId]);
      return rows[0] && rows[0].awaiting === null ? true : undefined;
    }, 4_000);

    second!.kill('SIGKILL');
    const killedAt = Date.now();

    const letter = await waitFor('the dead letter', async () => {
      const r = await http('GET', '/api/v1/namespaces/_/deadletters', { key: t.key });
      return r.body.find((d: any) => d.triggerActivationId === fired.activationId);
    }, 60_000);
    expect(letter.attempts).toHaveLength(2);
    expect(letter.attempts[0]).toBe(firstId);
    expect(letter).toMatchObject({ rule: `${t.namespace}/deliver`, event: { order: 42 }, lastResponse: { statusCode: 1 } });
    const retry = await waitForActivation(t.key, letter.attempts[1]);
    expect(annotation(retry, 'attempt')).toBe(2);
    expect(retry.cause).toBe(fired.activationId);
    // Only a live controller could have run it: the firing one was dead by then.
    expect(retry.start).toBeGreaterThan(killedAt);

    const parent = await waitForActivation(t.key, seq.activationId, 60_000);
    expect(parent.response.status).toBe('whisk internal error');
    expect(parent.response.result.error).toMatch(/controller running this sequence stopped/);
    expect(parent.logs).toHaveLength(1);
    const component = await waitForActivation(t.key, parent.logs[0], 30_000);
    expect(component.cause).toBe(seq.activationId);
    expect(component.response.result).toEqual({ step: 1 });

    await sleep(3000);
    expect(await activationsOf(t.key, 'down')).toHaveLength(2);
    expect(await activationsOf(t.key, 'after')).toHaveLength(0);
    expect(await queryOnce(E2E.databaseUrl, 'SELECT 1 FROM rule_deliveries WHERE id = $1', [firstId])).toEqual([]);
    expect(await queryOnce(E2E.databaseUrl, 'SELECT 1 FROM sequence_runs WHERE activation_id = $1', [seq.activationId])).toEqual([]);
  }, 180_000);
});
