import { Module } from '@nestjs/common';
import { ConfigModule, DatabaseModule, SecretsModule } from '@wisp/core';
import { MqttFeedModule, PostgresFeedModule } from '@wisp/feeds';
import { ActionsModule } from './actions/actions.module';
import { ActivationsModule } from './activations/activations.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CacheModule } from './cache/cache.module';
import { DeliveryModule } from './delivery/delivery.module';
import { CatalogModule } from './catalog/catalog.module';
import { CombinatorsModule } from './combinators/combinators.module';
import { ConsoleModule } from './console/console.module';
import { FeedHooksModule } from './feeds/feed-hooks.module';
import { FeedSecretsModule } from './feeds/feed-secrets.module';
import { FeedsModule } from './feeds/feeds.module';
import { FeedsGithubModule } from './feeds-github/feeds-github.module';
import { FireModule } from './fire/fire.module';
import { HealthModule } from './health/health.module';
import { InfoController } from './info/info.controller';
import { InvocationModule } from './invocation/invocation.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { MetricsModule } from './metrics/metrics.module';
import { NamespacesModule } from './namespaces/namespaces.module';
import { PackagesModule } from './packages/packages.module';
import { RulesModule } from './rules/rules.module';
import { TriggersModule } from './triggers/triggers.module';
import { WebModule } from './web/web.module';

/** The controller process: REST API v1, entity CRUD, invocation and the activations read side. */
@Module({
  imports: [
    ConfigModule,
    DatabaseModule,
    SecretsModule,
    AuditModule,
    FeedSecretsModule,
    AuthModule,
    CacheModule,
    NamespacesModule,
    PackagesModule,
    ActionsModule,
    TriggersModule,
    RulesModule,
    ActivationsModule,
    InvocationModule,
    WebModule,
    FireModule,
    DeliveryModule,
    FeedHooksModule,
    FeedsModule,
    FeedsGithubModule,
    MqttFeedModule,
    PostgresFeedModule,
    CatalogModule,
    CombinatorsModule,
    MetricsModule,
    MaintenanceModule,
    ConsoleModule,
    HealthModule,
  ],
  controllers: [InfoController],
})
export class AppModule {}
