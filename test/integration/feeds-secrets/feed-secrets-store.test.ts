import type { DataSource } from 'typeorm';
import { migrateDatabase, newSecretKeyText, SecretBox, SecretKeyring } from '@wisp/core';
import { FeedProviderRegistry, type FeedProvider } from '@wisp/feeds';
import { resealFeedSecrets } from '../../../apps/api/src/cli/secret-rotation';
import { FeedSecrets } from '../../../apps/api/src/feeds/feed-secrets';
import { FeedSubscriptionStore } from '../../../apps/api/src/feeds/feed-subscription.store';
import { dropDatabase } from '../../support/stack';

const DB_URL = `postgres://postgres@127.0.0.1:5432/wisp_it_feed_secrets_${process.env.WISP_E2E_PORT ?? 'default'}`;
const OWNER = '00000000-0000-4000-8000-000000000000';

/** A registry with the GitHub kind's secret fields (nothing else of a provider is used by the store). */
function registry(): FeedProviderRegistry {
  const r = new FeedProviderRegistry();
  r.register({ kind: 'github', secretFields: { secret: 'token', accessToken: 'token' } } as unknown as FeedProvider);
  return r;
}

describe('feed secrets in feed_subscriptions (real PostgreSQL)', () => {
  let ds: DataSource;
  const k1 = newSecretKeyText();
  const k2 = newSecretKeyText();
  const box1 = new SecretBox(new SecretKeyring({ keys: [k1], file: '/nonexistent' }));

  beforeAll(async () => {
    await dropDatabase(DB_URL, true);
    ds = await migrateDatabase(DB_URL);
  });

  afterAll(async () => {
    await ds.destroy();
    await dropDatabase(DB_URL);
  });

  it('seals a plaintext row of an older Wisp once, keeps a tenant lookalike elsewhere as it is, and rotation reseals under the new key', async () => {
    const lookalike = 'wisp-enc:v1:deadbeef:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const legacy = { repository: 'o/r', events: ['push'], secret: 'plain-webhook-secret', accessToken: 'ghp_plaintexttoken000000', note: lookalike };
    const [{ id }] = (await ds.query(
      `INSERT INTO feed_subscriptions (trigger_namespace, trigger_name, kind, config, params, status, owner_uuid, updated)
       VALUES ('it', 't', 'github', $1, $2, '{"active":true,"changedAt":0}', $3, 0) RETURNING id`,
      [JSON.stringify(legacy), JSON.stringify({ accessToken: legacy.accessToken }), OWNER],
    )) as { id: string }[];
    const store = new FeedSubscriptionStore(ds, new FeedSecrets(box1, registry()));
    expect((await store.findById(id))!.config).toEqual(legacy); // plaintext still reads before it is sealed

    expect(await store.sealPlaintext()).toBe(1);
    expect(await store.sealPlaintext()).toBe(0);
    const [raw] = (await ds.query('SELECT config::text AS config, params::text AS params FROM feed_subscriptions WHERE id = $1', [id])) as { config: string; params: string }[];
    expect(raw.config).not.toContain('plain-webhook-secret');
    expect(raw.config).not.toContain('ghp_plaintext');
    expect(raw.params).not.toContain('ghp_plaintext');
    expect(JSON.parse(raw.config).note).toBe(lookalike);
    expect((await store.findById(id))!.config).toEqual(legacy);
    expect((await store.findById(id))!.params).toEqual({ accessToken: legacy.accessToken });

    const box2 = new SecretBox(new SecretKeyring({ keys: [k2, k1], file: '/nonexistent' }));
    expect(await resealFeedSecrets(ds, box2)).toMatchObject({ keyId: box2.keyring.active.id, resealed: 3, rows: 1 });
    expect(await resealFeedSecrets(ds, box2)).toMatchObject({ resealed: 0, rows: 0 });
    const rotated = new FeedSubscriptionStore(ds, new FeedSecrets(new SecretBox(new SecretKeyring({ keys: [k2], file: '/nonexistent' })), registry()));
    expect((await rotated.findById(id))!.config).toEqual(legacy);
    await expect(store.findById(id)).rejects.toThrow(/not in the keyring/);
  });

  it('a listed field is sealed whatever the tenant sent in it, even a value that looks sealed', async () => {
    const store = new FeedSubscriptionStore(ds, new FeedSecrets(box1, registry()));
    const forged = box1.seal('someone else\'s token');
    const row = await store.insertCreating({ triggerNamespace: 'it', triggerName: 'forged', kind: 'github', config: { accessToken: forged }, params: { accessToken: forged }, ownerUuid: OWNER }, 50);
    expect(row!.config.accessToken).toBe(forged); // opened once: the tenant's own string, not what it seals
    expect((await store.findById(row!.id))!.params.accessToken).toBe(forged);
  });
});
