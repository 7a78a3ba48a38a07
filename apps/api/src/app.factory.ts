import type { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { loadConfig } from '@wisp/core';
import { AppModule } from './app.module';
import { GithubWebhookService } from './feeds-github/github-webhook.service';
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
    ...(config.tls ? { httpsOptions: tlsOptions(config.tls) } : {}),
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
  });
  const webhooks = app.get(GithubWebhookService);
  app.use(requestIdMiddleware, corsMiddleware, requestTextMiddleware, bodyParser({ githubGate: (id, headers) => webhooks.admit(id, headers) }));
  app.useGlobalFilters(new WispExceptionFilter(storeOutageMapping(config), config.outage.retryAfterS));
  app.enableShutdownHooks();
  const http = app.getHttpAdapter().getInstance();
  http.disable('x-powered-by');
  http.set('etag', false);
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
