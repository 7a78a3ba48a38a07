import { Module } from '@nestjs/common';
import { FeedProvidersModule } from '@wisp/feeds';
import { FireModule } from '../fire/fire.module';
import { TriggersModule } from '../triggers/triggers.module';
import { FeedActionHandler } from './feed-action.handler';
import { FeedLifecycle } from './feed-lifecycle.service';
import { FeedRunner } from './feed-runner.service';
import { FeedSubscriptionStore } from './feed-subscription.store';

/** Feeds in the API: the built-in feed actions (lifecycle) and the feed runner that leases and fires subscriptions. */
@Module({
  imports: [FeedProvidersModule, FireModule, TriggersModule],
  providers: [FeedSubscriptionStore, FeedRunner, FeedLifecycle, FeedActionHandler],
  exports: [FeedRunner, FeedLifecycle],
})
export class FeedsModule {}
