import { randomBytes } from 'node:crypto';
import { E2E } from '../e2e-env';
import { http } from '../http';
import { createTestNamespace, type TestNamespace } from '../namespaces';
import { queryOnce } from '../sql';

/** The alarms feed action of the catalog (a published package of `whisk.system`). */
export const ALARM_FEED = '/whisk.system/alarms/alarm';

/**
 * Namespace A with one private entity of every kind (plus one published package), and namespace B, the intruder.
 * Every private value of A (parameters, code, results, logs, feed payload, dead-letter event) carries `secret`, so
 * any answer to B that contains it is a breach whatever its status.
 */
export interface IsolationFixture {
  a: TestNamespace;
  b: TestNamespace;
  secret: string;
  /** A's activation of its private action `act` (result and logs hold the secret). */
  activationId: string;
  /** A's dead letter (its event holds the secret). */
  deadLetterId: string;
  /** A's alarm feed subscription on `feedtrig`. */
  subscriptionId: string;
  /** Names of A's private entities, which no listing shown to B may contain. */
  privateNames: string[];
}

/** Builds both namespaces through the API (and a dead letter through SQL: only failing deliveries create them). */
export async function buildIsolationFixture(): Promise<IsolationFixture> {
  const a = await createTestNamespace('iso-a');
  const b = await createTestNamespace('iso-b');
  const secret = `s3cret${randomBytes(8).toString('hex')}`;
  const code = `function main(p){ console.log('log ${secret}'); return { secret: '${secret}' } }`;
  const params = [{ key: 'token', value: secret }];
  const A = a.namespace;
  const put = async (key: string, path: string, body: unknown) => {
    const r = await http('PUT', `/api/v1/namespaces/${path}?overwrite=true`, { key, body });
    if (r.status !== 200) throw new Error(`fixture PUT ${path} → ${r.status} ${JSON.stringify(r.body)}`);
  };
  await put(a.key, `${A}/actions/act`, { exec: { kind: 'nodejs:20', code }, parameters: params, annotations: [{ key: 'note', value: secret }] });
  await put(a.key, `${A}/packages/priv`, { parameters: params });
  await put(a.key, `${A}/actions/priv/pact`, { exec: { kind: 'nodejs:20', code }, parameters: params });
  await put(a.key, `${A}/packages/pub`, { publish: true });
  await put(a.key, `${A}/actions/pub/pubact`, { exec: { kind: 'nodejs:20', code: 'function main(){ return { ok: true } }' } });
  await put(a.key, `${A}/packages/bind`, { binding: { namespace: A, name: 'priv' }, parameters: params });
  await put(a.key, `${A}/packages/pubbind`, { binding: { namespace: A, name: 'priv' }, publish: true });
  await put(a.key, `${A}/triggers/trig`, { parameters: params });
  await put(a.key, `${A}/rules/rule`, { trigger: `/${A}/trig`, action: `/${A}/act` });
  await put(a.key, `${A}/triggers/feedtrig`, { annotations: [{ key: 'feed', value: ALARM_FEED }] });
  const feed = await http('POST', `/api/v1/namespaces/whisk.system/actions/alarms/alarm?blocking=true`, {
    key: a.key,
    body: { lifecycleEvent: 'CREATE', triggerName: `/${A}/feedtrig`, authKey: a.key, cron: '0 0 1 1 *', trigger_payload: { token: secret } },
  });
  if (feed.status !== 200) throw new Error(`fixture feed CREATE → ${feed.status} ${JSON.stringify(feed.body)}`);
  const run = await http('POST', `/api/v1/namespaces/${A}/actions/act?blocking=true`, { key: a.key, body: {} });
  if (run.status !== 200) throw new Error(`fixture invoke → ${run.status} ${JSON.stringify(run.body)}`);
  const [letter] = await queryOnce<{ id: string }>(
    E2E.databaseUrl,
    `INSERT INTO dead_letters (namespace, rule, trigger, action, trigger_activation_id, attempts, last_response, event, created)
     VALUES ($1, $2, $3, $4, $5, '[]', NULL, $6, $7) RETURNING id`,
    [A, `${A}/rule`, `${A}/trig`, `${A}/act`, run.body.activationId, JSON.stringify({ token: secret }), Date.now()],
  );
  const [sub] = await queryOnce<{ id: string }>(E2E.databaseUrl, 'SELECT id FROM feed_subscriptions WHERE trigger_namespace = $1', [A]);
  await put(b.key, `${b.namespace}/actions/bact`, { exec: { kind: 'nodejs:20', code: 'function main(){ return {} }' } });
  await put(b.key, `${b.namespace}/triggers/btrig`, {});
  // A shared `waspub` while B bound it, then made it private again: B's binding must stop giving access.
  await put(a.key, `${A}/packages/waspub`, { publish: true });
  await put(a.key, `${A}/actions/waspub/wact`, { exec: { kind: 'nodejs:20', code }, parameters: params });
  await put(b.key, `${b.namespace}/packages/bwas`, { binding: { namespace: A, name: 'waspub' } });
  await put(a.key, `${A}/packages/waspub`, { publish: false });
  return {
    a,
    b,
    secret,
    activationId: run.body.activationId,
    deadLetterId: letter.id,
    subscriptionId: sub.id,
    privateNames: ['act', 'priv', 'pact', 'bind', 'pubbind', 'trig', 'rule', 'feedtrig', 'wact'],
  };
}

/** A's state as its owner sees it, compared before and after the matrix to catch writes that answered "refused". */
export async function ownerSnapshot(fx: IsolationFixture): Promise<unknown> {
  const A = fx.a.namespace;
  const get = async (path: string) => {
    const r = await http('GET', `/api/v1/namespaces/${A}/${path}`, { key: fx.a.key });
    return { status: r.status, body: r.body };
  };
  const feed = await http('POST', `/api/v1/namespaces/whisk.system/actions/alarms/alarm?blocking=true&result=true`, {
    key: fx.a.key,
    body: { lifecycleEvent: 'READ', triggerName: `/${A}/feedtrig`, authKey: fx.a.key },
  });
  return {
    actions: await get('actions?limit=200'),
    packages: await get('packages?limit=200'),
    triggers: await get('triggers?limit=200'),
    rules: await get('rules?limit=200'),
    act: await get('actions/act'),
    pact: await get('actions/priv/pact'),
    trig: await get('triggers/trig'),
    rule: await get('rules/rule'),
    priv: await get('packages/priv'),
    // Per name: A's own feed READs below add activations of the feed action, never of these.
    runs: [await get('activations?name=act&count=true'), await get('activations?name=priv/pact&count=true'), await get('activations?name=trig&count=true')],
    letter: await get(`deadletters/${fx.deadLetterId}`),
    feed: { active: feed.body?.status?.active, config: feed.body?.config },
  };
}
