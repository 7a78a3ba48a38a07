import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';

/** Labels of one metric sample. */
export type MetricLabels = Record<string, string>;

/** A monotonic counter, as the metric definitions see it. */
export interface MetricCounter {
  inc(labels: MetricLabels, by?: number): void;
}

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
