import { loadConfig, migrateDatabase } from '@wisp/core';

/** `npm run migrate`: creates the database if missing and applies pending migrations. */
async function main(): Promise<void> {
  const config = loadConfig();
  const ds = await migrateDatabase(config.databaseUrl);
  await ds.destroy();
  console.log(`database ${new URL(config.databaseUrl).pathname.slice(1)} is migrated`);
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exit(1);
});
