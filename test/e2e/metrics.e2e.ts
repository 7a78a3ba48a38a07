import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E } from '../support/e2e-env';
import { putAction, waitForActivation } from '../support/actions';
import { http } from '../support/http';
import { createTestNamespace, type TestNamespace, uniqueName } from '../support/namespaces';
import { sample, scrape } from '../support/prometheus';

const API = `${E2E.apihost}/metrics`;
const INVOKER = `http://127.0.0.1:${E2E.invokerMetricsPort}/metrics`;
const INVOKE_ROUTE = { route: '/api/v1/namespaces/:ns/actions/:name', method: 'POST', status: '200' };

describe('Prometheus metrics', () => {
  let tenant: TestNamespace;
  beforeAll(async () => {
    tenant = await createTestNamespace('metrics');
  });

  it('an invoke moves the activation counters and latency histograms on the invoker and the API', async () => {
    const action = uniqueName('metered');
    await putAction(tenant.key, action, 'function main() { return { ok: true } }');
    const [apiBefore, invBefore] = await Promise.all([scrape(API), scrape(INVOKER)]);
    const r = await http('POST', `/api/v1/namespaces/_/actions/${action}?blocking=true`, { key: tenant.key, body: {} });
    expect(r.status).toBe(200);
    // The invoker counts after publishing the completion: poll until its scrape shows this run.
    const success = { kind: 'nodejs:20', outcome: 'success' };
    let invAfter = await scrape(INVOKER);
    for (let i = 0; i < 100 && sample(invAfter.samples, 'wisp_activations_total', success) <= sample(invBefore.samples, 'wisp_activations_total', success); i++) {
      await new Promise((res) => setTimeout(res, 100));
      invAfter = await scrape(INVOKER);
    }
    const apiAfter = await scrape(API);
    const moved = (before: Map<string, number>, after: Map<string, number>, name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved(invBefore.samples, invAfter.samples, 'wisp_activations_total', success)).toBeGreaterThanOrEqual(1);
    expect(moved(invBefore.samples, invAfter.samples, 'wisp_activation_run_seconds_count', { kind: 'nodejs:20' })).toBeGreaterThanOrEqual(1);
    expect(moved(invBefore.samples, invAfter.samples, 'wisp_activation_wait_seconds_count', { kind: 'nodejs:20' })).toBeGreaterThanOrEqual(1);
    expect(moved(invBefore.samples, invAfter.samples, 'wisp_container_starts_total')).toBeGreaterThanOrEqual(1);
    expect(moved(apiBefore.samples, apiAfter.samples, 'wisp_blocking_invoke_seconds_count', { answer: 'result' })).toBeGreaterThanOrEqual(1);
    expect(moved(apiBefore.samples, apiAfter.samples, 'wisp_http_requests_total', INVOKE_ROUTE)).toBeGreaterThanOrEqual(1);
    expect(moved(apiBefore.samples, apiAfter.samples, 'wisp_http_request_duration_seconds_count', { route: INVOKE_ROUTE.route, method: 'POST' })).toBeGreaterThanOrEqual(1);
    // Bounded labels: neither the activation id nor the action's or tenant's name is a label value.
    for (const text of [apiAfter.text, invAfter.text]) {
      expect(text).not.toContain(r.body.activationId);
      expect(text).not.toContain(tenant.namespace);
      expect(text).not.toContain(action);
    }
    // Earlier suites may have filled the pool with idle containers: free memory is then 0, never negative or absent.
    expect(invAfter.text).toMatch(/^wisp_pool_free_memory_bytes \d+$/m);
    expect(sample(invAfter.samples, 'wisp_pool_free_memory_bytes')).toBeGreaterThanOrEqual(0);
    expect(invAfter.text).toMatch(new RegExp(`^wisp_invoker_queue_depth\\{invoker="${E2E.invokerId}"\\} \\d+$`, 'm'));
    expect(invAfter.text).toMatch(/^wisp_pool_containers\{state="warm"\} \d+$/m);
  });

  it('a fire moves the trigger and rule counters', async () => {
    const action = uniqueName('fired');
    const trigger = uniqueName('tick');
    await putAction(tenant.key, action, 'function main() { return {} }');
    expect((await http('PUT', `/api/v1/namespaces/_/triggers/${trigger}`, { key: tenant.key, body: {} })).status).toBe(200);
    const rule = { trigger: `/_/${trigger}`, action: `/_/${action}` };
    expect((await http('PUT', `/api/v1/namespaces/_/rules/${uniqueName('r')}`, { key: tenant.key, body: rule })).status).toBe(200);
    const before = (await scrape(API)).samples;
    const fired = await http('POST', `/api/v1/namespaces/_/triggers/${trigger}`, { key: tenant.key, body: { n: 1 } });
    expect(fired.status).toBe(202);
    const after = (await scrape(API)).samples;
    expect(sample(after, 'wisp_trigger_fires_total', { outcome: 'fired' }) - sample(before, 'wisp_trigger_fires_total', { outcome: 'fired' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'wisp_rule_activations_total', { outcome: 'started' }) - sample(before, 'wisp_rule_activations_total', { outcome: 'started' })).toBeGreaterThanOrEqual(1);
    await waitForActivation(tenant.key, fired.body.activationId);
  });

  it('the Grafana dashboard queries only metrics Wisp exposes', async () => {
    const dashboard = JSON.parse(readFileSync(join(E2E.repoRoot, 'docs/grafana/wisp-dashboard.json'), 'utf8'));
    const exprs: string[] = dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
    const names = new Set(exprs.flatMap((e) => [...e.matchAll(/\bwisp_\w+/g)].map((m) => m[0])));
    expect(names.size).toBeGreaterThan(10);
    const exposed = `${(await scrape(API)).text}\n${(await scrape(INVOKER)).text}`;
    expect([...names].filter((n) => !new RegExp(`^# TYPE ${n.replace(/_bucket$/, '')} `, 'm').test(exposed))).toEqual([]);
  });

  it('the invoker serves liveness and readiness on its metrics port', async () => {
    const live = await fetch(`http://127.0.0.1:${E2E.invokerMetricsPort}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${E2E.invokerMetricsPort}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, broker: { status: 'up' }, work: { status: 'up' } } });
  });
});
