import { Module } from '@nestjs/common';
import { FeedProvidersModule } from '@wisp/feeds';
import { FireModule } from '../fire/fire.module';
import { TriggersModule } from '../triggers/triggers.module';
import { FeedActionHandler } from './feed-action.handler';
import { FeedLifecycle } from './feed-lifecycle.service';
import { FeedPolicyBootstrap } from './feed-policy.bootstrap';
import { FeedRunner } from './feed-runner.service';
import { FeedSubscriptionFactory } from './feed-subscription.factory';
import { FeedSubscriptionStore } from './feed-subscription.store';

/** Feeds in the API: the built-in feed actions (lifecycle) and the feed runner that leases and fires subscriptions. */
@Module({
  imports: [FeedProvidersModule, FireModule, TriggersModule],
  providers: [FeedSubscriptionStore, FeedSubscriptionFactory, FeedPolicyBootstrap, FeedRunner, FeedLifecycle, FeedActionHandler],
  exports: [FeedRunner, FeedLifecycle],
})
export class FeedsModule {}
