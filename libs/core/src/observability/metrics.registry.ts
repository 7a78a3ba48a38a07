import { Injectable } from '@nestjs/common';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Labels of one metric sample. */
export type MetricLabels = Record<string, string>;

/** A monotonic counter, as the metric definitions see it. */
export interface MetricCounter {
  inc(labels: MetricLabels, by?: number): void;
}

/** A histogram of durations in seconds, as the metric definitions see it. */
export interface MetricHistogram {
  observe(labels: MetricLabels, seconds: number): void;
}

/** Buckets for latencies, seconds: from a warm run (ms) to a cold start under load and the 60 s blocking bound. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** How a gauge gets its value at scrape time: the samples to expose (one per label set). */
export type GaugeSampler = () => Promise<{ labels?: MetricLabels; value: number }[]>;

/**
 * The adapter over `prom-client`: one registry per application (never the library's global one, so several apps in
 * one process never clash), and the only file that imports the library. Metric definitions (retention, storage, and
 * those other features add) ask it for counters and sampled gauges; `GET /metrics` renders it.
 */
@Injectable()
export class MetricsRegistry {
  private readonly registry = new Registry();

  /** Content type of {@link render}'s text (Prometheus exposition format). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Registers a counter named `name` with the given label names. */
  counter(name: string, help: string, labelNames: string[]): MetricCounter {
    const c = new Counter({ name, help, labelNames, registers: [this.registry] });
    return { inc: (labels, by = 1) => c.inc(labels, by) };
  }

  /** Registers a histogram of seconds named `name` (buckets {@link LATENCY_BUCKETS} unless given). */
  histogram(name: string, help: string, labelNames: string[], buckets = LATENCY_BUCKETS): MetricHistogram {
    const h = new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
    return { observe: (labels, seconds) => h.observe(labels, seconds) };
  }

  /** Adds Node.js process metrics (CPU, memory, event-loop lag), prefixed `wisp_`. */
  processMetrics(labels: MetricLabels = {}): void {
    collectDefaultMetrics({ register: this.registry, prefix: 'wisp_', labels });
  }

  /** Registers a gauge whose samples `sample` reads at every scrape; a failing read exposes no sample. */
  gauge(name: string, help: string, labelNames: string[], sample: GaugeSampler): void {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const s of await sample()) this.set(s.labels ?? {}, s.value);
      },
    });
  }

  /** Every metric in Prometheus text format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
