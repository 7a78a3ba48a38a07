import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ActivationClaims, ActivationWriter, AmqpConnection, ConfigModule, DatabaseModule, MetricsRegistry, WISP_CONFIG, WispConfig } from '@wisp/core';
import { ActionCodeLoader } from './activation/action-code.loader';
import { ActivationRunner } from './activation/activation-runner';
import { ContainersModule } from './containers/containers.module';
import { HeartbeatService } from './health/heartbeat.service';
import { InvokerHttpServer } from './observability/invoker-http.server';
import { InvokerMetrics } from './observability/invoker.metrics';
import { InvokerLifecycle } from './lifecycle/invoker-lifecycle.service';
import { ActivationConsumer } from './messaging/activation.consumer';
import { ClaimsJanitor } from './messaging/claims-janitor.service';
import { EntityChangeConsumer } from './messaging/entity-change.consumer';
import { InvokerMessagesController } from './messaging/invoker-messages.controller';
import { ContainerPool } from './pool/container-pool';
import { SourceRevisionsReader } from './pool/source-revisions.reader';
import { StaleContainerSweeper } from './pool/stale-container.sweeper';

/** The invoker process: consumes its queue, runs actions in containers, publishes completions, stores records. */
@Module({
  imports: [ConfigModule, DatabaseModule, ContainersModule.forRoot({ backend: 'docker' }), TerminusModule.forRoot({ logger: false })],
  controllers: [InvokerMessagesController],
  providers: [
    {
      provide: AmqpConnection,
      inject: [WISP_CONFIG],
      useFactory: (config: WispConfig) => new AmqpConnection(config.amqpUrl, `invoker:${config.invokerId}`),
    },
    ContainerPool,
    ActionCodeLoader,
    ActivationRunner,
    ActivationWriter,
    ActivationClaims,
    ActivationConsumer,
    ClaimsJanitor,
    SourceRevisionsReader,
    StaleContainerSweeper,
    EntityChangeConsumer,
    HeartbeatService,
    InvokerLifecycle,
    MetricsRegistry,
    InvokerMetrics,
    InvokerHttpServer,
  ],
})
export class InvokerModule {}
