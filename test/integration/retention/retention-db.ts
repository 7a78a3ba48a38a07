import { Client } from 'pg';

/** Suffix that keeps this engineer's (or this CI run's) scratch databases apart from every other run. */
const SUFFIX = process.env.WISP_E2E_3306 ?? process.env.WISP_E2E_PORT ?? 'ci';

/** URL of a scratch database of the retention suites, dropped and created empty. */
export async function freshDatabase(purpose: string): Promise<string> {
  const name = `wisp_it_retention_${purpose}_${SUFFIX}`.replace(/[^a-z0-9_]/gi, '_');
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return `postgres://postgres@127.0.0.1:5432/${name}`;
}
