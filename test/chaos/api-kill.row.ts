import { connectAsync } from 'mqtt';
import openwhisk from 'openwhisk';
import { putAction } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { http } from '../support/http';
import { createTestNamespace } from '../support/namespaces';
import { queryOnce } from '../support/sql';
import { dropDatabase, recreateDatabase, stackEnv, startProcess, waitForHttp } from '../support/stack';
import { type ChaosRow, countError, firesPerLabel, recordsPerId, settle, sleep } from './chaos-audit';

const SECOND_PORT = E2E.port + 27;
const SECOND_ID = `${E2E.controllerId}-chaos2`;
const TENANT_DB = `postgres://postgres@127.0.0.1:5432/wisp_chaos_${E2E.port}`;
const SUBSCRIBE = '/whisk.system/mqtt/subscribe';
const CHANGES = '/whisk.system/postgres/changes';

/**
 * Row 4: two API processes; the second holds live feeds (MQTT QoS 1 and 2, PostgreSQL logical) and takes REST trigger
 * fires; it is SIGKILLed a third of the way through `events` rounds (each: one message per QoS, one row, one fire).
 * Every published event must fire exactly once after the takeover, every accepted fire must keep its one record.
 */
export async function apiKillRow(events: number): Promise<ChaosRow> {
  await recreateDatabase(TENANT_DB);
  await queryOnce(TENANT_DB, 'CREATE TABLE items (id serial PRIMARY KEY, n integer NOT NULL)');
  const t = await createTestNamespace('chaos-api');
  await putAction(t.key, 'sink', 'function main(p){ return {} }');
  const feedOf: Record<string, string> = { q1: SUBSCRIBE, q2: SUBSCRIBE, pg: CHANGES };
  for (const trigger of ['q1', 'q2', 'pg', 'rest']) {
    const annotations = feedOf[trigger] ? [{ key: 'feed', value: feedOf[trigger] }] : [];
    await http('PUT', `/api/v1/namespaces/_/triggers/${trigger}`, { key: t.key, body: { annotations } });
    await t.ow.rules.create({ name: `${trigger}-rule`, trigger, action: 'sink' });
  }
  const second = startProcess('chaos-api2', 'dist/apps/api/src/main.js', stackEnv({ WISP_API_PORT: String(SECOND_PORT), WISP_CONTROLLER_ID: SECOND_ID }));
  const pub = await connectAsync('mqtt://127.0.0.1:1883');
  const topic = `wisp-chaos/${Date.now().toString(36)}`;
  const viaSecond: any = openwhisk({ apihost: `http://127.0.0.1:${SECOND_PORT}`, api_key: t.key });
  const accepted: string[] = [];
  const errors: Record<string, number> = {};
  let faultAt = 0;
  try {
    await waitForHttp(`http://127.0.0.1:${SECOND_PORT}/ping`, 30_000, second);
    await viaSecond.feeds.create({ name: SUBSCRIBE, trigger: 'q1', params: { url: 'mqtt://127.0.0.1:1883', topic: `${topic}/1`, qos: 1, format: 'text' } });
    await viaSecond.feeds.create({ name: SUBSCRIBE, trigger: 'q2', params: { url: 'mqtt://127.0.0.1:1883', topic: `${topic}/2`, qos: 2, format: 'text' } });
    await viaSecond.feeds.create({ name: CHANGES, trigger: 'pg', params: { connection: TENANT_DB, tables: ['items'], operations: ['insert'] } });
    for (let n = 0; n < events; n++) {
      if (faultAt === 0 && n >= events / 3) {
        second.kill('SIGKILL');
        faultAt = Date.now();
      }
      await pub.publishAsync(`${topic}/1`, String(n), { qos: 1 });
      await pub.publishAsync(`${topic}/2`, String(n), { qos: 2 });
      await queryOnce(TENANT_DB, 'INSERT INTO items (n) VALUES ($1)', [n]);
      const r = await fetch(`http://127.0.0.1:${SECOND_PORT}/api/v1/namespaces/_/triggers/rest`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(t.key).toString('base64')}`, 'content-type': 'application/json' },
        body: JSON.stringify({ n }),
      }).catch((e: Error) => ({ status: 0, json: async () => ({ error: (e.cause as { code?: string })?.code ?? e.message }) }));
      if (r.status === 202) accepted.push(((await r.json()) as { activationId: string }).activationId);
      else countError(errors, r.status === 0 ? `REST fire: ${((await r.json()) as { error: string }).error}` : `REST fire: ${r.status}`);
      await sleep(100);
    }
    const labels = Array.from({ length: events }, (_, n) => String(n));
    const audit = async () => {
      let fired = 0;
      let missing = 0;
      let duplicated = 0;
      const feeds: [string, (r: any) => string][] = [['q1', (r) => r.payload], ['q2', (r) => r.payload], ['pg', (r) => String(r.new?.n)]];
      for (const [trigger, label] of feeds) {
        const counts = await firesPerLabel(t.namespace, trigger, label);
        for (const l of labels) {
          const c = counts.get(l) ?? 0;
          if (c === 0) missing++;
          else fired++;
          duplicated += Math.max(0, c - 1);
        }
      }
      const records = await recordsPerId(accepted);
      missing += accepted.length - records.size;
      fired += records.size;
      duplicated += [...records.values()].reduce((s, c) => s + c - 1, 0);
      return { fired, missing, duplicated };
    };
    const { result, recoveryMs } = await settle(audit, faultAt, 120_000);
    return { fault: 'SIGKILL an API (of 2) holding MQTT QoS 1/2 + PostgreSQL feeds, REST fires', accepted: 3 * events + accepted.length, records: result.fired, lost: result.missing, duplicated: result.duplicated, recoveryS: recoveryMs / 1000, errors };
  } finally {
    if (second.exitCode === null) second.kill('SIGKILL');
    for (const [trigger, feed] of [['q1', SUBSCRIBE], ['q2', SUBSCRIBE], ['pg', CHANGES]]) await t.ow.feeds.delete({ name: feed, trigger }).catch(() => undefined);
    await pub.endAsync(true);
    await dropDatabase(TENANT_DB).catch(() => undefined);
  }
}
