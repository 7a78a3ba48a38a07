import { randomUUID } from 'node:crypto';
import { FeedValidationError, PostgresFeedProvider, postgresObjectNames, type FeedSubscription, type PostgresFeedConfig } from '@wisp/feeds';
import { describeFeedProviderContract } from '../../../libs/feeds/src/testing/feed-provider.contract';
import { dropLeftovers, freshTable, sleep, USER_DB_URL, userSql } from './postgres-db';
import { testConnector } from '../../../libs/feeds/src/testing/test-egress';

type Event = Record<string, unknown>;

class Sink {
  readonly events: Event[] = [];
  readonly reports: string[] = [];
  calls = 0;
  /** Emit calls (1-based) that throw: a fire that was not accepted. */
  readonly failOn = new Set<number>();
  readonly emit = async (e: Event) => {
    this.calls++;
    if (this.failOn.has(this.calls)) throw new Error('fire not accepted');
    this.events.push(e);
  };
  readonly report = (r: string) => {
    this.reports.push(r);
  };
  async waitFor(n: number, ms = 10_000): Promise<void> {
    const until = Date.now() + ms;
    while (this.events.length < n) {
      if (Date.now() > until) throw new Error(`expected ${n} events, got ${this.events.length}: ${JSON.stringify(this.events)}; reports ${JSON.stringify(this.reports)}`);
      await sleep(25);
    }
  }
}

function sub(provider: PostgresFeedProvider, params: Record<string, unknown>): FeedSubscription<PostgresFeedConfig> {
  return { id: randomUUID(), target: { namespace: 'it', name: 't', ownerUuid: randomUUID() }, config: provider.validate({ connection: USER_DB_URL, ...params }), egress: testConnector() };
}

const slotExists = async (id: string) => (await userSql('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [postgresObjectNames(id).slot])).length > 0;
const publicationExists = async (id: string) => (await userSql('SELECT 1 FROM pg_publication WHERE pubname = $1', [postgresObjectNames(id).publication])).length > 0;

describe('PostgreSQL changes feed (logical) on the machine\'s PostgreSQL', () => {
  let provider: PostgresFeedProvider;
  const made: FeedSubscription<PostgresFeedConfig>[] = [];
  const make = async (params: Record<string, unknown>) => {
    const s = sub(provider, params);
    s.config = await provider.create(s);
    made.push(s);
    return s;
  };

  beforeAll(async () => {
    await dropLeftovers();
  });

  beforeEach(() => {
    provider = new PostgresFeedProvider();
  });

  afterEach(async () => {
    await provider.onApplicationShutdown();
    for (const s of made.splice(0)) await provider.delete(s);
  });

  it('insert, update and delete reach emit in commit order, with table, schema, operation, new, old, lsn, commitTime', async () => {
    const table = await freshTable('it_orders_a');
    const s = await make({ tables: ['it_orders_a'] });
    const sink = new Sink();
    await provider.start(s, sink.emit, sink.report);
    await userSql(`INSERT INTO it_orders_a (sku, qty) VALUES ('apple', 3)`);
    await userSql(`UPDATE it_orders_a SET qty = 4 WHERE sku = 'apple'`);
    await userSql(`DELETE FROM it_orders_a WHERE sku = 'apple'`);
    await sink.waitFor(3);
    const [ins, upd, del] = sink.events;
    expect(table).toBe('public.it_orders_a');
    expect(ins).toMatchObject({ table: 'it_orders_a', schema: 'public', operation: 'insert', new: { id: 1, sku: 'apple', qty: 3, note: null }, old: null });
    expect(ins.new).toMatchObject({ at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(upd).toMatchObject({ operation: 'update', new: { id: 1, qty: 4 }, old: null });
    expect(del).toMatchObject({ operation: 'delete', new: null, old: { id: 1 } });
    for (const e of sink.events) {
      expect(e.lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
      expect(new Date(e.commitTime as string).getTime()).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(sink.reports.some((r) => r.startsWith('streaming changes of public.it_orders_a'))).toBe(true);
  });

  it('REPLICA IDENTITY FULL tables carry the whole old row', async () => {
    await freshTable('it_orders_full', true);
    const s = await make({ tables: 'it_orders_full', operations: 'update,delete' });
    const sink = new Sink();
    await provider.start(s, sink.emit, sink.report);
    await userSql(`INSERT INTO it_orders_full (sku, qty) VALUES ('pear', 1)`);
    await userSql(`UPDATE it_orders_full SET qty = 2`);
    await userSql(`DELETE FROM it_orders_full`);
    await sink.waitFor(2);
    await sleep(300);
    expect(sink.events.map((e) => e.operation)).toEqual(['update', 'delete']); // no insert: not in operations
    expect(sink.events[0]).toMatchObject({ old: { sku: 'pear', qty: 1 }, new: { sku: 'pear', qty: 2 } });
    expect(sink.events[1]).toMatchObject({ old: { sku: 'pear', qty: 2 }, new: null });
  });

  it('changes made while stopped arrive after a restart, once each; nothing before is repeated', async () => {
    await freshTable('it_orders_b');
    const s = await make({ tables: ['it_orders_b'] });
    const first = new Sink();
    await provider.start(s, first.emit, first.report);
    await userSql(`INSERT INTO it_orders_b (sku) VALUES ('one')`);
    await first.waitFor(1);
    await provider.onApplicationShutdown(); // Wisp goes away
    await userSql(`INSERT INTO it_orders_b (sku) VALUES ('two'), ('three')`);
    await userSql(`UPDATE it_orders_b SET qty = 9 WHERE sku = 'two'`);

    const restarted = new PostgresFeedProvider();
    const second = new Sink();
    await restarted.start(s, second.emit, second.report);
    await second.waitFor(3);
    await userSql(`INSERT INTO it_orders_b (sku) VALUES ('four')`);
    await second.waitFor(4);
    await restarted.stop(s);
    await sleep(500);
    expect(first.events.map((e) => (e.new as Event).sku)).toEqual(['one']);
    expect(second.events.map((e) => `${e.operation}:${(e.new as Event).sku}`)).toEqual(['insert:two', 'insert:three', 'update:two', 'insert:four']);

    // A third run has nothing to replay.
    const third = new Sink();
    await restarted.start(s, third.emit, third.report);
    await sleep(1500);
    await restarted.stop(s);
    expect(third.events).toEqual([]);
  });

  it('acknowledges only accepted changes: a refused fire is retried from the slot without repeating what was accepted', async () => {
    await freshTable('it_orders_c');
    const s = await make({ tables: ['it_orders_c'] });
    const sink = new Sink();
    sink.failOn.add(2); // the second change of the transaction is refused once
    await provider.start(s, sink.emit, sink.report);
    await userSql(`INSERT INTO it_orders_c (sku) VALUES ('x'), ('y'), ('z')`);
    await sink.waitFor(3, 15_000);
    await sleep(500);
    expect(sink.events.map((e) => (e.new as Event).sku)).toEqual(['x', 'y', 'z']);
    expect(sink.calls).toBe(4);
    expect(sink.reports.some((r) => r.includes('interrupted: fire not accepted'))).toBe(true);
  });

  it('DELETE drops the slot and the publication, also while the slot is streaming, and is idempotent', async () => {
    await freshTable('it_orders_d');
    const s = await make({ tables: ['it_orders_d'] });
    expect(await slotExists(s.id)).toBe(true);
    expect(await publicationExists(s.id)).toBe(true);
    const sink = new Sink();
    const elsewhere = new PostgresFeedProvider(); // the stream runs in another process
    await elsewhere.start(s, sink.emit, sink.report);
    await sleep(500);
    expect((await userSql('SELECT active FROM pg_replication_slots WHERE slot_name = $1', [postgresObjectNames(s.id).slot]))[0]).toEqual({ active: true });
    await provider.delete(s);
    expect(await slotExists(s.id)).toBe(false);
    expect(await publicationExists(s.id)).toBe(false);
    await provider.delete(s);
    await elsewhere.onApplicationShutdown();
    made.splice(made.indexOf(s), 1);
  });

  it('a bad connection string or a missing table is a clear error, and nothing is left behind', async () => {
    expect(() => provider.validate({ connection: 'not a url', tables: ['t'] })).toThrow(/"connection" must be a PostgreSQL URL/);
    expect(() => provider.validate({ connection: 'mysql://x/y', tables: ['t'] })).toThrow(FeedValidationError);
    const refused = sub(provider, { connection: 'postgres://postgres:secret@127.0.0.1:1/db', tables: ['t'] });
    await expect(provider.create(refused)).rejects.toThrow(/^Cannot connect to PostgreSQL at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/db: .*ECONNREFUSED/);
    const noDb = sub(provider, { connection: 'postgres://postgres@127.0.0.1:5432/wisp_it_no_such_db', tables: ['t'] });
    await expect(provider.create(noDb)).rejects.toThrow(/database "wisp_it_no_such_db" does not exist/);
    await provider.delete(noDb); // nothing can exist there: succeeds
    const noTable = sub(provider, { tables: ['it_no_such_table'] });
    await expect(provider.create(noTable)).rejects.toThrow('The table public.it_no_such_table does not exist');
    expect(await slotExists(noTable.id)).toBe(false);
    expect(await publicationExists(noTable.id)).toBe(false);
    await expect(provider.delete(refused)).rejects.toThrow(/keeps WAL on that server until it is dropped/);
  });

  it('READ shows the slot and its lag', async () => {
    await freshTable('it_orders_e');
    const s = await make({ tables: ['it_orders_e'] });
    expect(await provider.read(s)).toMatchObject({ mode: 'logical', publication: postgresObjectNames(s.id).publication, slot: { name: postgresObjectNames(s.id).slot, active: false, lagBytes: expect.any(Number) } });
  });

  it('UPDATE to other tables keeps the slot position', async () => {
    await freshTable('it_orders_f');
    await freshTable('it_orders_g');
    const s = await make({ tables: ['it_orders_f'] });
    await userSql(`INSERT INTO it_orders_f (sku) VALUES ('kept')`);
    s.config = await provider.update(s, provider.validate({ connection: USER_DB_URL, tables: ['it_orders_f', 'it_orders_g'] }));
    await userSql(`INSERT INTO it_orders_g (sku) VALUES ('new table')`);
    const sink = new Sink();
    await provider.start(s, sink.emit, sink.report);
    await sink.waitFor(2);
    expect(sink.events.map((e) => `${e.table}:${(e.new as Event).sku}`)).toEqual(['it_orders_f:kept', 'it_orders_g:new table']);
  });
});

describe('PostgreSQL changes feed (notify)', () => {
  let provider: PostgresFeedProvider;

  beforeEach(() => {
    provider = new PostgresFeedProvider();
  });

  afterEach(async () => {
    await provider.onApplicationShutdown();
  });

  it('installs a pg_notify trigger; changes fire; the listener reconnects after its connection is dropped; DELETE removes the trigger', async () => {
    await freshTable('it_notify_a');
    const s = sub(provider, { tables: ['it_notify_a'], mode: 'notify' });
    s.config = await provider.create(s);
    const sink = new Sink();
    await provider.start(s, sink.emit, sink.report);
    await sleep(500);
    await userSql(`INSERT INTO it_notify_a (sku) VALUES ('n1')`);
    await userSql(`UPDATE it_notify_a SET qty = 5`);
    await userSql(`DELETE FROM it_notify_a`);
    await sink.waitFor(3);
    expect(sink.events.map((e) => e.operation)).toEqual(['insert', 'update', 'delete']);
    expect(sink.events[0]).toMatchObject({ table: 'it_notify_a', schema: 'public', new: { sku: 'n1', qty: 1 }, old: null, commitTime: expect.any(String) });
    expect(sink.events[1]).toMatchObject({ new: { qty: 5 }, old: { qty: 1 } });

    await userSql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [`wisp-feed-${s.id}`]);
    await sleep(2500);
    expect(sink.reports.some((r) => r.startsWith('disconnected from'))).toBe(true);
    await userSql(`INSERT INTO it_notify_a (sku) VALUES ('after reconnect')`);
    await sink.waitFor(4);
    expect(sink.events[3]).toMatchObject({ new: { sku: 'after reconnect' } });

    await provider.delete(s);
    expect(await userSql(`SELECT 1 FROM pg_trigger WHERE tgname = $1`, [postgresObjectNames(s.id).notifyFunction])).toEqual([]);
    expect(await userSql(`SELECT 1 FROM pg_proc WHERE proname = $1`, [postgresObjectNames(s.id).notifyFunction])).toEqual([]);
  });

  it('a row too large for a notification arrives truncated instead of failing the user\'s statement', async () => {
    await freshTable('it_notify_b');
    const s = sub(provider, { tables: ['it_notify_b'], mode: 'notify', operations: ['insert'] });
    s.config = await provider.create(s);
    const sink = new Sink();
    await provider.start(s, sink.emit, sink.report);
    await sleep(300);
    await userSql(`INSERT INTO it_notify_b (sku, note) VALUES ('big', repeat('x', 10000))`);
    await sink.waitFor(1);
    expect(sink.events[0]).toMatchObject({ operation: 'insert', truncated: true, new: null });
    await provider.delete(s);
  });
});

for (const mode of ['logical', 'notify'] as const) {
  describeFeedProviderContract(`postgres (${mode})`, async () => {
    const provider = new PostgresFeedProvider();
    const table = await freshTable(`it_contract_${mode}`);
    return {
      provider,
      validParams: () => ({ connection: USER_DB_URL, tables: [table], mode }),
      invalidParams: [
        { params: { connection: 'nope', tables: ['t'] }, names: 'connection' },
        { params: { connection: USER_DB_URL, tables: ['bad name!'] }, names: 'tables' },
        { params: { connection: USER_DB_URL, tables: ['t'], operations: ['truncate'] }, names: 'operations' },
        { params: { connection: USER_DB_URL, tables: ['t'], mode: 'poll' }, names: 'mode' },
      ],
      produceEvent: async () => {
        if (mode === 'notify') await sleep(300); // LISTEN must be in place: notify keeps nothing
        await userSql(`INSERT INTO ${table} (sku) VALUES ('contract')`);
      },
      eventWithinMs: 8000,
      cleanup: async () => {
        await provider.onApplicationShutdown();
        await dropLeftovers();
      },
    };
  });
}
