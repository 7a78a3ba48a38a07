import { Module } from '@nestjs/common';
import { GithubFeedProvider } from './github.feed-provider';

/** Lists {@link GithubFeedProvider}; `FeedProviderRegistry` discovers it in any module of the app. */
@Module({ providers: [GithubFeedProvider], exports: [GithubFeedProvider] })
export class GithubFeedModule {}
