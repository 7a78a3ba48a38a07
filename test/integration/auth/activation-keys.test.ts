import type { DataSource } from 'typeorm';
import { migrateDatabase, newActivationId, type WispConfig } from '@wisp/core';
import { ActivationKeys } from '../../../apps/api/src/auth/activation-keys.service';
import { ActivationKeyStore } from '../../../apps/api/src/auth/activation-key.store';
import { SubjectService } from '../../../apps/api/src/auth/subject.service';
import type { Identity } from '../../../apps/api/src/auth/identity';
import { dropDatabase } from '../../support/stack';

/** A database of this suite and this engineer's port alone, so parallel runs never share it. */
const DB_URL = `postgres://postgres@127.0.0.1:5432/wisp_it_activation_keys_${process.env.WISP_E2E_PORT ?? 'default'}`;

describe('activation keys (real PostgreSQL)', () => {
  let ds: DataSource;
  let subjects: SubjectService;
  let owner: Identity;
  const keysWithGrace = (graceMs: number) => new ActivationKeys(ds, { actionKeyGraceMs: graceMs } as WispConfig);

  beforeAll(async () => {
    ds = await migrateDatabase(DB_URL);
    await ds.query('TRUNCATE activation_keys, subjects, namespaces CASCADE');
    subjects = new SubjectService(ds);
    const { key } = await subjects.createNamespace('owner');
    owner = (await subjects.authenticate(key))!;
  });
  afterAll(async () => {
    await ds.destroy();
    await dropDatabase(DB_URL);
  });

  it('authenticates a minted key in the caller namespace, marked with its activation, until it is revoked', async () => {
    const keys = keysWithGrace(30_000);
    const activationId = newActivationId();
    const key = await keys.mint(owner, activationId, 60_000);
    expect(await subjects.authenticate(key)).toMatchObject({ namespace: 'owner', subject: 'owner', activationId });
    expect(await subjects.authenticate(`${key.split(':')[0]}:wrong`)).toBeUndefined();
    await keys.revoke(activationId);
    expect(await subjects.authenticate(key)).toBeUndefined();
  });

  it('refuses a key past its expiry even when no completion revoked it, and the sweep deletes it', async () => {
    const activationId = newActivationId();
    const key = await keysWithGrace(0).mint(owner, activationId, 0);
    await new Promise((r) => setTimeout(r, 5));
    expect(await subjects.authenticate(key)).toBeUndefined();
    expect(await new ActivationKeyStore(ds).sweep(Date.now())).toBeGreaterThanOrEqual(1);
    expect(await ds.query('SELECT 1 FROM activation_keys WHERE activation_id = $1', [activationId])).toEqual([]);
  });

  it('stores only a hash of the secret', async () => {
    const key = await keysWithGrace(30_000).mint(owner, newActivationId(), 60_000);
    const rows = await ds.query('SELECT * FROM activation_keys');
    expect(JSON.stringify(rows)).not.toContain(key.split(':')[1]);
  });
});
