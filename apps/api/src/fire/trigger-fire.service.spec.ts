import { StoreUnavailableError, type WispConfig } from '@wisp/core';
import type { DataSource } from 'typeorm';
import type { ActionResolver } from '../actions/action.resolver';
import { ActivationStore } from '../activations/activation.store';
import { RecentActivationsCache } from '../activations/recent-activations.cache';
import type { Identity } from '../auth/identity';
import type { DeliveryService } from '../delivery/delivery.service';
import type { InvocationService } from '../invocation/invocation.service';
import type { Throttles } from '../invocation/throttles';
import type { TriggersService } from '../triggers/triggers.service';
import type { FeedEventLedger } from './feed-event-ledger';
import { TriggerFireService } from './trigger-fire.service';

const caller: Identity = { uuid: 'u', subject: 'guest', namespace: 'guest', apiKey: 'u:k' };
const config = { databaseUrl: 'postgres://postgres@127.0.0.1:5432/wisp', outage: { retryAfterS: 5, recordBacklogBytes: 6_000 } } as WispConfig;
/** What pg-pool says when PostgreSQL does not answer a connect in time. */
const pgDown = () => new Error('timeout exceeded when trying to connect');

/**
 * A fire service over fakes, with the real {@link ActivationStore} and its batched writer on a database that is
 * `up`, or paused (queries never answer), as PostgreSQL is during an outage.
 */
function setup(opts: { rules: string[]; unresolvable?: string[]; database: 'up' | 'paused' }) {
  const started: string[] = [];
  const inserts: unknown[] = [];
  const db = {
    query: (sql: string) => {
      inserts.push(sql);
      return opts.database === 'up' ? Promise.resolve([]) : new Promise(() => undefined);
    },
  } as unknown as DataSource;
  const store = new ActivationStore(db, new RecentActivationsCache(), config);
  const triggers = {
    findActiveRules: async () => ({
      trigger: { parameters: [], version: '0.0.1' },
      rules: opts.rules.map((a) => ({ path: `guest/r-${a}`, rule: { annotations: [] }, action: { namespace: 'guest', name: a } })),
    }),
  } as unknown as TriggersService;
  const resolver = {
    resolve: async (_c: Identity, namespace: string, _p: string | undefined, name: string) => {
      if (opts.unresolvable?.includes(name)) throw pgDown();
      return { ref: { namespace, name } };
    },
  } as unknown as ActionResolver;
  const invocations = {
    start: async (_c: Identity, resolved: { ref: { name: string } }) => {
      started.push(resolved.ref.name);
      return { activationId: `id-${resolved.ref.name}-${started.length}`, done: new Promise(() => undefined) };
    },
  } as unknown as InvocationService;
  const throttles = { admitFire: async () => undefined, admitInvocation: async () => undefined } as unknown as Throttles;
  const service = new TriggerFireService(triggers, resolver, invocations, throttles, store, {} as DeliveryService, {} as FeedEventLedger, { triggerFired: () => undefined, ruleSettled: () => undefined } as never, config);
  const fire = (event: Record<string, unknown> = {}) => service.fire(caller, '_', 'tick', event, {}, 'tx');
  return { fire, started, inserts };
}

describe('TriggerFireService under a PostgreSQL outage', () => {
  it('answers a fire whose rules were all confirmed while PostgreSQL cannot store its record (the writer keeps it)', async () => {
    const s = setup({ rules: ['a1', 'a2'], database: 'paused' });
    const answer = await s.fire({ n: 1 });
    expect(answer).toEqual({ activationId: expect.any(String) });
    expect(s.started).toEqual(['a1', 'a2']);
    expect(s.inserts.filter((q) => String(q).startsWith('INSERT INTO activations'))).toHaveLength(1);
  });

  it('refuses with 503 naming PostgreSQL, before anything is queued, when a rule needed PostgreSQL to be decided', async () => {
    const s = setup({ rules: ['a1', 'a2'], unresolvable: ['a2'], database: 'up' });
    const refusal = await s.fire().catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(StoreUnavailableError);
    expect((refusal as StoreUnavailableError).store).toBe('PostgreSQL');
    expect((refusal as StoreUnavailableError).headers['Retry-After']).toBe('5');
    expect(s.started).toEqual([]);
    expect(s.inserts).toEqual([]);
  });

  it('refuses with 503, before anything is queued, once the records waiting for PostgreSQL fill the backlog', async () => {
    const s = setup({ rules: ['a1'], database: 'paused' });
    const big = { blob: 'x'.repeat(2_500) };
    await s.fire(big);
    const refusal = await s.fire(big).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(StoreUnavailableError);
    expect((refusal as StoreUnavailableError).message).toMatch(/PostgreSQL/);
    expect(s.started).toEqual(['a1']);
  });

  it('frees the backlog once records are committed', async () => {
    const s = setup({ rules: ['a1'], database: 'up' });
    const big = { blob: 'x'.repeat(2_500) };
    for (let i = 0; i < 4; i++) expect(await s.fire(big)).toEqual({ activationId: expect.any(String) });
    expect(s.started).toHaveLength(4);
  });
});
