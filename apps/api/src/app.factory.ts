import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { AmqpTransportServer, loadConfig, WispLogger } from '@wisp/core';
import { AppModule } from './app.module';
import { accessLogMiddleware } from './http/access-log.middleware';
import { ControllerAmqp } from './invocation/controller-amqp.provider';
import { controllerRoutes } from './invocation/controller-routes';
import { GithubWebhookService } from './feeds-github/github-webhook.service';
import { bodyParser } from './http/body-parser';
import { corsMiddleware } from './http/cors.middleware';
import { requestIdMiddleware } from './http/request-id.middleware';
import { requestTextMiddleware } from './http/request-text.middleware';
import { storeOutageMapping } from './http/store-outage.mapping';
import { WispExceptionFilter } from './http/wisp-exception.filter';
import { HttpMetrics } from './metrics/http.metrics';
import { setupOpenApi } from './openapi/openapi.setup';

/**
 * Builds the API application with Wisp's HTTP conventions (request id, log context and access log, CORS,
 * hostile-byte checks, JSON body, OpenWhisk error bodies) and its OpenAPI document, and starts its message handlers
 * on Wisp's AMQP transport before it boots: the registry waits for a first invoker ping at boot, and no invocation is
 * accepted before its reply queue is consumed.
 */
export async function createApiApp(): Promise<INestApplication> {
  const config = loadConfig();
  const logger = new WispLogger(config, 'api');
  const app = await NestFactory.create(AppModule, { bodyParser: false, logger, ...(config.tls ? { httpsOptions: tlsOptions(config.tls) } : {}) });
  const webhooks = app.get(GithubWebhookService);
  app.use(
    requestIdMiddleware,
    accessLogMiddleware(logger, app.get(HttpMetrics)),
    corsMiddleware,
    requestTextMiddleware,
    bodyParser({ githubGate: (id, headers) => webhooks.admit(id, headers) }),
  );
  app.useGlobalFilters(new WispExceptionFilter(storeOutageMapping(config), config.outage.retryAfterS));
  app.enableShutdownHooks();
  // Not inheriting the app's config: the HTTP exception filter must not handle message handlers' errors.
  app.connectMicroservice({ strategy: new AmqpTransportServer(controllerRoutes(config)).attach(app.get(ControllerAmqp)) });
  await app.startAllMicroservices();
  const http = app.getHttpAdapter().getInstance();
  http.disable('x-powered-by');
  http.set('etag', false);
  setupOpenApi(app);
  return app;
}

/**
 * HTTPS options from `WISP_TLS_CERT` / `WISP_TLS_KEY` (PEM files read once at boot; a file that cannot be read stops
 * boot with its name). TLS 1.2 is the floor.
 */
function tlsOptions(tls: { certFile: string; keyFile: string }): { cert: Buffer; key: Buffer; minVersion: 'TLSv1.2' } {
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file);
    } catch (e) {
      throw new Error(`cannot read the TLS ${what} ${file}: ${(e as Error).message}`);
    }
  };
  return { cert: read(tls.certFile, 'certificate (WISP_TLS_CERT)'), key: read(tls.keyFile, 'key (WISP_TLS_KEY)'), minVersion: 'TLSv1.2' };
}
