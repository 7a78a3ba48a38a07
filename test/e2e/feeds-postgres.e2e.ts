import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import openwhisk from 'openwhisk';
import { putAction, waitForActivation } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { stackEnv, startProcess, waitForHttp } from '../support/stack';
import { sleep, triggerActivations, triggerWithRule, waitForFires } from './feeds-support';

const CHANGES = '/whisk.system/postgres/changes';
const USER_DB = `postgres://postgres@127.0.0.1:5432/wisp_e2e_user${E2E.port === 3299 ? '' : `_${E2E.port}`}`;
const SECOND_PORT = E2E.port + 20;

async function userSql(text: string, params: unknown[] = []): Promise<any[]> {
  const c = new Client({ connectionString: USER_DB });
  await c.connect();
  try {
    return (await c.query(text, params)).rows;
  } finally {
    await c.end();
  }
}

async function recreateUserDb(): Promise<void> {
  const c = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await c.connect();
  try {
    const name = new URL(USER_DB).pathname.slice(1);
    await c.query(`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = $1 AND NOT active`, [name]);
    await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    await c.query(`DROP DATABASE IF EXISTS "${name}"`);
    await c.query(`CREATE DATABASE "${name}"`);
  } finally {
    await c.end();
  }
}

describe('feeds: /whisk.system/postgres/changes through the openwhisk client', () => {
  let t: TestNamespace;

  beforeAll(async () => {
    await recreateUserDb();
    await userSql('CREATE TABLE orders (id serial PRIMARY KEY, item text NOT NULL, qty integer NOT NULL)');
    t = await createTestNamespace('pg');
    await putAction(t.key, 'record', 'function main(p){ return { seen: p } }');
  });

  it('insert, update and delete of a row each run the rule\'s action once; DELETE drops the slot', async () => {
    await triggerWithRule(t, 'orders', CHANGES);
    await t.ow.feeds.create({ name: CHANGES, trigger: 'orders', params: { connection: USER_DB, tables: ['orders'] } });
    const read = (await t.ow.feeds.get({ name: CHANGES, trigger: 'orders' })).response.result;
    const slot = read.details.slot.name as string;
    expect(read.details).toMatchObject({ mode: 'logical', slot: { name: expect.stringMatching(/^wisp_[0-9a-f]{32}$/) } });
    await userSql(`INSERT INTO orders (item, qty) VALUES ('tea', 2)`);
    await userSql(`UPDATE orders SET qty = 3 WHERE item = 'tea'`);
    await userSql(`DELETE FROM orders WHERE item = 'tea'`);
    await waitForFires(t.key, 'orders', 3);
    await sleep(1500);
    const fires = (await triggerActivations(t.key, 'orders')).reverse();
    expect(fires.map((f) => f.response.result.operation)).toEqual(['insert', 'update', 'delete']);
    expect(fires[0].response.result).toMatchObject({ table: 'orders', schema: 'public', new: { item: 'tea', qty: 2 }, old: null, lsn: expect.any(String), commitTime: expect.any(String) });
    const action = await waitForActivation(t.key, JSON.parse(fires[1].logs[0]).activationId);
    expect(action.response.result.seen).toMatchObject({ operation: 'update', new: { qty: 3 } });

    await t.ow.feeds.delete({ name: CHANGES, trigger: 'orders' });
    expect(await userSql('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [slot])).toEqual([]);
    expect(await userSql('SELECT 1 FROM pg_publication WHERE pubname = $1', [slot])).toEqual([]);
  });

  describe('across the death of the Wisp process holding the subscription', () => {
    let second: ChildProcess | undefined;
    afterAll(() => {
      if (second && second.exitCode === null) second.kill('SIGKILL');
    });

    it('changes made while no Wisp streams the slot arrive after the takeover, once each', async () => {
      second = startProcess('api-pg-2', 'dist/apps/api/src/main.js', stackEnv({ WISP_API_PORT: String(SECOND_PORT), WISP_CONTROLLER_ID: `${E2E.controllerId}-pg2` }));
      await waitForHttp(`http://127.0.0.1:${SECOND_PORT}/ping`, 30_000, second);
      await triggerWithRule(t, 'survivor', CHANGES);
      const viaSecond = openwhisk({ apihost: `http://127.0.0.1:${SECOND_PORT}`, api_key: t.key });
      await viaSecond.feeds.create({ name: CHANGES, trigger: 'survivor', params: { connection: USER_DB, tables: 'orders', operations: 'insert' } });
      await userSql(`INSERT INTO orders (item, qty) VALUES ('before', 1)`);
      await waitForFires(t.key, 'survivor', 1);
      second.kill('SIGKILL');
      await userSql(`INSERT INTO orders (item, qty) VALUES ('while-down-1', 1), ('while-down-2', 1)`);
      await userSql(`INSERT INTO orders (item, qty) VALUES ('while-down-3', 1)`);
      await waitForFires(t.key, 'survivor', 4, 40_000);
      await sleep(2000);
      const items = (await triggerActivations(t.key, 'survivor')).map((f) => f.response.result.new.item).sort();
      expect(items).toEqual(['before', 'while-down-1', 'while-down-2', 'while-down-3']);
      await t.ow.feeds.delete({ name: CHANGES, trigger: 'survivor' });
    }, 90_000);
  });

  it('notify mode delivers changes while listening', async () => {
    await triggerWithRule(t, 'notified', CHANGES);
    await t.ow.feeds.create({ name: CHANGES, trigger: 'notified', params: { connection: USER_DB, tables: ['orders'], mode: 'notify', operations: ['insert'] } });
    await sleep(4000); // the runner starts the listener
    await userSql(`INSERT INTO orders (item, qty) VALUES ('notified', 1)`);
    const [fire] = await waitForFires(t.key, 'notified', 1);
    expect(fire.response.result).toMatchObject({ table: 'orders', operation: 'insert', new: { item: 'notified' } });
    await t.ow.feeds.delete({ name: CHANGES, trigger: 'notified' });
    expect(await userSql(`SELECT 1 FROM pg_trigger WHERE tgname LIKE 'wisp_notify_%'`)).toEqual([]);
  });

  it('a bad connection string is a clear CREATE error and leaves no subscription', async () => {
    await triggerWithRule(t, 'baddb', CHANGES);
    const malformed = await t.ow.feeds.create({ name: CHANGES, trigger: 'baddb', params: { connection: 'not-a-url', tables: ['orders'] } }).catch((e: any) => e);
    expect(malformed.statusCode).toBe(502);
    expect(malformed.message).toMatch(/"connection" must be a PostgreSQL URL/);
    const refused = await t.ow.feeds.create({ name: CHANGES, trigger: 'baddb', params: { connection: 'postgres://app:pw@127.0.0.1:1/shop', tables: ['orders'] } }).catch((e: any) => e);
    expect(refused.statusCode).toBe(502);
    expect(refused.message).toMatch(/Cannot connect to PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/shop/);
    await expect(t.ow.feeds.get({ name: CHANGES, trigger: 'baddb' })).rejects.toMatchObject({ statusCode: 502 });
  });
});
