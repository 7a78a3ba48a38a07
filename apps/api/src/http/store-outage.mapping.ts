import { StoreUnavailableError, type WispConfig } from '@wisp/core';

/** Turns an error that means "a store is unreachable" into the 503 to answer; undefined for every other error. */
export type OutageMapping = (e: unknown) => StoreUnavailableError | undefined;

/** Socket errors that mean the peer cannot be reached or went away. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * SQLSTATEs of a server that cannot serve now: class 08 (connection exception), 53 (insufficient resources:
 * too many connections, disk full, out of memory), 57014 (statement timeout, which is how a hanging server ends),
 * 57P01–57P03 (shutting down, crashed, starting up).
 */
const UNAVAILABLE_SQLSTATE = /^(08|53|57014|57P0[1-3])/;

/** node-postgres and pg-pool's texts for a lost, refused or overdue connection or answer. */
const PG_CONNECTION_TEXTS = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'is not queryable',
  'Client has encountered a connection error',
];

interface ErrorShape {
  code?: unknown;
  port?: unknown;
  message?: unknown;
  errors?: unknown;
  driverError?: unknown;
}

/**
 * The API's outage mapping: PostgreSQL errors (a TypeORM `QueryFailedError` wraps pg's as `driverError`), pg's own
 * connection texts, and socket errors towards the database's port become 503 naming PostgreSQL with `Retry-After`.
 * RabbitMQ outages are already raised as {@link StoreUnavailableError} by the publish path.
 */
export function storeOutageMapping(config: Pick<WispConfig, 'databaseUrl' | 'outage'>): OutageMapping {
  const databasePort = Number(new URL(config.databaseUrl).port || 5432);
  return (e) => (isPostgresOutage(e, databasePort) ? new StoreUnavailableError('PostgreSQL', config.outage.retryAfterS) : undefined);
}

/** True when `e` says PostgreSQL (listening on `databasePort`) cannot be reached or cannot answer. */
export function isPostgresOutage(e: unknown, databasePort: number, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 3) return false;
  const err = e as ErrorShape;
  if (err.driverError) return isPostgresOutage(err.driverError, databasePort, depth + 1);
  if (Array.isArray(err.errors) && err.errors.some((inner) => isPostgresOutage(inner, databasePort, depth + 1))) return true;
  const code = typeof err.code === 'string' ? err.code : '';
  if (UNREACHABLE_CODES.has(code)) return err.port === undefined || Number(err.port) === databasePort;
  if (/^[0-9A-Z]{5}$/.test(code)) return UNAVAILABLE_SQLSTATE.test(code);
  const message = typeof err.message === 'string' ? err.message : '';
  return PG_CONNECTION_TEXTS.some((t) => message.includes(t));
}
