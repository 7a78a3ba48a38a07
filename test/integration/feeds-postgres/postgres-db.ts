import { ensureDatabase } from '@wisp/core';
import { queryOnce } from '../../support/sql';

/** The user's database of these tests (not Wisp's own). */
export const USER_DB_URL = 'postgres://postgres@127.0.0.1:5432/wisp_it_feeds_user';

export function userSql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return queryOnce<T>(USER_DB_URL, text, params);
}

/** Creates the database and a fresh table `name` (id serial key, sku, qty, note). */
export async function freshTable(name: string, replicaIdentityFull = false): Promise<string> {
  await ensureDatabase(USER_DB_URL);
  await userSql(`DROP TABLE IF EXISTS ${name}`);
  await userSql(`CREATE TABLE ${name} (id serial PRIMARY KEY, sku text NOT NULL, qty integer NOT NULL DEFAULT 1, note text, at timestamptz DEFAULT now())`);
  if (replicaIdentityFull) await userSql(`ALTER TABLE ${name} REPLICA IDENTITY FULL`);
  return `public.${name}`;
}

/** Drops the inactive slots and the publications these tests left in the user's database (a failed run). */
export async function dropLeftovers(): Promise<void> {
  await ensureDatabase(USER_DB_URL);
  await userSql(`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = 'wisp_it_feeds_user' AND NOT active AND slot_name LIKE 'wisp\\_%'`);
  for (const { pubname } of await userSql<{ pubname: string }>(`SELECT pubname FROM pg_publication WHERE pubname LIKE 'wisp\\_%'`)) {
    await userSql(`DROP PUBLICATION IF EXISTS "${pubname}"`);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
