import { Module } from '@nestjs/common';
import { GithubFeedModule } from '@wisp/feeds';
import { FeedSubscriptionStore } from '../feeds/feed-subscription.store';
import { FireModule } from '../fire/fire.module';
import { FireGithubDeliverySink } from './fire.github-delivery-sink';
import { GITHUB_DELIVERY_SINK } from './github-delivery.sink';
import { GithubDeliveryStore } from './github-delivery.store';
import { GithubWebhookController } from './github-webhook.controller';
import { GithubWebhookService } from './github-webhook.service';

/** The `github` feed: its provider, and the route GitHub delivers to. */
@Module({
  imports: [GithubFeedModule, FireModule],
  controllers: [GithubWebhookController],
  providers: [GithubWebhookService, GithubDeliveryStore, FeedSubscriptionStore, { provide: GITHUB_DELIVERY_SINK, useClass: FireGithubDeliverySink }],
})
export class FeedsGithubModule {}
