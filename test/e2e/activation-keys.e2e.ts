import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeOrder } from '../../apps/api/src/invocation/load-balancer';
import { putAction } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { http } from '../support/http';
import { waitForInvokerState } from '../support/invoker-health';
import { startExtraInvoker } from '../support/invokers';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { queryOnce } from '../support/sql';

/**
 * The action calls the API with the key it was handed (plain HTTP to __OW_API_HOST, which is loopback: its invoker
 * runs containers with WISP_ACTION_NETWORK=host) and returns the key base64-encoded, so the test can try it later
 * while the plain key itself never has a reason to be in the record.
 */
/**
 * Action-side fetch with two more tries when the connection itself fails ("fetch failed" was seen once in a few full
 * runs from a fresh host-network container, cause not found); an HTTP answer, refusals included, is never retried.
 */
const FETCH_RETRY = `async function call(url, init) {
  for (let i = 0; ; i++) {
    try { return await fetch(url, init); } catch (e) { if (i >= 2) throw e; await new Promise((r) => setTimeout(r, 300)); }
  }
}`;

const CALLER = `${FETCH_RETRY}
async function main() {
  const key = process.env.__OW_API_KEY;
  if (!key) return { keyB64: null };
  const r = await call(process.env.__OW_API_HOST + '/api/v1/namespaces/_/actions', { headers: { authorization: 'Basic ' + Buffer.from(key).toString('base64') } });
  const body = await r.json();
  return { keyB64: Buffer.from(key).toString('base64'), status: r.status, names: Array.isArray(body) ? body.map((a) => a.name) : body };
}`;

/** Asks the alarms feed, with the action's own key, to subscribe a trigger for that same key. */
const FEEDER = `${FETCH_RETRY}
async function main(p) {
  const key = process.env.__OW_API_KEY;
  const r = await call(process.env.__OW_API_HOST + '/api/v1/namespaces/whisk.system/actions/alarms/alarm?blocking=true', {
    method: 'POST',
    headers: { authorization: 'Basic ' + Buffer.from(key).toString('base64'), 'content-type': 'application/json' },
    body: JSON.stringify({ lifecycleEvent: 'CREATE', triggerName: p.trigger, authKey: key, cron: '* * * * *' }),
  });
  const body = await r.json();
  return { status: r.status, error: body.error || (body.response && body.response.result && body.response.result.error) || null };
}`;

/** The invoker whose containers share the host's (loopback) network. */
const HOST_INVOKER = E2E.invokerId.replace('invoker0', 'invokerh');

/** A name whose home invoker (the balancer's hash of namespace and path) is the host-network invoker. */
function nameLandingOnHostInvoker(namespace: string, prefix: string): string {
  const ids = [E2E.invokerId, HOST_INVOKER].sort((a, b) => a.localeCompare(b));
  const target = ids.indexOf(HOST_INVOKER);
  for (let i = 0; ; i++) if (probeOrder(namespace, `${namespace}/${prefix}${i}`, ids.length)[0] === target) return `${prefix}${i}`;
}

function decode(b64: string): string {
  return Buffer.from(b64, 'base64').toString('utf8');
}

describe('activation keys (issue #14 §1)', () => {
  let t: TestNamespace;
  let keyed: string;
  let plain: string;
  let hostInvoker: ChildProcess;

  beforeAll(async () => {
    t = await createTestNamespace('akey');
    hostInvoker = await startExtraInvoker(HOST_INVOKER, { WISP_ACTION_NETWORK: 'host', WISP_PREWARM_COUNT: '0' });
    keyed = nameLandingOnHostInvoker(t.namespace, 'keyed');
    plain = nameLandingOnHostInvoker(t.namespace, 'plain');
    await putAction(t.key, keyed, CALLER, { annotations: [{ key: 'provide-api-key', value: true }] });
    await putAction(t.key, plain, CALLER);
  }, 120_000);

  // Later suites expect the stack's own invokers only: the host-network one must be gone from the balancer too.
  afterAll(async () => {
    hostInvoker.kill('SIGTERM');
    await new Promise((r) => hostInvoker.once('exit', r));
    await waitForInvokerState(HOST_INVOKER, 'offline', 15_000);
  }, 30_000);

  it('hands an annotated action a key of its own that works during the activation and is refused once it ended', async () => {
    const r = await http('POST', `/api/v1/namespaces/_/actions/${keyed}?blocking=true`, { key: t.key });
    expect(r.status).toBe(200);
    const result = r.body.response.result;
    expect(result.status).toBe(200);
    expect(result.names).toEqual(expect.arrayContaining([keyed, plain]));
    const key = decode(result.keyB64);
    expect(key).toMatch(/^[0-9a-f-]{36}:[A-Za-z0-9]{64}$/);
    expect(key).not.toBe(t.key);
    expect(key.split(':')[0]).not.toBe(t.key.split(':')[0]);

    const after = await http('GET', '/api/v1/namespaces/_/actions', { key });
    expect(after.status).toBe(401);
    expect(after.body.error).toBe('The supplied authentication is invalid');
    const rows = await queryOnce(E2E.databaseUrl, 'SELECT uuid FROM activation_keys WHERE activation_id = $1', [r.body.activationId]);
    expect(rows).toEqual([]);
  });

  it('mints a new key per activation and keeps every key out of the record, the logs and the key table', async () => {
    const first = await http('POST', `/api/v1/namespaces/_/actions/${keyed}?blocking=true`, { key: t.key });
    const second = await http('POST', `/api/v1/namespaces/_/actions/${keyed}?blocking=true`, { key: t.key });
    const keys = [first, second].map((x) => decode(x.body.response.result.keyB64));
    expect(keys[0]).not.toBe(keys[1]);
    const stored = await http('GET', `/api/v1/namespaces/_/activations/${second.body.activationId}`, { key: t.key });
    expect(stored.status).toBe(200);
    const logs = readdirSync(E2E.logDir).map((f) => readFileSync(join(E2E.logDir, f), 'utf8')).join('\n');
    const ownerSecret = t.key.split(':')[1];
    for (const key of keys) {
      const secret = key.split(':')[1];
      expect(JSON.stringify(stored.body)).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(JSON.stringify(stored.body)).not.toContain(ownerSecret);
    expect(logs).not.toContain(ownerSecret);
    const table = await queryOnce(E2E.databaseUrl, 'SELECT * FROM activation_keys');
    expect(JSON.stringify(table)).not.toContain(keys[1].split(':')[1]);
  });

  it('gives an action without the annotation no key at all, although it could reach the API', async () => {
    const r = await http('POST', `/api/v1/namespaces/_/actions/${plain}?blocking=true`, { key: t.key });
    expect(r.status).toBe(200);
    expect(r.body.response.result).toEqual({ keyB64: null });
  });

  it('refuses a live activation key as the authKey of a feed: the feed would outlive its activation', async () => {
    const feeder = nameLandingOnHostInvoker(t.namespace, 'feeder');
    await putAction(t.key, feeder, FEEDER, { annotations: [{ key: 'provide-api-key', value: true }] });
    await http('PUT', '/api/v1/namespaces/_/triggers/tick', { key: t.key, body: {} });
    const r = await http('POST', `/api/v1/namespaces/_/actions/${feeder}?blocking=true`, { key: t.key, body: { trigger: `/${t.namespace}/tick` } });
    expect(r.body.response.result.error).toMatch(/activation key cannot own a feed/);
    const subs = await queryOnce(E2E.databaseUrl, 'SELECT 1 FROM feed_subscriptions WHERE trigger_namespace = $1', [t.namespace]);
    expect(subs).toEqual([]);
  });
});
