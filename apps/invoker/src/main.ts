import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig, migrateDatabase, Topology, WispLogger } from '@wisp/core';
import { startInvoker } from './invoker.app';

/** Starts one invoker: several (different WISP_INVOKER_ID) may share one broker and database. */
async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // Safe to run from every process at once (advisory lock); lets an invoker start before the API.
  await (await migrateDatabase(config.databaseUrl)).destroy();
  await startInvoker(config, { logger: new WispLogger(config, 'invoker'), shutdownHooks: true });
  new Logger('Wisp').log(`invoker ${config.invokerId} consuming ${Topology.invokerQueue(config.invokerId)} with ${config.invokerMemoryMb} MB for actions`);
}

bootstrap().catch((e: Error) => {
  console.error(e.stack ?? e.message);
  process.exit(1);
});
