import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@wisp/core';
import { AppModule } from './app.module';
import { bodyParser } from './http/body-parser';
import { corsMiddleware } from './http/cors.middleware';
import { requestIdMiddleware } from './http/request-id.middleware';
import { requestTextMiddleware } from './http/request-text.middleware';
import { storeOutageMapping } from './http/store-outage.mapping';
import { WispExceptionFilter } from './http/wisp-exception.filter';

const LEVELS: LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

/** Builds the API application with Wisp's HTTP conventions (request id, CORS, hostile-byte checks, JSON body, OpenWhisk error bodies). */
export async function createApiApp(): Promise<INestApplication> {
  const config = loadConfig();
  const app = await NestFactory.create(AppModule, {
    bodyParser: false,
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
  });
  app.use(requestIdMiddleware, corsMiddleware, requestTextMiddleware, bodyParser());
  app.useGlobalFilters(new WispExceptionFilter(storeOutageMapping(config), config.outage.retryAfterS));
  app.enableShutdownHooks();
  const http = app.getHttpAdapter().getInstance();
  http.disable('x-powered-by');
  http.set('etag', false);
  return app;
}
