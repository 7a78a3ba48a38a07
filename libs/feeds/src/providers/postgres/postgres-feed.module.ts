import { Module } from '@nestjs/common';
import { PostgresFeedProvider } from './postgres.feed-provider';

/** Lists {@link PostgresFeedProvider}; `FeedProviderRegistry` discovers it in any module of the app. */
@Module({ providers: [PostgresFeedProvider], exports: [PostgresFeedProvider] })
export class PostgresFeedModule {}
