import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E } from '../support/e2e-env';
import { http } from '../support/http';
import { type OutageStack, startOutageStack } from '../support/outage-stack';
import { uniqueName } from '../support/namespaces';

const INVOKER = `http://127.0.0.1:${E2E.port + 3000}`;

async function readiness(base: string): Promise<{ status: number; body: any }> {
  const r = await fetch(`${base}/health/ready`);
  return { status: r.status, body: await r.json() };
}

/** Polls readiness until it answers `status`; returns that answer. */
async function readyBecomes(base: string, status: number, timeoutMs = 60_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await readiness(base).catch(() => undefined);
    if (r?.status === status) return r.body;
    if (Date.now() > until) throw new Error(`${base}/health/ready did not answer ${status} within ${timeoutMs} ms (last: ${JSON.stringify(r)})`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

/**
 * Health, disk pressure and logs on a stack of its own whose RabbitMQ is reached through a fault proxy: cutting the
 * proxy fakes a broker outage without touching the shared broker.
 */
describe('health, disk pressure and logs', () => {
  let stack: OutageStack;
  let key: string;
  const requestId = uniqueName('req');

  beforeAll(async () => {
    // 1 MB of disk for the database: any Wisp database is larger, so readiness is degraded from the start.
    stack = await startOutageStack({ WISP_LOG_LEVEL: 'log', WISP_DB_DISK_BYTES: '1048576', WISP_DB_DISK_DEGRADED_PERCENT: '80' });
    key = await stack.createNamespace(uniqueName('ops'));
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('is live and ready, degraded past the disk threshold, naming the retention to shorten', async () => {
    expect((await fetch(`${stack.apihost}/health/live`)).status).toBe(200);
    const body = await readyBecomes(stack.apihost, 200);
    expect(body.status).toBe('degraded');
    expect(body.details).toMatchObject({ database: { status: 'up' }, broker: { status: 'up' }, invokers: { status: 'up' }, disk: { status: 'up', degraded: true } });
    expect(body.details.disk.advice).toMatch(/shorten WISP_[A-Z_]+_RETENTION/);
    expect((await fetch(`${stack.apihost}/ping`)).status).toBe(200);
  });

  it('answers 503 naming the broker while RabbitMQ is unreachable, and 200 again after', async () => {
    await stack.mq.drop();
    await stack.mqInvoker.drop();
    try {
      const down = await readyBecomes(stack.apihost, 503);
      expect(down.status).toBe('error');
      expect(down.error.broker).toMatchObject({ status: 'down' });
      expect(down.error.database).toBeUndefined();
      const invokerDown = await readyBecomes(INVOKER, 503);
      expect(invokerDown.error.broker).toMatchObject({ status: 'down' });
    } finally {
      await stack.mq.resume();
      await stack.mqInvoker.resume();
    }
    const up = await readyBecomes(stack.apihost, 200, 90_000);
    expect(up.details.broker.status).toBe('up');
    expect((await readyBecomes(INVOKER, 200, 90_000)).details.broker.status).toBe('up');
  }, 240_000);

  it('writes JSON lines with the request id, one access line per request, and no secret', async () => {
    const secret = key.split(':')[1];
    const r = await http('GET', '/api/v1/namespaces/_/actions', { key, apihost: stack.apihost, headers: { 'x-request-id': requestId } });
    expect(r.status).toBe(200);
    const bad = await http('PUT', `/api/v1/namespaces/_/actions/${uniqueName('a')}?password=${secret}`, { key: `${key.split(':')[0]}:${secret}x`, apihost: stack.apihost, body: {} });
    expect(bad.status).toBe(401);
    const file = join(E2E.logDir, 'outage-api.log');
    let lines: any[] = [];
    const until = Date.now() + 20_000;
    while (Date.now() < until) {
      lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
      if (lines.some((l) => l.transactionId === requestId && l.access) && lines.some((l) => l.access && l.status === 401)) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    const access = lines.filter((l) => l.transactionId === requestId && l.access);
    expect(access).toHaveLength(1);
    expect(access[0]).toMatchObject({ method: 'GET', route: '/api/v1/namespaces/:ns/actions', status: 200, app: 'api' });
    expect(lines.some((l) => l.msg?.includes('readiness degraded') && /shorten WISP_/.test(l.msg))).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(secret);
    expect(text).not.toContain(Buffer.from(key).toString('base64'));
    expect(text).not.toContain('guest:guest@');
  });
});
