import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { OutageConfig } from '../config/wisp-config';
import { WISP_ENTITIES } from '../entities';
import { DeadlinePgClient } from './deadline-pg.client';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema';
import { FeedProgress1765000000000 } from './migrations/1765000000000-feed-progress';
import { GithubDeliveries1765000000100 } from './migrations/1765000000100-github-deliveries';
import { DeadLetters1764000000100 } from './migrations/1764000000100-dead-letters';
import { EntityChangeNotify1766000000000 } from './migrations/1766000000000-entity-change-notify';
import { ActivationClaims1765500000000 } from './migrations/1765500000000-activation-claims';
import { ActivationClaimsLost1765600000000 } from './migrations/1765600000000-activation-claims-lost';
import { ActivationClaimsOwner1766200000000 } from './migrations/1766200000000-activation-claims-owner';
import { ActivationKeys1766300000000 } from './migrations/1766300000000-activation-keys';
import { AuditEvents1766412000000 } from './migrations/1766412000000-audit-events';
import { ThrottleCounts1766412000100 } from './migrations/1766412000100-throttle-counts';
import { ActivationPartitions1766000000001 } from './migrations/1766000000001-activation-partitions';
import { Leases1766000000002 } from './migrations/1766000000002-leases';
import { FeedEventFires1766400000000 } from './migrations/1766400000000-feed-event-fires';
import { DurableDeliveries1766400000001 } from './migrations/1766400000001-durable-deliveries';

/** Every migration, in order. Schema changes are made only here, never with `synchronize`. */
export const WISP_MIGRATIONS = [
  InitialSchema1764000000000,
  DeadLetters1764000000100,
  FeedProgress1765000000000,
  GithubDeliveries1765000000100,
  ActivationClaims1765500000000,
  ActivationClaimsLost1765600000000,
  EntityChangeNotify1766000000000,
  ActivationPartitions1766000000001,
  Leases1766000000002,
  ActivationClaimsOwner1766200000000,
  ActivationKeys1766300000000,
  FeedEventFires1766400000000,
  DurableDeliveries1766400000001,
  AuditEvents1766412000000,
  ThrottleCounts1766412000100,
];

/**
 * Builds (does not initialise) the TypeORM data source for `databaseUrl`. With `bounds`, no query can hang while
 * PostgreSQL is unreachable: taking a connection (new, or free from a full pool) fails after the connect timeout, a
 * statement is cancelled by the server after the query timeout, and an answer that never comes (a paused server)
 * fails the query on the client side a little later and discards its connection.
 */
export function createDataSource(databaseUrl: string, poolSize = 10, bounds?: Pick<OutageConfig, 'dbConnectTimeoutMs' | 'dbQueryTimeoutMs'>): DataSource {
  const deadlines = bounds
    ? {
        Client: DeadlinePgClient,
        connectionTimeoutMillis: bounds.dbConnectTimeoutMs,
        statement_timeout: bounds.dbQueryTimeoutMs,
        idle_in_transaction_session_timeout: bounds.dbQueryTimeoutMs,
        // The server cancels first (a clean error on a healthy connection); the client gives up only when no answer comes.
        query_timeout: bounds.dbQueryTimeoutMs + 1_000,
        keepAlive: true,
      }
    : {};
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    entities: WISP_ENTITIES,
    migrations: WISP_MIGRATIONS,
    migrationsTableName: 'wisp_migrations',
    synchronize: false,
    extra: { max: poolSize, ...deadlines },
  });
}

/** Creates the database named in `databaseUrl` when it does not exist yet. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created concurrently by another process
      });
    }
  } finally {
    await client.end();
  }
}

const MIGRATION_LOCK = 7_274_711;

/**
 * Creates the database if missing and applies pending migrations under an advisory lock, so several processes
 * booting at once migrate exactly once. Returns the initialised data source.
 */
export async function migrateDatabase(databaseUrl: string): Promise<DataSource> {
  await ensureDatabase(databaseUrl);
  const ds = createDataSource(databaseUrl, 2);
  await ds.initialize();
  const lock = ds.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ds.runMigrations({ transaction: 'all' });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
  }
  return ds;
}
