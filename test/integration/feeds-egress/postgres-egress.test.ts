import { randomUUID } from 'node:crypto';
import { ensureDatabase } from '@wisp/core';
import {
  FeedEgressError,
  FeedValidationError,
  PostgresFeedProvider,
  type DatabaseIdentity,
  type FeedConnector,
  type FeedSubscription,
  type PostgresFeedConfig,
} from '@wisp/feeds';
import { testEgress } from '../../../libs/feeds/src/testing/test-egress';
import { queryOnce } from '../../support/sql';
import { countingListener, type CountingListener } from './loopback-listener';

/** Unique to this checkout's runs (several engineers share the server). */
const SUFFIX = process.env.WISP_E2E_PORT ?? String(process.pid);
const OWN_DB = `wisp_it_egress_own_${SUFFIX}`;
const TENANT_DB = `wisp_it_egress_tenant_${SUFFIX}`;
const url = (db: string, host = '127.0.0.1:5432') => `postgres://postgres@${host}/${db}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Event = Record<string, unknown>;

class Sink {
  readonly events: Event[] = [];
  readonly reports: { reason: string; done: boolean }[] = [];
  readonly emit = async (e: Event) => {
    this.events.push(e);
  };
  readonly report = (reason: string, opts?: { done?: boolean }) => {
    this.reports.push({ reason, done: opts?.done === true });
  };
  async until(check: () => boolean, what: string, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error(`${what} did not happen; reports ${JSON.stringify(this.reports)}`);
      await sleep(25);
    }
  }
}

/** Every wisp_ object a feed could have left in `db`. */
async function feedObjects(db: string): Promise<string[]> {
  const rows = await queryOnce<{ name: string }>(
    url(db),
    `SELECT slot_name AS name FROM pg_replication_slots WHERE database = $1 AND slot_name LIKE 'wisp\\_%'
     UNION ALL SELECT pubname FROM pg_publication WHERE pubname LIKE 'wisp\\_%'
     UNION ALL SELECT proname FROM pg_proc WHERE proname ~ '^wisp_notify_[0-9a-f]{32}$'`,
    [db],
  );
  return rows.map((r) => r.name);
}

describe('PostgreSQL feeds through the egress check', () => {
  let own: DatabaseIdentity;
  let provider: PostgresFeedProvider;
  const made: FeedSubscription<PostgresFeedConfig>[] = [];
  const listeners: CountingListener[] = [];

  const subOf = (egress: FeedConnector, connection: string, mode: 'logical' | 'notify'): FeedSubscription<PostgresFeedConfig> => ({
    id: randomUUID(),
    target: { namespace: 'it', name: 't', ownerUuid: randomUUID() },
    config: { connection, tables: ['public.items'], operations: ['insert', 'update', 'delete'], mode },
    egress,
  });
  const devConnector = (max = 100) => testEgress({ ownDatabase: own }).connectorFor('it', max);
  /** Creates and starts a subscription; resolves once it listens (notify) and returns its sink. */
  const created = async (sub: FeedSubscription<PostgresFeedConfig>): Promise<Sink> => {
    sub.config = await provider.create(sub);
    made.push(sub);
    const sink = new Sink();
    await provider.start(sub, sink.emit, sink.report);
    await sink.until(() => sink.reports.some((r) => r.reason.startsWith('listening')), 'listening');
    return sink;
  };
  /** Inserts a row into the tenant table and waits for its event. */
  const insertAndWait = async (sink: Sink, sku: string): Promise<void> => {
    await queryOnce(url(TENANT_DB), 'INSERT INTO items (sku) VALUES ($1)', [sku]);
    await sink.until(() => sink.events.some((e) => (e.new as { sku?: string } | null)?.sku === sku), `the event of ${sku}`);
  };

  beforeAll(async () => {
    for (const db of [OWN_DB, TENANT_DB]) {
      await ensureDatabase(url(db));
      await queryOnce(url(db), 'CREATE TABLE IF NOT EXISTS items (id serial PRIMARY KEY, sku text)');
    }
    // The database standing for Wisp's own here is recognised by identity, exactly as the API reads its own at boot.
    const [row] = await queryOnce<{ s: string; d: string }>(url(OWN_DB), 'SELECT system_identifier::text AS s, current_database() AS d FROM pg_control_system()');
    own = { systemIdentifier: row.s, database: row.d };
  });

  beforeEach(() => {
    provider = new PostgresFeedProvider();
  });

  afterEach(async () => {
    await provider.onApplicationShutdown();
    for (const s of made.splice(0)) await provider.delete({ ...s, egress: devConnector() });
    for (const l of listeners.splice(0)) await l.close();
  });

  const spellings: [string, RegExp][] = [
    [url(OWN_DB), /Wisp's own database/],
    [url(OWN_DB, 'localhost:5432'), /Wisp's own database/],
    [url(OWN_DB, 'LOCALHOST'), /Wisp's own database/],
    [url(OWN_DB, '127.1'), /Wisp's own database/],
    [url(OWN_DB, '2130706433:5432'), /Wisp's own database/],
    [url(OWN_DB, '0x7f.1'), /Wisp's own database/],
    [url(OWN_DB, '[::ffff:127.0.0.1]:5432'), /Wisp's own database/],
    [`${url(OWN_DB)}?sslmode=disable`, /Wisp's own database/],
    [url(OWN_DB, '0.0.0.0:5432'), /Feeds may not connect to 0\.0\.0\.0:5432/],
    [url(OWN_DB, '0:5432'), /Feeds may not connect to 0\.0\.0\.0:5432/],
    [`${url(OWN_DB)}?host=/var/run/postgresql`, /unix socket/],
    [`postgres://postgres@%2Fvar%2Frun%2Fpostgresql/${OWN_DB}`, /unix socket/],
    [`postgres:///${OWN_DB}?host=%2Fvar%2Frun%2Fpostgresql`, /unix socket/],
    [`${url(OWN_DB)}?application_name=x&options=-csearch_path%3Dpublic`, /option "application_name"/],
    [`${url(OWN_DB)}?sslrootcert=/etc/passwd`, /option "sslrootcert"/],
  ];

  for (const mode of ['logical', 'notify'] as const) {
    it(`refuses Wisp's own database in every spelling (${mode}) and creates nothing there`, async () => {
      const failures: string[] = [];
      for (const [connection, expected] of spellings) {
        const sub = subOf(devConnector(), connection, mode);
        let error: unknown;
        try {
          sub.config = provider.validate({ connection, tables: ['items'], mode });
          await provider.create(sub);
          made.push(sub);
        } catch (e) {
          error = e;
        }
        const message = (error as Error | undefined)?.message ?? 'accepted';
        if (!(error instanceof FeedValidationError) || !expected.test(message)) failures.push(`${connection}: ${message}`);
      }
      expect(failures).toEqual([]);
      expect(await feedObjects(OWN_DB)).toEqual([]);
    });

    it(`refuses Wisp's own database again at start, as a lease taker (${mode}), and disables the subscription`, async () => {
      const sub = subOf(devConnector(), url(OWN_DB, 'localhost:5432'), mode);
      const sink = new Sink();
      await provider.start(sub, sink.emit, sink.report);
      await sink.until(() => sink.reports.some((r) => r.done), 'a final report');
      expect(sink.reports.find((r) => r.done)!.reason).toMatch(/Wisp's own database/);
      await provider.stop(sub);
      expect(await feedObjects(OWN_DB)).toEqual([]);
    });
  }

  it('accepts a tenant database on the same server, and its changes fire', async () => {
    const logical = subOf(devConnector(), url(TENANT_DB, '127.1'), 'logical');
    logical.config = await provider.create(logical);
    made.push(logical);
    const sink = await created(subOf(devConnector(), url(TENANT_DB, 'localhost:5432'), 'notify'));
    await insertAndWait(sink, 'tenant-row');
    expect(sink.events[0]).toMatchObject({ table: 'items', operation: 'insert', new: { sku: 'tenant-row' } });
  });

  it('connects to an allowed non-default address end to end, and never opens a socket to one outside WISP_FEED_ALLOW', async () => {
    const allowed = await countingListener('127.0.0.2', { forwardTo: 5432 });
    const refused = await countingListener('127.0.0.3', { forwardTo: 5432 });
    listeners.push(allowed, refused);
    const egress = testEgress({ allow: `127.0.0.2:${allowed.port}`, ownDatabase: own }).connectorFor('it', 100);

    await insertAndWait(await created(subOf(egress, url(TENANT_DB, `127.0.0.2:${allowed.port}`), 'notify')), 'via-127.0.0.2');
    expect(allowed.connections).toBeGreaterThanOrEqual(2);

    for (const connection of [url(TENANT_DB, `127.0.0.3:${refused.port}`), url(TENANT_DB, `localhost:${allowed.port}`), url(TENANT_DB, `127.0.0.2:${refused.port}`)]) {
      for (const mode of ['logical', 'notify'] as const) {
        const bad = subOf(egress, connection, mode);
        await expect(provider.create(bad)).rejects.toThrow(FeedEgressError);
        await expect(provider.create(bad)).rejects.toThrow(/Feeds may not connect to .*(not in WISP_FEED_ALLOW)/);
        const badSink = new Sink();
        await provider.start(bad, badSink.emit, badSink.report);
        await badSink.until(() => badSink.reports.some((r) => r.done), 'the start refusal');
        await provider.stop(bad);
      }
    }
    expect(refused.connections).toBe(0);
  });

  it('holds a namespace to its limit of open feed connections', async () => {
    const egress = testEgress({ ownDatabase: own });
    const first = subOf(egress.connectorFor('limited', 1), url(TENANT_DB), 'notify');
    const sink = await created(first);
    expect(egress.openConnections('limited')).toBe(1);

    const second = subOf(egress.connectorFor('limited', 1), url(TENANT_DB), 'notify');
    await expect(provider.create(second)).rejects.toThrow(/limit of 1 open feed connections/);
    // Another namespace is not held by it.
    const other = subOf(egress.connectorFor('other', 1), url(TENANT_DB), 'notify');
    other.config = await provider.create(other);
    made.push(other);

    await provider.stop(first);
    await sink.until(() => egress.openConnections('limited') === 0, 'the connection released');
    second.config = await provider.create(second);
    made.push(second);
  });
});
