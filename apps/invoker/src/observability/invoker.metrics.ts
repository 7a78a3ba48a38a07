import { Inject, Injectable } from '@nestjs/common';
import {
  type ActivationRecord,
  AmqpConnection,
  type MetricCounter,
  type MetricHistogram,
  MetricsRegistry,
  Topology,
  WISP_CONFIG,
  type WispConfig,
} from '@wisp/core';
import type { LeaseOrigin } from '../pool/container-lease';
import { ContainerPool } from '../pool/container-pool';

const MB = 1024 * 1024;
/** Outcome label of each status code (OpenWhisk's four, closed set). */
const OUTCOMES = ['success', 'application_error', 'developer_error', 'internal_error'];
/** Container start label of each lease origin. */
const START_TYPE: Record<LeaseOrigin, string> = { cold: 'cold', prewarm: 'prewarm', warm: 'warm', resumed: 'resume' };

/**
 * The invoker's metrics: activations by kind and outcome, wait/init/run latency histograms, container starts by type
 * (counter increments on the hot path), and pool and queue gauges read at scrape time. Labels are bounded: kinds are
 * the runtime manifest's plus `blackbox`, no activation or namespace ever.
 */
@Injectable()
export class InvokerMetrics {
  private readonly activations: MetricCounter;
  private readonly starts: MetricCounter;
  private readonly wait: MetricHistogram;
  private readonly init: MetricHistogram;
  private readonly run: MetricHistogram;

  constructor(
    readonly registry: MetricsRegistry,
    pool: ContainerPool,
    amqp: AmqpConnection,
    @Inject(WISP_CONFIG) config: WispConfig,
  ) {
    registry.processMetrics({ invoker: config.invokerId });
    this.activations = registry.counter('wisp_activations_total', 'Activations this invoker finished, by kind and outcome.', ['kind', 'outcome']);
    this.starts = registry.counter('wisp_container_starts_total', 'Containers handed to a run, by how: cold (created), prewarm (stem cell), warm (reused), resume (unpaused).', ['type']);
    this.wait = registry.histogram('wisp_activation_wait_seconds', 'Time from the controller accepting an activation to its run starting, by kind.', ['kind']);
    this.init = registry.histogram('wisp_activation_init_seconds', 'Time of /init for cold and prewarmed containers, by kind.', ['kind']);
    this.run = registry.histogram('wisp_activation_run_seconds', 'Time of /run (the action itself), by kind.', ['kind']);
    registry.gauge('wisp_pool_containers', "Containers in this invoker's pool, by state (warm = idle).", ['state'], async () => {
      const s = pool.stats();
      return [
        { labels: { state: 'warm' }, value: s.idle },
        { labels: { state: 'paused' }, value: s.paused },
        { labels: { state: 'prewarm' }, value: s.prewarm },
        { labels: { state: 'busy' }, value: s.busy },
        { labels: { state: 'starting' }, value: s.starting },
      ];
    });
    registry.gauge('wisp_pool_free_memory_bytes', 'Memory this invoker can still hand to containers.', [], async () => [
      { value: Math.max(0, config.invokerMemoryMb - pool.stats().memoryMb) * MB },
    ]);
    const queue = Topology.invokerQueue(config.invokerId);
    registry.gauge('wisp_invoker_queue_depth', "Activation messages ready in the invoker's queue (not yet delivered).", ['invoker'], async () => {
      const depth = await amqp.queueDepth(queue);
      return depth === undefined ? [] : [{ labels: { invoker: config.invokerId }, value: depth }];
    });
  }

  /** A container was handed to a run. */
  containerStarted(origin: LeaseOrigin): void {
    this.starts.inc({ type: START_TYPE[origin] });
  }

  /** An activation finished with `record` (any outcome, including those that never reached a container). */
  activationFinished(kind: string, record: ActivationRecord): void {
    this.activations.inc({ kind, outcome: OUTCOMES[record.response.statusCode] ?? 'internal_error' });
    const annotation = (key: string) => record.annotations.find((a) => a.key === key)?.value;
    const wait = annotation('waitTime');
    const init = annotation('initTime');
    if (typeof wait === 'number') this.wait.observe({ kind }, wait / 1000);
    if (typeof init === 'number') this.init.observe({ kind }, init / 1000);
    if (record.duration !== null) this.run.observe({ kind }, Math.max(0, record.duration - (typeof init === 'number' ? init : 0)) / 1000);
  }
}
