import { Global, Module } from '@nestjs/common';
import { FeedProvidersModule } from '@wisp/feeds';
import { FeedSecrets } from './feed-secrets';

/** {@link FeedSecrets} for every store that reads or writes feed configs (global: the GitHub receiver's store too). */
@Global()
@Module({ imports: [FeedProvidersModule], providers: [FeedSecrets], exports: [FeedSecrets] })
export class FeedSecretsModule {}
