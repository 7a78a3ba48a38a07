import { FeedEgressMessages } from '@wisp/core';
import { FeedEgressError } from '../../egress/feed-connector';
import { decodeUrlPart } from '../../egress/url-part';
import { FeedValidationError } from '../../feed-provider';

/** A PostgreSQL URL broken into the parts Wisp passes on; nothing else of the URL reaches the driver. */
export interface PostgresTarget {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  /** false: plain; otherwise TLS, certificate checked against the host name when `verify`. */
  ssl: false | { verify: boolean };
}

/** The only query options a tenant may set: none of them names a file or overrides what Wisp sets. */
const ALLOWED_OPTIONS = ['sslmode'];
const SSL_MODES: Record<string, PostgresTarget['ssl']> = {
  disable: false,
  prefer: { verify: false },
  require: { verify: false },
  'no-verify': { verify: false },
  'verify-ca': { verify: true },
  'verify-full': { verify: true },
};

/**
 * Reads a tenant's `postgres://user:password@host:port/database?sslmode=…` strictly: a unix socket (`?host=/…`,
 * a `%2F` path, an empty host) is refused, and so is every query option but `sslmode` (libpq's `sslcert`,
 * `sslkey`, `sslrootcert`, `passfile`, `options`, `application_name`, `replication`, `host`, …), by name.
 * @throws FeedValidationError (FeedEgressError for a socket path)
 */
export function parsePostgresTarget(connection: string, param = 'connection'): PostgresTarget {
  let u: URL;
  try {
    u = new URL(connection);
  } catch {
    throw new FeedValidationError(`The parameter "${param}" must be a PostgreSQL URL: postgres://user:password@host:5432/database.`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new FeedValidationError(`The parameter "${param}" must be a PostgreSQL URL: postgres://user:password@host:5432/database.`);
  }
  for (const key of new Set(u.searchParams.keys())) {
    if (key === 'host') throw new FeedEgressError(FeedEgressMessages.unixSocket(u.searchParams.get('host') ?? ''));
    if (!ALLOWED_OPTIONS.includes(key)) throw new FeedValidationError(FeedEgressMessages.optionRefused(key, param, ALLOWED_OPTIONS));
  }
  const host = decodeUrlPart(u.hostname, param, 'host').replace(/^\[|\]$/g, '');
  if (host === '' || host.includes('/') || host.includes('\\')) throw new FeedEgressError(FeedEgressMessages.unixSocket(host || '(default socket)'));
  if (host.includes(',')) throw new FeedValidationError(`The parameter "${param}" must name a single host.`);
  const port = u.port === '' ? 5432 : Number(u.port);
  const database = decodeUrlPart(u.pathname.replace(/^\//, ''), param, 'database');
  if (database === '' || database.includes('/')) throw new FeedValidationError(`The parameter "${param}" must name a database: postgres://user@host:5432/database.`);
  const mode = u.searchParams.get('sslmode') ?? 'disable';
  if (!(mode in SSL_MODES)) throw new FeedValidationError(`The parameter "${param}" has an unknown sslmode "${mode}" (use one of ${Object.keys(SSL_MODES).join(', ')}).`);
  const user = decodeUrlPart(u.username, param, 'user');
  if (user === '') throw new FeedValidationError(`The parameter "${param}" must name a user: postgres://user@host:5432/database.`);
  const target: PostgresTarget = { host, port, user, database, ssl: SSL_MODES[mode] };
  if (u.password !== '') target.password = decodeUrlPart(u.password, param, 'password');
  return target;
}
