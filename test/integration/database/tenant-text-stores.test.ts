import type { DataSource } from 'typeorm';
import { type ActivationRecord, migrateDatabase, newActivationId, newSecretKeyText, SecretBox, SecretKeyring } from '@wisp/core';
import { FeedProviderRegistry } from '@wisp/feeds';
import type { ActionResolver } from '../../../apps/api/src/actions/action.resolver';
import type { ActivationStore } from '../../../apps/api/src/activations/activation.store';
import type { SubjectService } from '../../../apps/api/src/auth/subject.service';
import { DeliveryPoller } from '../../../apps/api/src/delivery/delivery.poller';
import { parseDeliveryPolicy } from '../../../apps/api/src/delivery/delivery-policy';
import { type DeliveryContext, DeliveryService } from '../../../apps/api/src/delivery/delivery.service';
import { RuleDeliveryStore } from '../../../apps/api/src/delivery/rule-delivery.store';
import { FeedSecrets } from '../../../apps/api/src/feeds/feed-secrets';
import { FeedSubscriptionStore } from '../../../apps/api/src/feeds/feed-subscription.store';
import type { InvocationService } from '../../../apps/api/src/invocation/invocation.service';
import { queryOnce } from '../../support/sql';

/** A database of this suite alone, so parallel runs of other suites never share it. */
const DB_URL = 'postgres://postgres@127.0.0.1:5432/wisp_it_hostile_bytes_stores';
/** Every kind of text PostgreSQL refuses (or would silently change), and a pair it must keep. */
const HOSTILE = { nul: 'a\u0000b', high: 'x\ud800', low: '\udc00y', ['key\udbff']: 1, pair: '\ud83d\ude00' };
const ESCAPED = { nul: 'a\\u0000b', high: 'x\\ud800', low: '\\udc00y', ['key\\udbff']: 1, pair: '\ud83d\ude00' };

/** Issue 17 finding 4: dead letters and feed status reasons hold tenant text too; they store it escaped, never fail. */
describe('tenant text in dead letters and feed status reasons (real PostgreSQL)', () => {
  let ds: DataSource;

  beforeAll(async () => {
    ds = await migrateDatabase(DB_URL);
    await ds.query('TRUNCATE dead_letters, rule_deliveries, feed_subscriptions CASCADE');
  });

  afterAll(async () => {
    await ds.destroy();
  });

  it('a dead letter keeps an event and a last response holding NUL and lone surrogates, escaped', async () => {
    const triggerActivationId = newActivationId();
    const last = { statusCode: 2, result: { error: 'boom \u0000', detail: HOSTILE } } as ActivationRecord['response'];
    const rules = new RuleDeliveryStore(ds);
    const delivery = new DeliveryService({} as ActivationStore, rules);
    // no retry is started: the policy allows none
    const poller = new DeliveryPoller(ds, rules, delivery, {} as InvocationService, {} as ActionResolver, {} as SubjectService);
    const ctx = {
      caller: { namespace: 'guest', uuid: '00000000-0000-4000-8000-000000000001' },
      resolved: { ref: { namespace: 'guest', name: 'a' }, action: { limits: { timeout: 1_000 } } },
      args: { payload: HOSTILE, ['\ud800']: 'k' },
      rule: 'guest/r',
      trigger: 'guest/t',
      action: 'guest/a',
      triggerActivationId,
      transactionId: 'tx-dead-letter',
    } as unknown as DeliveryContext;
    const activationId = newActivationId();
    const first = { activationId, done: Promise.resolve({ activationId, response: last } as ActivationRecord) };
    await delivery.follow(ctx, parseDeliveryPolicy({ retry: 0, retryOn: ['developer'] }), first);
    let rows: { event: any; last_response: any; attempts: string[] }[] = [];
    for (let i = 0; i < 50 && rows.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      poller.tick();
      rows = await queryOnce(DB_URL, 'SELECT event, last_response, attempts FROM dead_letters WHERE trigger_activation_id = $1', [triggerActivationId]);
    }
    expect(rows).toHaveLength(1);
    expect(rows[0].event).toEqual({ payload: ESCAPED, ['\\ud800']: 'k' });
    expect(rows[0].last_response).toEqual({ statusCode: 2, result: { error: 'boom \\u0000', detail: ESCAPED } });
    expect(rows[0].attempts).toEqual([first.activationId]);
    expect(await queryOnce(DB_URL, 'SELECT 1 FROM rule_deliveries WHERE id = $1', [activationId])).toEqual([]);
    await poller.beforeApplicationShutdown();
  });

  it('a feed status reason quoting a target\'s text with NUL and lone surrogates is stored escaped, active or not', async () => {
    const store = new FeedSubscriptionStore(ds, new FeedSecrets(new SecretBox(new SecretKeyring({ keys: [newSecretKeyText()], file: '/nonexistent' })), new FeedProviderRegistry()));
    const row = await store.insertCreating({ triggerNamespace: 'guest', triggerName: `t-${Date.now()}`, kind: 'mqtt', config: {}, params: {}, ownerUuid: '00000000-0000-4000-8000-000000000000' }, 50);
    if (!row) throw new Error('the feed limit refused the subscription');
    await store.activateCreated(row.id, 'mqtt', {}, 'runner-it', 9_000);
    await store.setReason(row.id, 'broker said: bad\u0000 \ud800 \ud83d\ude00');
    expect((await store.findById(row.id))!.status).toMatchObject({ active: true, reason: 'broker said: bad\\u0000 \\ud800 \ud83d\ude00' });
    await store.setActive(row.id, false, 'disabled: \udfff\u0000');
    expect((await store.findById(row.id))!.status).toMatchObject({ active: false, reason: 'disabled: \\udfff\\u0000' });
  });
});
