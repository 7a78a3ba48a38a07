import { loadConfig, MetricsRegistry } from '@wisp/core';
import { ActivityMetrics } from './activity.metrics';

async function rendered(env: Record<string, string>): Promise<string> {
  const registry = new MetricsRegistry();
  const metrics = new ActivityMetrics(registry, loadConfig(env));
  metrics.triggerFired('tenant-a', true);
  metrics.ruleSettled('tenant-a', 'filtered');
  metrics.throttled('tenant-a', 'fire');
  metrics.feedEvent('alarms');
  metrics.feedFailed('mqtt', 'refused');
  metrics.blockingInvoke('result', 0.02);
  return registry.render();
}

describe('ActivityMetrics', () => {
  it('counts without a namespace label by default (tenants are unbounded)', async () => {
    const text = await rendered({});
    expect(text).toMatch(/^wisp_trigger_fires_total\{outcome="fired"\} 1$/m);
    expect(text).toMatch(/^wisp_rule_activations_total\{outcome="filtered"\} 1$/m);
    expect(text).toMatch(/^wisp_throttled_total\{kind="fire"\} 1$/m);
    expect(text).toMatch(/^wisp_feed_failures_total\{provider="mqtt",reason="refused"\} 1$/m);
    expect(text).toMatch(/^wisp_blocking_invoke_seconds_bucket\{le="0.025",answer="result"\} 1$/m);
    expect(text).not.toContain('tenant-a');
  });

  it('adds the namespace label with WISP_METRICS_NAMESPACE_LABELS=true', async () => {
    const text = await rendered({ WISP_METRICS_NAMESPACE_LABELS: 'true' });
    expect(text).toMatch(/^wisp_trigger_fires_total\{outcome="fired",namespace="tenant-a"\} 1$/m);
    expect(text).toMatch(/^wisp_throttled_total\{kind="fire",namespace="tenant-a"\} 1$/m);
    // Feed counters stay per provider only.
    expect(text).toMatch(/^wisp_feed_events_total\{provider="alarms"\} 1$/m);
  });
});
