import 'reflect-metadata';
import { createDataSource, loadConfig, migrateDatabase } from '@wisp/core';
import { SubjectService } from '../auth/subject.service';
import { NamespaceLimitsService } from '../namespaces/namespace-limits.service';
import { runCommand } from './commands';

/** `npm run wisp -- <command>`: administration that OpenWhisk does with wskadmin. */
async function main(): Promise<void> {
  const config = loadConfig();
  await (await migrateDatabase(config.databaseUrl)).destroy();
  const db = await createDataSource(config.databaseUrl, 2).initialize();
  try {
    const out = await runCommand(process.argv.slice(2), { subjects: new SubjectService(db), limits: new NamespaceLimitsService(db, config), db, config });
    process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`wisp: ${e.message}\n`);
  process.exit(1);
});
