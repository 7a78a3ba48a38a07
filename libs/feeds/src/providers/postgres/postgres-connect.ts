import { Client, type ClientConfig } from 'pg';
import { FeedEgressMessages } from '@wisp/core';
import { FeedEgressError, type FeedConnector, type VettedEndpoint } from '../../egress/feed-connector';
import type { ReceiveCap } from '../../egress/receive-guard';
import { parsePostgresTarget, type PostgresTarget } from './postgres-target';

/** How long opening a feed connection may take (TCP, TLS, authentication). */
export const CONNECT_TIMEOUT_MS = 5000;

/**
 * Bound on one statement (server side) and one query's answer (client side) of the admin and LISTEN connections:
 * creating a replication slot waits for running transactions, so it is generous; it only has to be finite.
 */
export const QUERY_TIMEOUT_MS = 30_000;

/** The timeouts every non-replication feed connection carries (a replication stream is one endless command). */
export const QUERY_TIMEOUTS = { statement_timeout: QUERY_TIMEOUT_MS, query_timeout: QUERY_TIMEOUT_MS } as const;

/** A tenant database endpoint that passed the egress policy, ready to open connections to. */
export interface VettedPostgres {
  target: PostgresTarget;
  endpoint: VettedEndpoint;
  egress: FeedConnector;
}

/** Parses and vets `connection` (resolving its host once); nothing is opened. @throws FeedValidationError */
export async function vetPostgres(egress: FeedConnector, connection: string): Promise<VettedPostgres> {
  const target = parsePostgresTarget(connection);
  return { target, endpoint: await egress.vet(target.host, target.port), egress };
}

/**
 * pg's client options for a vetted database: built from the parsed parts (never the URL), the socket from the
 * connector (pinned to the vetted address), TLS checking the original host name.
 *
 * pg fills every option it is not given (or given falsy) from the controller's environment: the password from
 * PGPASSWORD, then ~/.pgpass or PGPASSFILE (a host file); `options`, `client_encoding`, `sslnegotiation`,
 * `replication`, the application name and the connect timeout from PG* variables; TLS from PGSSLMODE. Each is set here, the password
 * as a function (which pg calls instead of reading either), so nothing of the controller's own credentials or
 * settings reaches a tenant's server. With `cap`, the socket receives at most the cap until the caller lifts it
 * (after {@link assertForeignDatabase}), so a server cannot answer the identity query with a 1 GB row.
 */
export function postgresClientConfig(v: VettedPostgres, extra: ClientConfig & { application_name: string }, cap?: ReceiveCap): ClientConfig {
  const { target } = v;
  const config: ClientConfig & { replication: string } = {
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    ...extra,
    host: target.host,
    port: target.port,
    user: target.user,
    password: async () => target.password ?? '',
    database: target.database,
    options: '-c client_min_messages=notice',
    // A plain connection says so (PGREPLICATION cannot make it a walsender); the replication stream sets its own.
    replication: 'false',
    client_encoding: 'UTF8',
    sslnegotiation: 'postgres',
    ssl: target.ssl === false ? false : { rejectUnauthorized: target.ssl.verify },
    stream: () => v.egress.socket(v.endpoint, cap ? [cap] : []),
  };
  return config;
}

/**
 * Refuses Wisp's own database by identity, on a connection that has read nothing yet: its cluster's
 * `system_identifier` and `current_database()` are compared with Wisp's own. A server that will not tell is refused.
 * @throws FeedEgressError
 */
export async function assertForeignDatabase(client: Client, egress: FeedConnector): Promise<void> {
  let row: { system_identifier: string; database: string } | undefined;
  try {
    const { rows } = await client.query('SELECT system_identifier::text AS system_identifier, current_database() AS database FROM pg_control_system()');
    row = rows[0];
  } catch (e) {
    throw new FeedEgressError(FeedEgressMessages.identityUnverifiable((e as Error).message));
  }
  if (!row) throw new FeedEgressError(FeedEgressMessages.identityUnverifiable('no row'));
  egress.assertForeignDatabase({ systemIdentifier: row.system_identifier, database: row.database });
}
