import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ActivationWriter, AmqpConnection } from '@wisp/core';
import { CONTAINER_FACTORY, ContainerFactory } from '../containers/container-factory';
import { HeartbeatService } from '../health/heartbeat.service';
import { ActivationConsumer } from '../messaging/activation.consumer';
import { ContainerPool } from '../pool/container-pool';

/** Longest a shutdown waits for runs already received. */
const DRAIN_MS = 30_000;

/**
 * Orders start and stop explicitly instead of relying on hook order across providers.
 * Start: remove leftovers → broker → stem cells (here, at bootstrap) → the transport consumes entity changes, then work
 * (its routes' order) → {@link announce}. Stop: announce disabled → stop deliveries and finish what was received →
 * flush records → remove containers → close the broker connection.
 */
@Injectable()
export class InvokerLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(InvokerLifecycle.name);

  constructor(
    @Inject(CONTAINER_FACTORY) private readonly factory: ContainerFactory,
    private readonly pool: ContainerPool,
    private readonly consumer: ActivationConsumer,
    private readonly heartbeat: HeartbeatService,
    private readonly writer: ActivationWriter,
    private readonly amqp: AmqpConnection,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.factory.cleanup();
    await this.amqp.connect();
    await this.pool.start();
  }

  /** Starts the health pings, once the transport consumes: controllers send work only to an invoker that listens. */
  async announce(): Promise<void> {
    await this.heartbeat.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.heartbeat.disable();
    await this.consumer.drain(DRAIN_MS);
    if (this.consumer.activeCount > 0) this.logger.warn(`stopping with ${this.consumer.activeCount} activation(s) still running`);
    await this.writer.close();
    this.heartbeat.stop();
    await this.pool.stop();
    await this.factory.cleanup().catch((e: Error) => this.logger.warn(`cannot remove leftover containers: ${e.message}`));
    await this.amqp.close();
  }
}
