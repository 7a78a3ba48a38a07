import type { INestMicroservice, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AmqpConnection, AmqpTransportServer, type WispConfig } from '@wisp/core';
import { InvokerLifecycle } from './lifecycle/invoker-lifecycle.service';
import { invokerRoutes } from './messaging/invoker-routes';
import { InvokerModule } from './invoker.module';

/**
 * Builds and starts an invoker as a Nest microservice on Wisp's AMQP transport: init (leftovers removed, broker,
 * stem cells), then its queues are consumed, then it announces itself. Stopping it (`close`, or a signal with
 * `shutdownHooks`) drains through {@link InvokerLifecycle}.
 */
export async function startInvoker(config: WispConfig, options: { logger: LoggerService | LogLevel[]; shutdownHooks?: boolean }): Promise<INestMicroservice> {
  const transport = new AmqpTransportServer(invokerRoutes(config));
  const app = await NestFactory.createMicroservice(InvokerModule, { strategy: transport, logger: options.logger });
  transport.attach(app.get(AmqpConnection));
  if (options.shutdownHooks) app.enableShutdownHooks();
  await app.listen();
  await app.get(InvokerLifecycle).announce();
  return app;
}
