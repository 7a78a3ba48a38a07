import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { putAction, waitForActivation } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { http } from '../support/http';
import { waitForInvoker } from '../support/invoker-health';
import { createTestNamespace } from '../support/namespaces';

const run = promisify(execFile);

/**
 * Restarts the RabbitMQ application (durable queues and persistent messages survive; connections do not). Async on
 * purpose: a blocked event loop would miss the API closing idle keep-alive sockets, and the next request on one of
 * them would fail with "other side closed".
 */
async function restartBroker(): Promise<void> {
  await run('rabbitmqctl', ['-q', 'stop_app']);
  await run('rabbitmqctl', ['-q', 'start_app']);
}

/** Polls `/health/ready` until it answers 200 (PostgreSQL, RabbitMQ and an invoker all fine). */
async function waitForReady(timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (let last = 0; last !== 200; ) {
    if (Date.now() > until) throw new Error(`the API was not ready within ${timeoutMs} ms (last answer ${last})`);
    last = (await http('GET', '/health/ready').catch(() => ({ status: 0 }))).status;
    if (last !== 200) await new Promise((r) => setTimeout(r, 250));
  }
}

describe('a RabbitMQ restart', () => {
  it('loses no accepted activation and the stack serves again afterwards', async () => {
    const t = await createTestNamespace('broker');
    await putAction(t.key, 'steady', 'function main(p){ return new Promise(r => setTimeout(() => r({ n: p.n }), 300)) }');
    const accepted: string[] = [];
    for (let n = 0; n < 12; n++) {
      const r = await http('POST', '/api/v1/namespaces/_/actions/steady', { key: t.key, body: { n } });
      expect(r.status).toBe(202);
      accepted.push(r.body.activationId);
    }
    await restartBroker();
    const records = await Promise.all(accepted.map((id) => waitForActivation(t.key, id, 90_000)));
    expect(records.map((r) => r.activationId)).toEqual(accepted);
    const outcomes = records.map((r) => r.response.status);
    expect(outcomes.every((s) => s === 'success' || s === 'whisk internal error')).toBe(true);
    for (const r of records.filter((x) => x.response.status === 'success')) expect(r.response.result.n).toBe(accepted.indexOf(r.activationId));
    await waitForInvoker(E2E.invokerId, 60_000);
    // Serving again means ready again: the API has its own broker connection back (its reconnect backs off up to 5 s).
    await waitForReady(60_000);
    const after = await http('POST', '/api/v1/namespaces/_/actions/steady?blocking=true&result=true', { key: t.key, body: { n: 99 } });
    expect(after.status).toBe(200);
    expect(after.body).toEqual({ n: 99 });
  }, 150_000);
});
