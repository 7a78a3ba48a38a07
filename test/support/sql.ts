import { Client } from 'pg';

/** Runs one statement on its own short-lived connection to `databaseUrl` (test checks and fixtures). */
export async function queryOnce<T = Record<string, unknown>>(databaseUrl: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}
