import { ActivationClaims, activationMessage, ActivationWriter, loadConfig, type LostFallback, Messages, migrateDatabase, systemErrorRecord, MetricsRegistry } from '@wisp/core';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ActivationPartitionMaintainer } from '../../../apps/api/src/maintenance/activation-partition.maintainer';
import { RetentionJob } from '../../../apps/api/src/maintenance/retention.job';
import { deleteExpiredRows } from '../../../apps/api/src/maintenance/row-retention';
import { RetentionMetrics } from '../../../apps/api/src/metrics/retention.metrics';
import { ClaimsJanitor } from '../../../apps/invoker/src/messaging/claims-janitor.service';
import { E2E } from '../../support/e2e-env';

/** Per WISP_E2E_PORT, so parallel checkouts never share it. */
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/wisp_it_claims${E2E.port === 3299 ? '' : `_${E2E.port}`}`;
const newId = () => randomUUID().replace(/-/g, '');
/** The internal-error record an activation accepted as lost gets, due after `dueInMs`. */
const fallbackFor = (activationId: string, dueInMs = 60_000): LostFallback => {
  const message = activationMessage({ activationId });
  return { record: systemErrorRecord(message, Messages.activationUnconfirmed), dueInMs };
};

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
    expect(await claims.refuse(id, 3_000, fallbackFor(id))).toEqual({ won: true, outcome: 'refused' });
    expect(await claims.claim(id, 'run')).toEqual({ won: false, outcome: 'refused' });
  });

  it('claims the id lost instead of refusing it when PostgreSQL (re)started after the publish: a run claim may have been lost', async () => {
    const id = newId();
    expect(await claims.refuse(id, uptimeMs + 5_000, fallbackFor(id))).toEqual({ won: true, outcome: 'lost' });
    expect(await claims.claim(id, 'run')).toEqual({ won: false, outcome: 'lost' });
  });

  it('loses to an invoker that claimed the run first', async () => {
    const id = newId();
    expect(await claims.claim(id, 'run')).toEqual({ won: true, outcome: 'run' });
    expect(await claims.refuse(id, 3_000, fallbackFor(id))).toEqual({ won: false, outcome: 'run' });
    expect(await claims.claim(id, 'lost')).toEqual({ won: false, outcome: 'run' });
  });

  it('tells what an id is bound to, and nothing for an id nobody claimed', async () => {
    const id = newId();
    expect(await claims.outcomeOf(id)).toBeUndefined();
    await claims.claim(id, 'lost');
    expect(await claims.outcomeOf(id)).toBe('lost');
  });

  it('rearms a refused derived id so its starter may run it again, once; a run or lost claim stays', async () => {
    const refused = newId();
    await claims.refuse(refused, 3_000, fallbackFor(refused));
    expect(await claims.rearm(refused)).toBe(true);
    expect(await claims.outcomeOf(refused)).toBeUndefined();
    expect(await claims.claim(refused, 'run', 'inv-a')).toEqual({ won: true, outcome: 'run' });
    expect((await claims.claim(refused, 'run', 'inv-b')).won).toBe(false);
    expect(await claims.rearm(refused)).toBe(false);
    expect(await claims.outcomeOf(refused)).toBe('run');
    const lost = newId();
    await claims.refuse(lost, uptimeMs + 5_000, fallbackFor(lost));
    expect(await claims.rearm(lost)).toBe(false);
    expect(await claims.outcomeOf(lost)).toBe('lost');
  });

  describe('retried run claims (a claim whose reply was lost may have committed)', () => {
    it('is won again by the same claimant, and lost to any other', async () => {
      const id = newId();
      expect(await claims.claim(id, 'run', 'delivery-a')).toEqual({ won: true, outcome: 'run' });
      expect(await claims.claim(id, 'run', 'delivery-a')).toEqual({ won: true, outcome: 'run' });
      expect(await claims.claim(id, 'run', 'delivery-b')).toEqual({ won: false, outcome: 'run' });
      expect(await claims.claim(id, 'run')).toEqual({ won: false, outcome: 'run' });
    });

    it('a claimant never wins an id refused or lost meanwhile', async () => {
      const refused = newId();
      await claims.refuse(refused, 3_000, fallbackFor(refused));
      expect(await claims.claim(refused, 'run', 'delivery-a')).toEqual({ won: false, outcome: 'refused' });
      const lost = newId();
      await claims.acceptLost(lost, fallbackFor(lost));
      expect(await claims.claim(lost, 'run', 'delivery-a')).toEqual({ won: false, outcome: 'lost' });
    });
  });

  describe('activations accepted without a confirm: their record comes from the claim row, not from memory', () => {
    let writer: ActivationWriter;
    const recordOf = async (id: string) => (await ds.query('SELECT status_code, response FROM activations WHERE activation_id = $1', [id])) as { status_code: number; response: { result: unknown } }[];
    const waiting = async (id: string) => (await ds.query('SELECT 1 FROM activation_claims WHERE activation_id = $1 AND record_due IS NOT NULL', [id])).length > 0;
    /** A janitor as a freshly started invoker has it: nothing in memory about any activation. */
    const freshJanitor = () => new ClaimsJanitor(claims, writer);

    beforeAll(() => {
      writer = new ActivationWriter(ds);
    });

    afterAll(async () => {
      await writer.close();
    });

    it('a refusal that finds PostgreSQL restarted keeps the fallback record in the claim row; once due, any janitor stores it exactly once', async () => {
      const id = newId();
      expect(await claims.refuse(id, uptimeMs + 5_000, fallbackFor(id, 0))).toEqual({ won: true, outcome: 'lost' });
      expect(await recordOf(id)).toEqual([]);
      expect(await freshJanitor().storeDueFallbacks()).toBeGreaterThanOrEqual(1);
      expect(await recordOf(id)).toEqual([{ status_code: 3, response: expect.objectContaining({ result: { error: Messages.activationUnconfirmed } }) }]);
      expect(await waiting(id)).toBe(false);
      await freshJanitor().storeDueFallbacks();
      expect(await recordOf(id)).toHaveLength(1);
    });

    it('a refusal that wins stores no fallback, and nothing is recorded for it', async () => {
      const id = newId();
      expect(await claims.refuse(id, 3_000, fallbackFor(id, 0))).toEqual({ won: true, outcome: 'refused' });
      expect(await waiting(id)).toBe(false);
      await freshJanitor().storeDueFallbacks();
      expect(await recordOf(id)).toEqual([]);
    });

    it('accepting as lost after the answer was due turns a late-committed refusal into lost with a record, and leaves a run claim alone', async () => {
      const late = newId();
      await claims.refuse(late, 3_000, fallbackFor(late));
      expect(await claims.acceptLost(late, fallbackFor(late, 0))).toEqual({ won: true, outcome: 'lost' });
      expect(await claims.claim(late, 'run', 'delivery-a')).toEqual({ won: false, outcome: 'lost' });
      const ran = newId();
      await claims.claim(ran, 'run', 'delivery-a');
      expect(await claims.acceptLost(ran, fallbackFor(ran, 0))).toEqual({ won: false, outcome: 'run' });
      expect(await waiting(ran)).toBe(false);
      await freshJanitor().storeDueFallbacks();
      expect((await recordOf(late)).map((r) => r.status_code)).toEqual([3]);
      expect(await recordOf(ran)).toEqual([]);
    });

    it('a record the run stored first is kept; a fallback not yet due waits and is never pruned', async () => {
      const ranFirst = newId();
      await claims.acceptLost(ranFirst, fallbackFor(ranFirst, 0));
      await writer.write({ ...fallbackFor(ranFirst).record, response: { statusCode: 0, result: { ok: true }, size: 11 } });
      const notDue = newId();
      await claims.acceptLost(notDue, fallbackFor(notDue, 60_000));
      await ds.query("UPDATE activation_claims SET claimed_at = now() - interval '2 days' WHERE activation_id = $1", [notDue]);
      await freshJanitor().storeDueFallbacks();
      expect((await recordOf(ranFirst)).map((r) => [r.status_code, r.response.result])).toEqual([[0, { ok: true }]]);
      // the maintenance job's claims rule (24 h by default) deletes old claims, but not one whose fallback waits
      const job = new RetentionJob(ds, loadConfig({}), new ActivationPartitionMaintainer(ds), new RetentionMetrics(new MetricsRegistry()));
      const rule = job.rules().find((r) => r.table === 'activation_claims')!;
      await deleteExpiredRows(ds, rule, Date.now(), 'ctid', rule.onlyWhere);
      expect(await recordOf(notDue)).toEqual([]);
      expect(await waiting(notDue)).toBe(true);
    });
  });
});
