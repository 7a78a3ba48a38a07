import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AmqpTransportServer, loadConfig } from '@wisp/core';
import { AppModule } from './app.module';
import { ControllerAmqp } from './invocation/controller-amqp.provider';
import { controllerRoutes } from './invocation/controller-routes';
import { bodyParser } from './http/body-parser';
import { corsMiddleware } from './http/cors.middleware';
import { requestIdMiddleware } from './http/request-id.middleware';
import { requestTextMiddleware } from './http/request-text.middleware';
import { storeOutageMapping } from './http/store-outage.mapping';
import { WispExceptionFilter } from './http/wisp-exception.filter';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Builds the API application with Wisp's HTTP conventions (request id, CORS, hostile-byte checks, JSON body, OpenWhisk
 * error bodies), and starts its message handlers on Wisp's AMQP transport before it boots: the registry waits for a
 * first invoker ping at boot, and no invocation is accepted before its reply queue is consumed.
 */
export async function createApiApp(): Promise<INestApplication> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule, {
    bodyParser: false,
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
  });
  app.use(requestIdMiddleware, corsMiddleware, requestTextMiddleware, bodyParser());
  app.useGlobalFilters(new WispExceptionFilter(storeOutageMapping(config), config.outage.retryAfterS));
  app.enableShutdownHooks();
  // Not inheriting the app's config: the HTTP exception filter must not handle message handlers' errors.
  app.connectMicroservice({ strategy: new AmqpTransportServer(controllerRoutes(config)).attach(app.get(ControllerAmqp)) });
  await app.startAllMicroservices();
  const http = app.getHttpAdapter().getInstance();
  http.disable('x-powered-by');
  http.set('etag', false);
  return app;
}
