import { FeedValidationError } from '../../feed-provider';
import { parsePostgresTarget } from './postgres-target';

export type PostgresOperation = 'insert' | 'update' | 'delete';

/** Stored configuration of a `postgres` subscription. */
export interface PostgresFeedConfig {
  /** postgres:// URL of the user's database. */
  connection: string;
  /** Tables as `schema.table` (schema `public` when the user gave none). */
  tables: string[];
  operations: PostgresOperation[];
  /** logical: replication slot + publication, nothing lost; notify: triggers with pg_notify, nothing kept while away. */
  mode: 'logical' | 'notify';
}

const OPERATIONS: PostgresOperation[] = ['insert', 'update', 'delete'];
const IDENT = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/** Validates and normalises the user's parameters of the `postgres` kind. @throws FeedValidationError */
export function parsePostgresFeedConfig(params: Record<string, unknown>): PostgresFeedConfig {
  const { connection, tables, operations, mode } = params;
  if (typeof connection !== 'string') {
    throw new FeedValidationError('The parameter "connection" must be a PostgreSQL URL: postgres://user:password@host:5432/database.');
  }
  parsePostgresTarget(connection);
  const tableList = list(tables, 'tables').map((t) => {
    const parts = t.split('.');
    if (parts.length > 2 || !parts.every((p) => IDENT.test(p))) {
      throw new FeedValidationError(`The parameter "tables" holds an invalid table name: ${JSON.stringify(t)} (use table or schema.table).`);
    }
    return parts.length === 1 ? `public.${parts[0]}` : t;
  });
  if (tableList.length === 0) throw new FeedValidationError('The parameter "tables" must name at least one table.');
  const ops = operations === undefined || operations === null || operations === '' ? OPERATIONS : list(operations, 'operations').map((o) => o.toLowerCase());
  const badOp = ops.find((o) => !OPERATIONS.includes(o as PostgresOperation));
  if (badOp !== undefined || ops.length === 0) throw new FeedValidationError('The parameter "operations" must list some of insert, update, delete.');
  const m = mode === undefined || mode === null || mode === '' ? 'logical' : mode;
  if (m !== 'logical' && m !== 'notify') throw new FeedValidationError('The parameter "mode" must be "logical" or "notify".');
  return { connection, tables: [...new Set(tableList)], operations: OPERATIONS.filter((o) => ops.includes(o)), mode: m };
}

function list(value: unknown, name: string): string[] {
  const items = typeof value === 'string' ? value.split(',').map((s) => s.trim()).filter(Boolean) : value;
  if (!Array.isArray(items) || items.some((i) => typeof i !== 'string')) {
    throw new FeedValidationError(`The parameter "${name}" must be a list of names or a comma-separated string.`);
  }
  return items as string[];
}

/** The connection URL without its password, for messages and status reasons. */
export function redactedConnection(connection: string): string {
  const u = new URL(connection);
  if (u.password) u.password = '***';
  u.search = '';
  return u.toString();
}

/** Database objects of one subscription, named from its id so DELETE can always find them. */
export interface PostgresObjectNames {
  slot: string;
  publication: string;
  channel: string;
  /** The notify trigger function; the row triggers on each table share its name. */
  notifyFunction: string;
}

export function postgresObjectNames(subscriptionId: string): PostgresObjectNames {
  const hex = subscriptionId.replace(/-/g, '').toLowerCase();
  return { slot: `wisp_${hex}`, publication: `wisp_${hex}`, channel: `wisp_${hex}`, notifyFunction: `wisp_notify_${hex}` };
}

/** `"schema"."table"` for `schema.table`. */
export function quoteTable(table: string): string {
  return table
    .split('.')
    .map((p) => `"${p.replace(/"/g, '""')}"`)
    .join('.');
}
