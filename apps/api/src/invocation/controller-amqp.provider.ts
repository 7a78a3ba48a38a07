import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AmqpConnection, WISP_CONFIG, type WispConfig } from '@wisp/core';

/** The controller's one RabbitMQ connection (publishing activations, consuming completions and health). */
@Injectable()
export class ControllerAmqp extends AmqpConnection implements OnApplicationShutdown {
  constructor(@Inject(WISP_CONFIG) config: WispConfig) {
    super(config.amqpUrl, config.controllerId);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
