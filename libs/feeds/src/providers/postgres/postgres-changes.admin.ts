import { Client } from 'pg';
import { FeedEgressError, type FeedConnector } from '../../egress/feed-connector';
import { FeedValidationError } from '../../feed-provider';
import { assertForeignDatabase, postgresClientConfig, QUERY_TIMEOUTS, vetPostgres, type VettedPostgres } from './postgres-connect';
import { parsePostgresTarget } from './postgres-target';
import { postgresObjectNames, quoteTable, redactedConnection, type PostgresFeedConfig, type PostgresObjectNames } from './postgres-feed-config';

/** A database error's SQLSTATE, when it has one. */
function sqlState(e: unknown): string | undefined {
  return (e as { code?: string }).code;
}

/**
 * Sets up and tears down what a `postgres` subscription needs in the user's database: in `logical` mode a
 * publication on the tables and a `pgoutput` replication slot, in `notify` mode a trigger function calling
 * `pg_notify` and one row trigger per table. Every object is named from the subscription id, so teardown finds
 * them without any stored state, whatever mode and however far setup got.
 */
export class PostgresChangesAdmin {
  /**
   * Opens a short-lived connection to a vetted database and refuses Wisp's own before anything is read.
   * @throws FeedValidationError naming the (password-less) URL and the cause; FeedEgressError for Wisp's own database
   */
  static async connect(v: VettedPostgres, connection: string): Promise<Client> {
    const cap = v.egress.receiveCap();
    const client = new Client(postgresClientConfig(v, { application_name: 'wisp-feeds', ...QUERY_TIMEOUTS }, cap));
    client.on('error', () => undefined); // a dropped admin connection fails the query in flight; that is reported
    try {
      await client.connect();
    } catch (e) {
      await client.end().catch(() => undefined);
      if (e instanceof FeedValidationError) throw e;
      throw new FeedValidationError(`Cannot connect to PostgreSQL at ${redactedConnection(connection)}: ${(e as Error).message || sqlState(e) || String(e)}`);
    }
    try {
      await assertForeignDatabase(client, v.egress);
      cap.lift();
    } catch (e) {
      await client.end().catch(() => undefined);
      throw e;
    }
    return client;
  }

  /** Vets `connection` through `egress` and opens a checked connection (see {@link connect}). */
  static async open(egress: FeedConnector, connection: string): Promise<Client> {
    return PostgresChangesAdmin.connect(await vetPostgres(egress, connection), connection);
  }

  /**
   * Brings the database in line with `config` (CREATE and UPDATE); idempotent. With `undoOnFailure` (CREATE) a
   * failure drops whatever it had created; an UPDATE that fails leaves the existing slot alone.
   */
  static async reconcile(egress: FeedConnector, subscriptionId: string, config: PostgresFeedConfig, undoOnFailure: boolean): Promise<void> {
    const names = postgresObjectNames(subscriptionId);
    const db = await PostgresChangesAdmin.open(egress, config.connection);
    try {
      await PostgresChangesAdmin.checkTables(db, config);
      if (config.mode === 'logical') {
        await PostgresChangesAdmin.dropNotify(db, names);
        await PostgresChangesAdmin.ensureLogical(db, names, config);
      } else {
        await PostgresChangesAdmin.dropLogical(db, names);
        await PostgresChangesAdmin.ensureNotify(db, names, config);
      }
    } catch (e) {
      if (undoOnFailure) await PostgresChangesAdmin.dropEverything(db, names).catch(() => undefined);
      throw e;
    } finally {
      await db.end().catch(() => undefined);
    }
  }

  /**
   * Drops the slot, the publication and the notify function with its triggers. Succeeds when they are already gone
   * or the database no longer exists; otherwise a failure throws, so the subscription (and the reminder that a slot
   * holds WAL on that server) stays until a DELETE succeeds. A target the feed policy refuses is not touched (Wisp
   * never connects there on a tenant's behalf), so such a subscription can always be deleted.
   */
  static async drop(egress: FeedConnector, subscriptionId: string, connection: string): Promise<void> {
    const names = postgresObjectNames(subscriptionId);
    try {
      parsePostgresTarget(connection);
    } catch {
      // Stored before the URL whitelist: Wisp no longer connects with it, so there is nothing it may drop.
      return;
    }
    let db: Client;
    try {
      db = await PostgresChangesAdmin.open(egress, connection);
    } catch (e) {
      if (e instanceof FeedEgressError) return;
      if (/database "[^"]*" does not exist/.test((e as Error).message)) return;
      throw new Error(`${(e as Error).message}. Its replication slot ${names.slot} (if any) keeps WAL on that server until it is dropped: retry the delete once the database is reachable.`);
    }
    try {
      await PostgresChangesAdmin.dropEverything(db, names);
    } finally {
      await db.end().catch(() => undefined);
    }
  }

  /** The slot's state for READ, or undefined when it does not exist. */
  static async slotState(egress: FeedConnector, subscriptionId: string, connection: string): Promise<Record<string, unknown> | undefined> {
    const { slot } = postgresObjectNames(subscriptionId);
    const db = await PostgresChangesAdmin.open(egress, connection);
    try {
      const { rows } = await db.query(
        `SELECT slot_name, active, confirmed_flush_lsn::text AS confirmed_flush_lsn,
                pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint::text AS lag_bytes
           FROM pg_replication_slots WHERE slot_name = $1`,
        [slot],
      );
      return rows[0] ? { name: rows[0].slot_name, active: rows[0].active, confirmedFlushLsn: rows[0].confirmed_flush_lsn, lagBytes: Number(rows[0].lag_bytes) } : undefined;
    } finally {
      await db.end().catch(() => undefined);
    }
  }

  /** The LSN the slot resumes from (what was acknowledged last). */
  static async confirmedLsn(db: Client, slot: string): Promise<string | undefined> {
    const { rows } = await db.query(`SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1`, [slot]);
    return rows[0]?.lsn ?? undefined;
  }

  private static async checkTables(db: Client, config: PostgresFeedConfig): Promise<void> {
    for (const table of config.tables) {
      const { rows } = await db.query('SELECT to_regclass($1) AS oid', [quoteTable(table)]);
      if (!rows[0]?.oid) throw new FeedValidationError(`The table ${table} does not exist in ${redactedConnection(config.connection)}.`);
    }
  }

  private static async ensureLogical(db: Client, names: PostgresObjectNames, config: PostgresFeedConfig): Promise<void> {
    const { rows: wal } = await db.query('SHOW wal_level');
    if (wal[0]?.wal_level !== 'logical') {
      throw new FeedValidationError(
        `PostgreSQL at ${redactedConnection(config.connection)} has wal_level=${wal[0]?.wal_level}; mode "logical" needs wal_level=logical ` +
          `(ALTER SYSTEM SET wal_level = logical, then restart PostgreSQL), or use mode "notify".`,
      );
    }
    const tables = config.tables.map(quoteTable).join(', ');
    const publish = config.operations.join(', ');
    await PostgresChangesAdmin.explain(`create the publication ${names.publication}`, async () => {
      const { rowCount } = await db.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [names.publication]);
      if (rowCount) {
        await db.query(`ALTER PUBLICATION "${names.publication}" SET TABLE ${tables}`);
        await db.query(`ALTER PUBLICATION "${names.publication}" SET (publish = '${publish}')`);
      } else {
        await db.query(`CREATE PUBLICATION "${names.publication}" FOR TABLE ${tables} WITH (publish = '${publish}')`);
      }
    });
    await PostgresChangesAdmin.explain(`create the replication slot ${names.slot}`, async () => {
      const { rowCount } = await db.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [names.slot]);
      if (rowCount) return;
      await db.query(`SELECT pg_create_logical_replication_slot($1, 'pgoutput')`, [names.slot]).catch((e) => {
        if (sqlState(e) !== '42710') throw e; // created concurrently by a retried CREATE
      });
    });
  }

  private static async ensureNotify(db: Client, names: PostgresObjectNames, config: PostgresFeedConfig): Promise<void> {
    const schema = config.tables[0].split('.')[0];
    const fn = `"${schema}"."${names.notifyFunction}"`;
    const events = config.operations.map((o) => o.toUpperCase()).join(' OR ');
    await PostgresChangesAdmin.explain('install the notify triggers', async () => {
      await db.query('BEGIN');
      try {
        // pg_notify refuses payloads of 8000 bytes or more and would fail the user's statement: send the row only when it fits.
        await db.query(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $wisp$
          DECLARE payload text;
          BEGIN
            payload := json_build_object('table', TG_TABLE_NAME, 'schema', TG_TABLE_SCHEMA, 'operation', lower(TG_OP),
              'new', CASE WHEN TG_OP <> 'DELETE' THEN row_to_json(NEW) END,
              'old', CASE WHEN TG_OP <> 'INSERT' THEN row_to_json(OLD) END,
              'commitTime', now())::text;
            IF octet_length(payload) > 7900 THEN
              payload := json_build_object('table', TG_TABLE_NAME, 'schema', TG_TABLE_SCHEMA, 'operation', lower(TG_OP),
                'new', NULL, 'old', NULL, 'truncated', true, 'commitTime', now())::text;
            END IF;
            PERFORM pg_notify('${names.channel}', payload);
            RETURN NULL;
          END $wisp$`);
        const { rows } = await db.query(
          `SELECT n.nspname || '.' || c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE t.tgname = $1`,
          [names.notifyFunction],
        );
        for (const { table } of rows as { table: string }[]) await db.query(`DROP TRIGGER IF EXISTS "${names.notifyFunction}" ON ${quoteTable(table)}`);
        for (const table of config.tables) {
          await db.query(`CREATE TRIGGER "${names.notifyFunction}" AFTER ${events} ON ${quoteTable(table)} FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
        }
        await db.query('COMMIT');
      } catch (e) {
        await db.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
  }

  private static async dropEverything(db: Client, names: PostgresObjectNames): Promise<void> {
    await PostgresChangesAdmin.dropLogical(db, names);
    await PostgresChangesAdmin.dropNotify(db, names);
  }

  /** Drops the slot (ending a stream still attached to it) and the publication. */
  private static async dropLogical(db: Client, names: PostgresObjectNames): Promise<void> {
    await PostgresChangesAdmin.explain(`drop the replication slot ${names.slot}`, async () => {
      for (let attempt = 0; ; attempt++) {
        const { rows } = await db.query('SELECT active_pid FROM pg_replication_slots WHERE slot_name = $1', [names.slot]);
        if (rows.length === 0) break;
        if (rows[0].active_pid) await db.query('SELECT pg_terminate_backend($1)', [rows[0].active_pid]);
        try {
          await db.query('SELECT pg_drop_replication_slot($1)', [names.slot]);
          break;
        } catch (e) {
          // 55006: still active (the stream's backend is exiting); 42704: dropped concurrently.
          if (sqlState(e) === '42704') break;
          if (sqlState(e) !== '55006' || attempt >= 20) throw e;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    });
    await PostgresChangesAdmin.explain(`drop the publication ${names.publication}`, () => db.query(`DROP PUBLICATION IF EXISTS "${names.publication}"`));
  }

  /** Drops the notify function in every schema it exists in; CASCADE removes its row triggers. */
  private static async dropNotify(db: Client, names: PostgresObjectNames): Promise<void> {
    await PostgresChangesAdmin.explain('remove the notify triggers', async () => {
      const { rows } = await db.query(`SELECT n.nspname AS schema FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.proname = $1`, [names.notifyFunction]);
      for (const { schema } of rows as { schema: string }[]) await db.query(`DROP FUNCTION IF EXISTS "${schema}"."${names.notifyFunction}"() CASCADE`);
    });
  }

  private static async explain<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (e instanceof FeedValidationError) throw e;
      throw new FeedValidationError(`Could not ${what}: ${(e as Error).message}`);
    }
  }
}
