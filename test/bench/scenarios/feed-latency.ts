import { createHmac, randomUUID } from 'node:crypto';
import * as http from 'node:http';
import { connectAsync, type MqttClient } from 'mqtt';
import { Client, type Notification } from 'pg';
import { dropDatabase, recreateDatabase } from '../../support/stack';
import { BENCH } from '../config';
import { BenchContext, NOOP, ScenarioResult, sleep } from '../context';
import { Measure, measure, round, since } from '../stats';

const BROKER = 'mqtt://127.0.0.1:1883';
const MQTT_FEED = '/whisk.system/mqtt/subscribe';
const PG_FEED = '/whisk.system/postgres/changes';
const GITHUB_FEED = '/whisk.system/github/webhook';
const ACTION = 'feed-noop';
const TABLE = 'bench_feed_events';
/** Gap between sequential events, after the previous event's action has started. */
const GAP_MS = 50;
/** Events sent (and waited for) before measuring, per source. */
const WARMUP = 3;
/** Longest wait for one event's action activation, and for one source in all. */
const EVENT_TIMEOUT_MS = 15_000;
const SOURCE_TIMEOUT_MS = 60_000;

/** One measured source: Wisp's event → action start, its floor measured beside it, and what else it reports. */
interface SourceResult {
  wisp: Measure[];
  floors: (Measure | undefined)[];
  ratio: number;
  note: string;
}

/**
 * 9: feed latency, one source after the other, sequential events each waited for: MQTT publish → action start vs a
 * plain mqtt.js subscriber on the same broker (same messages); PostgreSQL INSERT → action start (logical replication
 * feed on a database of its own, created and dropped here) vs a plain `pg_notify` → `LISTEN` round trip; signed GitHub webhook POST → action start
 * (and → the receiver's 202) vs the HTTP round trip to `/ping` on the same API. "Action start" is the rule's action
 * activation `start` minus the time the event was sent (same clock). Feeds, rules, triggers and the table are removed.
 */
export async function feedLatency(ctx: BenchContext): Promise<ScenarioResult> {
  const count = ctx.plan.quick ? 20 : 100;
  await ctx.api.putAction(ACTION, NOOP, 128);
  await ctx.api.invoke(ACTION);
  const sources: [string, (ctx: BenchContext, count: number) => Promise<SourceResult>][] = [
    ['MQTT', mqttSource],
    ['PostgreSQL', postgresSource],
    ['GitHub', githubSource],
  ];
  const wisp: Measure[] = [];
  const floors: (Measure | undefined)[] = [];
  const notes: string[] = [];
  const ratios: Record<string, number> = {};
  const errors: string[] = [];
  for (const [name, run] of sources) {
    try {
      const r = await run(ctx, count);
      wisp.push(...r.wisp);
      floors.push(...r.floors);
      ratios[name] = r.ratio;
      notes.push(`${name}: ${r.note}`);
    } catch (e) {
      errors.push(`${name}: ${(e as Error).message}`);
    }
  }
  if (wisp.length === 0) throw new Error(errors.join('; '));
  if (ctx.shared.warm) notes.push(`warm invoke p50 (scenario 1) ${ctx.shared.warm.p50} ms`);
  notes.push(...errors.map((e) => `ERROR ${e}`));
  return {
    id: 9,
    name: 'Feed latency',
    wisp,
    floors,
    headline: `event→start p50 = ${Object.entries(ratios).map(([k, v]) => `${k} ${v}×`).join(', ')} its floor p50`,
    target: 'reported beside MQTT/PG/webhook floors',
    notes: [`${count} sequential events per source, ${GAP_MS} ms apart after each action started; ${WARMUP} warm-up events not counted`, ...notes],
    extra: { ratios },
  };
}

/** MQTT at QoS 1: one publisher, the feed and a plain subscriber on the same topic, each message timed for both. */
async function mqttSource(ctx: BenchContext, count: number): Promise<SourceResult> {
  const trigger = 'feed-mqtt';
  const topic = `wisp-bench/${ctx.namespace}/feed`;
  const pub = await connectAsync(BROKER, { clientId: `wisp-bench-pub-${process.pid}` });
  const sub = await connectAsync(BROKER, { clientId: `wisp-bench-sub-${process.pid}`, clean: true });
  const received = new Map<number, bigint>();
  const waiters = new Map<number, () => void>();
  sub.on('message', (_t, payload) => {
    const at = process.hrtime.bigint();
    let seq: number;
    try {
      seq = Number(JSON.parse(payload.toString('utf8')).seq);
    } catch {
      return;
    }
    received.set(seq, at);
    waiters.get(seq)?.();
  });
  try {
    await sub.subscribeAsync(topic, { qos: 1 });
    return await withFeed(ctx, trigger, MQTT_FEED, { url: BROKER, topic, qos: 1, format: 'json' }, async () => {
      const floor: number[] = [];
      const wisp = await sequentialEvents(ctx, trigger, count, (seq) => ({ payload: { seq } }), async (seq) => {
        const gotFloor = new Promise<void>((resolve) => waiters.set(seq, resolve));
        const at = Date.now();
        const t = process.hrtime.bigint();
        await publish(pub, topic, JSON.stringify({ seq }));
        await Promise.race([gotFloor, sleep(EVENT_TIMEOUT_MS)]);
        waiters.delete(seq);
        const r = received.get(seq);
        if (r !== undefined && seq > WARMUP) floor.push(Number(r - t) / 1e6);
        return at;
      });
      const w = measure('MQTT publish (QoS 1) → action start', wisp.latencies);
      const f = measure('publish → plain mqtt.js subscriber receipt', floor);
      return { wisp: [w], floors: [f], ratio: round(w.p50 / f.p50), note: `${wisp.latencies.length} of ${wisp.sent} actions found; broker ${BROKER}, feed and subscriber at QoS 1` };
    });
  } finally {
    await pub.endAsync(true).catch(() => undefined);
    await sub.endAsync(true).catch(() => undefined);
  }
}

function publish(client: MqttClient, topic: string, payload: string): Promise<unknown> {
  return client.publishAsync(topic, payload, { qos: 1 });
}

/** PostgreSQL: the floor (plain pg_notify → LISTEN) first, then INSERTs into a table the logical feed watches. */
async function postgresSource(ctx: BenchContext, count: number): Promise<SourceResult> {
  const trigger = 'feed-pg';
  // A tenant database of its own: the egress check refuses Wisp's own database to every feed.
  await recreateDatabase(BENCH.feedDatabaseUrl);
  const writer = new Client({ connectionString: BENCH.feedDatabaseUrl });
  const listener = new Client({ connectionString: BENCH.feedDatabaseUrl });
  await writer.connect();
  await listener.connect();
  try {
    // Floor: a direct pg_notify round trip (a commit that hands a payload to another session), sent → received.
    const channel = `wisp_bench_floor_${process.pid}`;
    await listener.query(`LISTEN ${channel}`);
    let waiting: { seq: number; resolve: (at: bigint) => void } | undefined;
    listener.on('notification', (n: Notification) => {
      const at = process.hrtime.bigint();
      if (waiting && n.channel === channel && Number(n.payload) === waiting.seq) waiting.resolve(at);
    });
    const floor: number[] = [];
    const floorUntil = Date.now() + SOURCE_TIMEOUT_MS;
    for (let seq = 0; seq < count + WARMUP && Date.now() < floorUntil; seq++) {
      const got = new Promise<bigint>((resolve) => (waiting = { seq, resolve }));
      const t = process.hrtime.bigint();
      await writer.query('SELECT pg_notify($1, $2)', [channel, String(seq)]);
      const at = await Promise.race([got, sleep(EVENT_TIMEOUT_MS).then(() => undefined)]);
      if (at !== undefined && seq >= WARMUP) floor.push(Number(at - t) / 1e6);
      await sleep(GAP_MS);
    }
    waiting = undefined;
    await listener.query(`UNLISTEN ${channel}`);

    await writer.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await writer.query(`CREATE TABLE ${TABLE} (id serial PRIMARY KEY, seq integer NOT NULL, at timestamptz NOT NULL DEFAULT now())`);
    try {
      const params = { connection: BENCH.feedDatabaseUrl, tables: [TABLE], operations: ['insert'], mode: 'logical' };
      return await withFeed(ctx, trigger, PG_FEED, params, async () => {
        const wisp = await sequentialEvents(ctx, trigger, count, (seq) => ({ new: { seq } }), async (seq) => {
          const at = Date.now();
          await writer.query(`INSERT INTO ${TABLE} (seq) VALUES ($1)`, [seq]);
          return at;
        });
        const w = measure('PG INSERT (logical feed) → action start', wisp.latencies);
        const f = measure('pg_notify → plain LISTEN receipt', floor);
        return { wisp: [w], floors: [f], ratio: round(w.p50 / f.p50), note: `${wisp.latencies.length} of ${wisp.sent} actions found; mode logical on ${TABLE} in the bench's feed database; times from sending the autocommit INSERT / SELECT pg_notify` };
      });
    } finally {
      await writer.query(`DROP TABLE IF EXISTS ${TABLE}`).catch(() => undefined);
    }
  } finally {
    await writer.end().catch(() => undefined);
    await listener.end().catch(() => undefined);
    await dropDatabase(BENCH.feedDatabaseUrl).catch(() => undefined);
  }
}

/** GitHub: a feed without accessToken; deliveries signed with its secret are POSTed to the receiver, interleaved with `/ping`. */
async function githubSource(ctx: BenchContext, count: number): Promise<SourceResult> {
  const trigger = 'feed-github';
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  try {
    return await withFeed(ctx, trigger, GITHUB_FEED, { repository: 'wisp-bench/feed-latency', events: ['push'] }, async () => {
      const read = await lifecycle(ctx, GITHUB_FEED, trigger, 'READ');
      const secret = read?.config?.secret as string | undefined;
      const url = read?.details?.webhookUrl as string | undefined;
      if (!secret || !url) throw new Error(`GitHub feed READ lacks config.secret or details.webhookUrl: ${JSON.stringify(read)}`);
      // Always the bench API on 127.0.0.1, whatever public URL the feed advertises.
      const path = `/api/v1/feeds/github/${url.split('/').pop()}`;
      const floor: number[] = [];
      const accepted: number[] = [];
      const wisp = await sequentialEvents(ctx, trigger, count, (seq) => ({ seq }), async (seq) => {
        const tp = process.hrtime.bigint();
        const ping = await plainHttp(agent, 'GET', '/ping');
        if (ping.status !== 200) throw new Error(`GET /ping → ${ping.status}`);
        if (seq > WARMUP) floor.push(since(tp));
        const body = Buffer.from(JSON.stringify({ seq, ref: 'refs/heads/main', repository: { full_name: 'wisp-bench/feed-latency' } }));
        const headers = {
          'content-type': 'application/json',
          'x-github-event': 'push',
          'x-github-delivery': randomUUID(),
          'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
          'user-agent': 'GitHub-Hookshot/wisp-bench',
        };
        const at = Date.now();
        const t = process.hrtime.bigint();
        const r = await plainHttp(agent, 'POST', path, body, headers);
        if (r.status !== 202) throw new Error(`webhook POST → ${r.status} ${r.text}`);
        if (seq > WARMUP) accepted.push(since(t));
        return at;
      });
      const w = measure('webhook POST → action start', wisp.latencies);
      const a = measure('webhook POST → 202 (receiver)', accepted);
      const f = measure('HTTP round trip GET /ping (same API)', floor);
      return {
        wisp: [w, a],
        floors: [f, undefined],
        ratio: round(w.p50 / f.p50),
        note: `${wisp.latencies.length} of ${wisp.sent} actions found; signed deliveries POSTed to ${path} (the 202 comes after the trigger fire was accepted); floor: GET /ping just before each POST, same keep-alive agent`,
      };
    });
  } finally {
    agent.destroy();
  }
}

/**
 * Sends `WARMUP + count` events one at a time (seq 1…), waiting after each for its action activation; returns the
 * latencies (action start minus `produce`'s epoch ms) of the counted ones. `match(seq)` is a JSON fragment the trigger
 * activation's result contains for that event.
 */
async function sequentialEvents(
  ctx: BenchContext,
  trigger: string,
  count: number,
  match: (seq: number) => Record<string, unknown>,
  produce: (seq: number) => Promise<number>,
): Promise<{ latencies: number[]; sent: number }> {
  const latencies: number[] = [];
  let sent = 0;
  const until = Date.now() + SOURCE_TIMEOUT_MS * 2;
  for (let seq = 1; seq <= WARMUP + count && Date.now() < until; seq++) {
    const at = await produce(seq);
    if (seq > WARMUP) sent++;
    const start = await actionStart(ctx, trigger, match(seq), seq <= WARMUP ? EVENT_TIMEOUT_MS * 2 : EVENT_TIMEOUT_MS);
    if (start === undefined) {
      if (seq <= WARMUP) throw new Error(`warm-up event ${seq} started no action within ${EVENT_TIMEOUT_MS * 2} ms`);
    } else if (seq > WARMUP) {
      latencies.push(start - at);
    }
    await sleep(GAP_MS);
  }
  return { latencies, sent };
}

/** The `start` of the action activation caused by the trigger activation whose result contains `fragment`. */
async function actionStart(ctx: BenchContext, trigger: string, fragment: Record<string, unknown>, timeoutMs: number): Promise<number | undefined> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await ctx.db.query<{ start: string }>(
      `SELECT a.start FROM activations t JOIN activations a ON a.cause = t.activation_id
        WHERE t.namespace = $1 AND t.entity_name = $2 AND t.response -> 'result' @> $3::jsonb LIMIT 1`,
      [ctx.namespace, trigger, JSON.stringify(fragment)],
    );
    if (r.rows.length > 0) return Number(r.rows[0].start);
    if (Date.now() > until) return undefined;
    await sleep(20);
  }
}

/** Trigger (annotated with its feed) + rule to the no-op + feed CREATE; runs `body`; then deletes feed, rule, trigger. */
async function withFeed<T>(ctx: BenchContext, trigger: string, feed: string, params: Record<string, unknown>, body: () => Promise<T>): Promise<T> {
  const rule = `${trigger}-rule`;
  const t = await ctx.api.request('PUT', `/api/v1/namespaces/_/triggers/${trigger}?overwrite=true`, { annotations: [{ key: 'feed', value: feed }] });
  if (t.status !== 200) throw new Error(`PUT trigger ${trigger} → ${t.status} ${JSON.stringify(t.body)}`);
  let created = false;
  try {
    await ctx.api.putRule(rule, `/${ctx.namespace}/${trigger}`, `/${ctx.namespace}/${ACTION}`);
    await lifecycle(ctx, feed, trigger, 'CREATE', params);
    created = true;
    return await body();
  } finally {
    if (created) await lifecycle(ctx, feed, trigger, 'DELETE').catch((e: Error) => process.stderr.write(`\n  feed DELETE ${trigger}: ${e.message}\n`));
    await ctx.api.request('DELETE', `/api/v1/namespaces/_/rules/${rule}`).catch(() => undefined);
    await ctx.api.request('DELETE', `/api/v1/namespaces/_/triggers/${trigger}`).catch(() => undefined);
  }
}

/** Blocking invoke of the feed action with a lifecycle event, as `ow.feeds.create|get|delete` do; returns its result. */
async function lifecycle(ctx: BenchContext, feed: string, trigger: string, event: string, params: Record<string, unknown> = {}): Promise<any> {
  const [, ns, pkg, name] = feed.split('/');
  const r = await ctx.api.request('POST', `/api/v1/namespaces/${ns}/actions/${pkg}/${name}?blocking=true`, {
    lifecycleEvent: event,
    triggerName: `/${ctx.namespace}/${trigger}`,
    authKey: ctx.api.key,
    ...params,
  });
  if (r.status !== 200) throw new Error(`${event} ${feed} for ${trigger} → ${r.status} ${JSON.stringify(r.body?.response?.result ?? r.body)}`);
  return r.body?.response?.result;
}

/** HTTP to the bench API without credentials (the webhook receiver and `/ping` take none). */
function plainHttp(agent: http.Agent, method: string, path: string, body?: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: BENCH.port, method, path, agent, headers: body ? { ...headers, 'content-length': String(body.length) } : headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(body);
  });
}
