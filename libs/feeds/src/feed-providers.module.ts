import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AlarmFeedProvider } from './alarms/alarm.feed-provider';
import { IntervalFeedProvider } from './alarms/interval.feed-provider';
import { OnceFeedProvider } from './alarms/once.feed-provider';
import { FeedEgress } from './egress/feed-egress';
import { FeedProviderRegistry } from './feed-provider.registry';

/**
 * The feed registry, the egress check every provider connects through, and the built-in timer providers. Other providers (GitHub, MQTT, PostgreSQL) are decorated with
 * `@FeedProviderKind` and listed in any module of the app; the registry discovers them at boot.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [FeedProviderRegistry, FeedEgress, AlarmFeedProvider, OnceFeedProvider, IntervalFeedProvider],
  exports: [FeedProviderRegistry, FeedEgress],
})
export class FeedProvidersModule {}
