import type { ChildProcess } from 'node:child_process';
import { putAction } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { http } from '../support/http';
import { waitForInvoker } from '../support/invoker-health';
import { recordPid } from '../support/invokers';
import { createTestNamespace, type TestNamespace, wispCli } from '../support/namespaces';
import { stackEnv, startProcess, waitForHttp } from '../support/stack';

/** Port of a second API process sharing the stack's database and broker vhost. */
const SECOND_PORT = E2E.port + 52;
const APIS = [E2E.apihost, `http://127.0.0.1:${SECOND_PORT}`];

/**
 * Sends `path` from `workers` concurrent loops to every API until each API has refused at least `refusals` requests
 * (the limit is spent everywhere) and `minMs` passed, or `maxMs` passed. Returns the admitted count per API.
 */
async function hammer(key: string, path: string, apis: string[], opts: { workers: number; refusals: number; minMs: number; maxMs: number }): Promise<number[]> {
  const admitted = apis.map(() => 0);
  const refused = apis.map(() => 0);
  const start = Date.now();
  const done = () => Date.now() - start > opts.maxMs || (Date.now() - start > opts.minMs && refused.every((n) => n >= opts.refusals));
  await Promise.all(
    apis.flatMap((apihost, i) =>
      Array.from({ length: opts.workers }, async () => {
        while (!done()) {
          const r = await http('POST', path, { key, body: {}, apihost });
          if (r.status === 202 || r.status === 204) admitted[i]++;
          else if (r.status === 429) refused[i]++;
          else throw new Error(`${apihost}${path} → ${r.status} ${JSON.stringify(r.body)}`);
        }
      }),
    ),
  );
  return admitted;
}

/** Issue 14 §3: a namespace gets its limits once across controllers, not once per controller. */
describe('throttles across two API processes (one database, one broker vhost)', () => {
  let second: ChildProcess;
  let t: TestNamespace;

  beforeAll(async () => {
    t = await createTestNamespace('thrc');
    second = startProcess('api-throttles', 'dist/apps/api/src/main.js', stackEnv({ WISP_API_PORT: String(SECOND_PORT), WISP_CONTROLLER_ID: `${E2E.controllerId}-throttles` }));
    recordPid(second.pid!);
    await waitForHttp(`${APIS[1]}/ping`, 30_000, second);
    await waitForInvoker(E2E.invokerId, 30_000, APIS[1]);
  });

  afterAll(() => {
    second?.kill('SIGTERM');
  });

  it('admits about one limit of invocations per minute in total, shared by both controllers', async () => {
    const limit = 120;
    await wispCli('limits', 'set', t.namespace, '--invocationsPerMinute', String(limit));
    await putAction(t.key, 'noop', 'function main(){ return {} }', { limits: { memory: 128 } });
    const admitted = await hammer(t.key, '/api/v1/namespaces/_/actions/noop', APIS, { workers: 4, refusals: 10, minMs: 3_000, maxMs: 40_000 });
    const total = admitted[0] + admitted[1];
    expect(total).toBeGreaterThanOrEqual(Math.floor(limit * 0.9));
    expect(total).toBeLessThanOrEqual(Math.ceil(limit * 1.1));
    expect(admitted.every((n) => n > 0)).toBe(true); // both controllers served it
  });

  it('admits about one limit of fires per minute in total, and gives one busy controller what an idle one does not use', async () => {
    const limit = 150;
    const f = await createTestNamespace('thrf');
    await wispCli('limits', 'set', f.namespace, '--firesPerMinute', String(limit));
    const put = await http('PUT', '/api/v1/namespaces/_/triggers/tick', { key: f.key, body: {} });
    expect(put.status).toBe(200);
    const both = await hammer(f.key, '/api/v1/namespaces/_/triggers/tick', APIS, { workers: 4, refusals: 10, minMs: 3_000, maxMs: 40_000 });
    expect(both[0] + both[1]).toBeGreaterThanOrEqual(Math.floor(limit * 0.9));
    expect(both[0] + both[1]).toBeLessThanOrEqual(Math.ceil(limit * 1.1));

    const u = await createTestNamespace('thru');
    await wispCli('limits', 'set', u.namespace, '--firesPerMinute', String(limit));
    expect((await http('PUT', '/api/v1/namespaces/_/triggers/tick', { key: u.key, body: {} })).status).toBe(200);
    const [alone] = await hammer(u.key, '/api/v1/namespaces/_/triggers/tick', [APIS[1]], { workers: 4, refusals: 10, minMs: 3_000, maxMs: 40_000 });
    expect(alone).toBeGreaterThanOrEqual(Math.floor(limit * 0.9));
    expect(alone).toBeLessThanOrEqual(Math.ceil(limit * 1.1));
  });

  it('holds the concurrent-invocations limit across both controllers', async () => {
    const c = await createTestNamespace('thrcc');
    const limit = 6;
    await wispCli('limits', 'set', c.namespace, '--concurrentInvocations', String(limit));
    await putAction(c.key, 'sleepy', 'function main(){ return new Promise(r => setTimeout(() => r({}), 8000)) }', { limits: { memory: 128, timeout: 30000 } });
    const answers = await Promise.all(APIS.flatMap((apihost) => Array.from({ length: 8 }, () => http('POST', '/api/v1/namespaces/_/actions/sleepy', { key: c.key, body: {}, apihost }))));
    const admitted = answers.filter((a) => a.status === 202).length;
    expect(answers.every((a) => a.status === 202 || a.status === 429)).toBe(true);
    expect(admitted).toBeGreaterThanOrEqual(limit - 1);
    expect(admitted).toBeLessThanOrEqual(limit + 1);
    expect(answers.find((a) => a.status === 429)!.body.error).toMatch(/^Too many concurrent requests in flight \(count: \d+, allowed: 6\)\.$/);
  });
});
