import type { ChildProcess } from 'node:child_process';
import { putAction } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { http } from '../support/http';
import { createTestNamespace, wispCli, type TestNamespace } from '../support/namespaces';
import { queryOnce } from '../support/sql';
import { stackEnv, startProcess, waitForHttp } from '../support/stack';
import { ALARM, triggerWithRule } from './feeds-support';

const CHANGES = '/whisk.system/postgres/changes';
const MQTT = '/whisk.system/mqtt/subscribe';
const OWN_DB = new URL(E2E.databaseUrl).pathname.slice(1);
const SECOND_PORT = E2E.port + 23;
const own = (host: string, query = '') => `postgres://postgres@${host}/${OWN_DB}${query}`;

/** Feed objects (slots, publications, notify functions) in Wisp's own database. */
async function feedObjectsInWispDb(): Promise<string[]> {
  const rows = await queryOnce<{ name: string }>(
    E2E.databaseUrl,
    `SELECT slot_name AS name FROM pg_replication_slots WHERE database = $1
     UNION ALL SELECT pubname FROM pg_publication
     UNION ALL SELECT proname FROM pg_proc WHERE proname ~ '^wisp_notify_[0-9a-f]{32}$'`,
    [OWN_DB],
  );
  return rows.map((r) => r.name);
}

describe('feeds: egress policy, Wisp\'s own database, per-namespace feed limits', () => {
  let t: TestNamespace;

  beforeAll(async () => {
    t = await createTestNamespace('egress');
    await putAction(t.key, 'record', 'function main(p){ return { seen: p } }');
  });

  it('another namespace cannot read Wisp\'s own database through a feed, in any spelling, logical or notify', async () => {
    await triggerWithRule(t, 'steal', CHANGES);
    const spellings: [string, RegExp][] = [
      [own('127.0.0.1:5432'), /Wisp's own database/],
      [own('localhost'), /Wisp's own database/],
      [own('127.1'), /Wisp's own database/],
      [own('2130706433:5432'), /Wisp's own database/],
      [own('0.0.0.0:5432'), /Feeds may not connect to 0\.0\.0\.0:5432/],
      [own('127.0.0.1', '?host=/var/run/postgresql'), /unix socket/],
      [`postgres://postgres@%2Fvar%2Frun%2Fpostgresql/${OWN_DB}`, /unix socket/],
      [own('127.0.0.1', '?application_name=x&sslmode=disable'), /option "application_name"/],
    ];
    const failures: string[] = [];
    for (const mode of ['logical', 'notify']) {
      for (const [connection, expected] of spellings) {
        const err = await t.ow.feeds.create({ name: CHANGES, trigger: 'steal', params: { connection, tables: ['actions'], mode } }).then(
          () => undefined,
          (e: Error) => e,
        );
        if (!err || !expected.test(err.message)) failures.push(`${mode} ${connection}: ${err?.message ?? 'accepted'}`);
      }
    }
    expect(failures).toEqual([]);
    const read = await t.ow.feeds.get({ name: CHANGES, trigger: 'steal' }).catch((e: Error) => e);
    expect(read.message).toMatch(/has no feed/);
    expect(await feedObjectsInWispDb()).toEqual([]);
  });

  it('wisp limits shows and sets the feed limits; a CREATE over the limit fails and creates nothing', async () => {
    expect(await wispCli('limits', 'show', t.namespace)).toMatch(/^feeds {2}50$/m);
    await wispCli('limits', 'set', t.namespace, '--feeds', '1', '--feedConnections', '3');
    const shown = await wispCli('limits', 'show', t.namespace);
    expect(shown).toMatch(/^feeds {2}1$/m);
    expect(shown).toMatch(/^feedConnections {2}3$/m);
    // The API caches limits for a few seconds.
    await new Promise((r) => setTimeout(r, 5500));
    const limits = await http('GET', `/api/v1/namespaces/${t.namespace}/limits`, { key: t.key });
    expect(limits.body).toMatchObject({ feeds: 1, feedConnections: 3 });

    await triggerWithRule(t, 'first', ALARM);
    await triggerWithRule(t, 'second', ALARM);
    await t.ow.feeds.create({ name: ALARM, trigger: 'first', params: { cron: '0 0 1 1 *' } });
    const err = await t.ow.feeds.create({ name: ALARM, trigger: 'second', params: { cron: '0 0 1 1 *' } }).catch((e: Error) => e);
    expect(err.message).toMatch(/reached its limit of 1 feeds/);
    expect((await t.ow.feeds.get({ name: ALARM, trigger: 'second' }).catch((e: Error) => e)).message).toMatch(/has no feed/);
    await t.ow.feeds.delete({ name: ALARM, trigger: 'first' });
    await wispCli('limits', 'set', t.namespace, '--feeds', '50');
  });

  describe('on upgrade', () => {
    let second: ChildProcess | undefined;

    afterAll(() => {
      if (second && second.exitCode === null) second.kill('SIGKILL');
    });

    it('subscriptions stored before the policy that now break it are disabled with the reason READ shows, never dropped', async () => {
      const owner = t.key.split(':')[0];
      const legacy: [string, string, string, Record<string, unknown>, Record<string, unknown>][] = [
        ['legacy-pg', CHANGES, 'postgres', { connection: 'postgres://postgres@127.0.0.1:5432/shop?sslcert=/etc/ssl/private/wisp.pem', tables: ['orders'] }, { mode: 'logical', operations: ['insert'] }],
        ['legacy-mqtt', MQTT, 'mqtt', { url: 'mqtt://127.0.0.1:1883?clientId=wisp-stolen', topic: 'x' }, { qos: 1, format: 'json' }],
        ['legacy-broker', MQTT, 'mqtt', { url: 'mqtt://127.0.0.1:5672', topic: 'x' }, { qos: 1, format: 'json' }],
        ['legacy-socket', CHANGES, 'postgres', { connection: `postgres://postgres@%2Fvar%2Frun%2Fpostgresql/${OWN_DB}`, tables: ['actions'] }, { mode: 'notify', operations: ['insert'] }],
      ];
      for (const [trigger, feed, kind, params, extra] of legacy) {
        await triggerWithRule(t, trigger, feed);
        // Leased far ahead to a runner that no longer exists, so only the boot audit looks at them.
        await queryOnce(
          E2E.databaseUrl,
          `INSERT INTO feed_subscriptions (trigger_namespace, trigger_name, kind, config, params, status, owner_uuid, updated, lease_owner, lease_expires)
           VALUES ($1, $2, $3, $4, $5, jsonb_build_object('active', true, 'changedAt', 0), $6, 0, 'legacy-runner', 99999999999999)`,
          [t.namespace, trigger, kind, JSON.stringify({ ...params, ...extra }), JSON.stringify(params), owner],
        );
      }
      second = startProcess('api-egress-upgrade', 'dist/apps/api/src/main.js', stackEnv({ WISP_API_PORT: String(SECOND_PORT), WISP_CONTROLLER_ID: `${E2E.controllerId}-egress` }));
      await waitForHttp(`http://127.0.0.1:${SECOND_PORT}/ping`, 30_000, second);
      second.kill('SIGTERM');

      const expected: Record<string, RegExp> = {
        'legacy-pg': /Disabled on upgrade: .*option "sslcert"/,
        'legacy-mqtt': /Disabled on upgrade: .*option "clientId"/,
        'legacy-broker': /Disabled on upgrade: .*Wisp's own message broker/,
        'legacy-socket': /Disabled on upgrade: .*unix socket/,
      };
      for (const [trigger, feed] of legacy) {
        const read = (await t.ow.feeds.get({ name: feed, trigger })).response.result;
        expect({ trigger, active: read.status.active, reason: read.status.reason }).toEqual({ trigger, active: false, reason: expect.stringMatching(expected[trigger]) });
      }
      // Still deletable, without Wisp contacting the refused targets.
      for (const [trigger, feed] of legacy) await t.ow.feeds.delete({ name: feed, trigger });
    });
  });
});
