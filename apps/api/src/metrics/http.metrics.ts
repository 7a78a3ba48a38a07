import { Injectable } from '@nestjs/common';
import { type MetricCounter, type MetricHistogram, MetricsRegistry } from '@wisp/core';

/** HTTP requests by route template (never the raw path: names would make the label unbounded), method and status. */
@Injectable()
export class HttpMetrics {
  private readonly requests: MetricCounter;
  private readonly duration: MetricHistogram;

  constructor(registry: MetricsRegistry) {
    this.requests = registry.counter('wisp_http_requests_total', 'HTTP requests served, by route template, method and status.', ['route', 'method', 'status']);
    this.duration = registry.histogram('wisp_http_request_duration_seconds', 'HTTP request duration until the response is sent, by route template and method.', ['route', 'method']);
  }

  /** Counts one answered request; `route` is the matched template, or `unmatched`. */
  observe(route: string, method: string, status: number, seconds: number): void {
    this.requests.inc({ route, method, status: String(status) });
    this.duration.observe({ route, method }, seconds);
  }
}
