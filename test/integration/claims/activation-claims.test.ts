import { ActivationClaims, migrateDatabase } from '@wisp/core';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { E2E } from '../../support/e2e-env';

/** Per WISP_E2E_PORT, so parallel checkouts never share it. */
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/wisp_it_claims${E2E.port === 3299 ? '' : `_${E2E.port}`}`;
const newId = () => randomUUID().replace(/-/g, '');

describe('ActivationClaims on PostgreSQL', () => {
  let ds: DataSource;
  let claims: ActivationClaims;
  /** How long this PostgreSQL has been up, ms. */
  let uptimeMs: number;

  beforeAll(async () => {
    ds = await migrateDatabase(DATABASE_URL);
    claims = new ActivationClaims(ds);
    const [row] = await ds.query('SELECT extract(epoch FROM now() - pg_postmaster_start_time()) * 1000 AS ms');
    uptimeMs = Number(row.ms);
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  it('refuses an unclaimed id when PostgreSQL has run without a restart since the publish', async () => {
    const id = newId();
    expect(await claims.refuse(id, 3_000)).toEqual({ won: true, outcome: 'refused' });
    expect(await claims.claim(id, 'run')).toEqual({ won: false, outcome: 'refused' });
  });

  it('claims the id lost instead of refusing it when PostgreSQL (re)started after the publish: a run claim may have been lost', async () => {
    const id = newId();
    expect(await claims.refuse(id, uptimeMs + 5_000)).toEqual({ won: true, outcome: 'lost' });
    expect(await claims.claim(id, 'run')).toEqual({ won: false, outcome: 'lost' });
  });

  it('loses to an invoker that claimed the run first', async () => {
    const id = newId();
    expect(await claims.claim(id, 'run')).toEqual({ won: true, outcome: 'run' });
    expect(await claims.refuse(id, 3_000)).toEqual({ won: false, outcome: 'run' });
    expect(await claims.claim(id, 'lost')).toEqual({ won: false, outcome: 'run' });
  });

  it('tells what an id is bound to, and nothing for an id nobody claimed', async () => {
    const id = newId();
    expect(await claims.outcomeOf(id)).toBeUndefined();
    await claims.claim(id, 'lost');
    expect(await claims.outcomeOf(id)).toBe('lost');
  });
});
