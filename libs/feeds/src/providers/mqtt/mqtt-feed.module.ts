import { Module } from '@nestjs/common';
import { MqttFeedProvider } from './mqtt.feed-provider';

/** Lists {@link MqttFeedProvider}; `FeedProviderRegistry` discovers it in any module of the app. */
@Module({ providers: [MqttFeedProvider], exports: [MqttFeedProvider] })
export class MqttFeedModule {}
