import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics.registry';
import { FeedEventMetrics } from './feed-event.metrics';
import { RetentionMetrics } from './retention.metrics';
import { StorageMetrics } from './storage.metrics';
import { StorageUsageReader } from './storage-usage.reader';

/**
 * `GET /metrics` and every metric definition: one file per feature's metrics (retention, storage here), each
 * registering into the one {@link MetricsRegistry}. Global, so any feature injects the metrics it moves.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsRegistry, StorageUsageReader, StorageMetrics, RetentionMetrics, FeedEventMetrics],
  exports: [MetricsRegistry, StorageUsageReader, RetentionMetrics, FeedEventMetrics],
})
export class MetricsModule {}
