import { Inject, Injectable } from '@nestjs/common';
import { type MetricCounter, type MetricHistogram, type MetricLabels, MetricsRegistry, WISP_CONFIG, type WispConfig } from '@wisp/core';

/** What became of one rule of a fired trigger. */
export type RuleOutcome = 'started' | 'filtered' | 'failed';
/** Why a feed event did not fire. */
export type FeedFailure = 'refused' | 'disabled' | 'exhausted';

/**
 * The controller's activity counters: trigger fires, rule activations (started, filtered, failed), throttled
 * requests, feed events and failures by provider, and the blocking invoke's end-to-end latency. Each call is one
 * counter increment. The namespace is a label only with `WISP_METRICS_NAMESPACE_LABELS=true` (tenants are unbounded).
 */
@Injectable()
export class ActivityMetrics {
  private readonly withNamespace: boolean;
  private readonly fires: MetricCounter;
  private readonly rules: MetricCounter;
  private readonly throttledTotal: MetricCounter;
  private readonly feedEvents: MetricCounter;
  private readonly feedFailures: MetricCounter;
  private readonly blocking: MetricHistogram;

  constructor(registry: MetricsRegistry, @Inject(WISP_CONFIG) config: WispConfig) {
    this.withNamespace = config.metrics.namespaceLabels;
    const ns = this.withNamespace ? ['namespace'] : [];
    this.fires = registry.counter('wisp_trigger_fires_total', 'Trigger fires accepted, by whether an active rule matched (fired) or none (no_rules).', ['outcome', ...ns]);
    this.rules = registry.counter('wisp_rule_activations_total', 'Rules of fired triggers, by outcome: started an activation, filtered out, failed.', ['outcome', ...ns]);
    this.throttledTotal = registry.counter('wisp_throttled_total', 'Requests refused with 429 by a namespace throttle, by what was throttled.', ['kind', ...ns]);
    this.feedEvents = registry.counter('wisp_feed_events_total', 'Events a feed provider emitted (before firing), by provider.', ['provider']);
    this.feedFailures = registry.counter('wisp_feed_failures_total', 'Feed events that did not fire, by provider and reason.', ['provider', 'reason']);
    this.blocking = registry.histogram('wisp_blocking_invoke_seconds', 'Blocking invoke end to end, request received to answer, by answer (result or accepted 202).', ['answer']);
  }

  triggerFired(namespace: string, matched: boolean): void {
    this.fires.inc(this.labels({ outcome: matched ? 'fired' : 'no_rules' }, namespace));
  }

  ruleSettled(namespace: string, outcome: RuleOutcome): void {
    this.rules.inc(this.labels({ outcome }, namespace));
  }

  throttled(namespace: string, kind: 'invocation' | 'fire'): void {
    this.throttledTotal.inc(this.labels({ kind }, namespace));
  }

  feedEvent(provider: string): void {
    this.feedEvents.inc({ provider });
  }

  feedFailed(provider: string, reason: FeedFailure): void {
    this.feedFailures.inc({ provider, reason });
  }

  blockingInvoke(answer: 'result' | 'accepted', seconds: number): void {
    this.blocking.observe({ answer }, seconds);
  }

  private labels(labels: MetricLabels, namespace: string): MetricLabels {
    return this.withNamespace ? { ...labels, namespace } : labels;
  }
}
