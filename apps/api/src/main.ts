import 'reflect-metadata';
import type { Server } from 'node:http';
import { Logger } from '@nestjs/common';
import { loadConfig, migrateDatabase } from '@wisp/core';
import { createApiApp } from './app.factory';
import { SubjectService } from './auth/subject.service';

/** Starts the controller: migrates the database, seeds dev keys when asked, listens on WISP_API_HOST:WISP_API_PORT. */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  await (await migrateDatabase(config.databaseUrl)).destroy();
  const app = await createApiApp();
  if (config.seedDevKeys) await app.get(SubjectService).seedDevKeys();
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = config.httpKeepAliveMs;
  // Node requires the header deadline to outlast the keep-alive one, or a reused connection can time out mid-request.
  server.headersTimeout = config.httpKeepAliveMs + 5_000;
  await app.listen(config.apiPort, config.apiHost);
  new Logger('Wisp').log(`API listening on ${config.tls ? 'https' : 'http'}://${config.apiHost}:${config.apiPort} as ${config.controllerId}`);
}

bootstrap().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
