import { Global, Module } from '@nestjs/common';
import { MetricsRegistry } from '@wisp/core';
import { ActivityMetrics } from './activity.metrics';
import { HttpMetrics } from './http.metrics';
import { MetricsController } from './metrics.controller';
import { FeedEventMetrics } from './feed-event.metrics';
import { RetentionMetrics } from './retention.metrics';
import { StorageMetrics } from './storage.metrics';
import { StorageUsageReader } from './storage-usage.reader';

function withProcessMetrics(registry: MetricsRegistry): MetricsRegistry {
  registry.processMetrics();
  return registry;
}

/**
 * `GET /metrics` and every metric definition: one file per feature's metrics (retention, storage here), each
 * registering into the one {@link MetricsRegistry}. Global, so any feature injects the metrics it moves.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [
    { provide: MetricsRegistry, useFactory: () => withProcessMetrics(new MetricsRegistry()) },
    StorageUsageReader,
    StorageMetrics,
    RetentionMetrics,
    HttpMetrics,
    ActivityMetrics,
    FeedEventMetrics,
  ],
  exports: [MetricsRegistry, StorageUsageReader, RetentionMetrics, HttpMetrics, ActivityMetrics, FeedEventMetrics],
})
export class MetricsModule {}
