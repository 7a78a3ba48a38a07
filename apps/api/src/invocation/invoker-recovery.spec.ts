import { activationMessage } from '@wisp/core';
import type { ActivationClaims, ActivationMessage, ActivationRecord, ClaimOutcome } from '@wisp/core';
import type { ActivationStore } from '../activations/activation.store';
import type { RecentActivationsCache } from '../activations/recent-activations.cache';
import type { ControllerAmqp } from './controller-amqp.provider';
import type { InFlightActivations } from './in-flight-activations';
import { INVOKER_LOST, InvokerRecovery } from './invoker-recovery';
import type { InvokerRegistry } from './invoker-registry';
import type { LoadBalancer } from './load-balancer';

const message = () => activationMessage({ blocking: false, action: { limits: { timeout: 1_000 } } });

/** A recovery over fakes: `queued` is what the offline invoker's queue holds, `claimed` the claim rows. */
function setup(queued: { message: ActivationMessage; redelivered: boolean }[], opts: { healthy?: boolean } = {}) {
  const claimed = new Map<string, ClaimOutcome>();
  const records: ActivationRecord[] = [];
  const moved: string[] = [];
  const abandoned: string[] = [];
  const claims = {
    claim: jest.fn(async (id: string, outcome: ClaimOutcome) => {
      const held = claimed.get(id);
      if (held) return { won: false, outcome: held };
      claimed.set(id, outcome);
      return { won: true, outcome };
    }),
    outcomeOf: jest.fn(async (id: string) => claimed.get(id)),
  } as unknown as ActivationClaims;
  const amqp = {
    drain: async (_q: string, fn: (m: { content: Buffer; redelivered: boolean }) => Promise<void>) => {
      for (const q of queued) await fn({ content: Buffer.from(JSON.stringify(q.message)), redelivered: q.redelivered });
      return queued.length;
    },
    sendToQueue: async (_q: string, content: Buffer) => void moved.push(JSON.parse(content.toString()).activationId),
  } as unknown as ControllerAmqp;
  const balancer = {
    acquire: () => {
      if (opts.healthy === false) throw new Error('No invokers available.');
      return { id: 'inv1', queue: 'wisp.invoker.inv1' };
    },
    release: () => undefined,
  } as unknown as LoadBalancer;
  const inFlight = {
    get: () => undefined,
    onInvoker: () => [],
    complete: () => true,
    abandon: (id: string) => void abandoned.push(id),
    reassign: () => undefined,
  } as unknown as InFlightActivations;
  const store = {
    insertIfAbsent: async (r: ActivationRecord) => {
      records.push(r);
      return r;
    },
  } as unknown as ActivationStore;
  const recent = { put: () => undefined } as unknown as RecentActivationsCache;
  const recovery = new InvokerRecovery({} as InvokerRegistry, amqp, balancer, inFlight, store, recent, claims);
  return { recovery, claimed, records, moved, abandoned };
}

describe('InvokerRecovery', () => {
  it('drops a refused activation drained from the offline queue: no "invoker lost" record, not moved, not re-run', async () => {
    const refused = message();
    const s = setup([{ message: refused, redelivered: true }]);
    s.claimed.set(refused.activationId, 'refused');
    await s.recovery.recover('inv0');
    expect(s.records).toEqual([]);
    expect(s.moved).toEqual([]);
    expect(s.claimed.get(refused.activationId)).toBe('refused');
  });

  it('records a run-claimed (started) activation as lost with its invoker, as before', async () => {
    const started = message();
    const s = setup([{ message: started, redelivered: true }]);
    s.claimed.set(started.activationId, 'run');
    await s.recovery.recover('inv0');
    expect(s.records.map((r) => [r.activationId, r.response.result])).toEqual([[started.activationId, { error: INVOKER_LOST }]]);
    expect(s.moved).toEqual([]);
  });

  it('moves a redelivered activation nobody claimed: it never started, so a healthy invoker runs it', async () => {
    const unstarted = message();
    const s = setup([{ message: unstarted, redelivered: true }]);
    await s.recovery.recover('inv0');
    expect(s.moved).toEqual([unstarted.activationId]);
    expect(s.records).toEqual([]);
  });

  it('claims an activation it cannot move as lost before recording it, so no invoker can run it afterwards', async () => {
    const queued = message();
    const s = setup([{ message: queued, redelivered: false }], { healthy: false });
    await s.recovery.recover('inv0');
    expect(s.claimed.get(queued.activationId)).toBe('lost');
    expect(s.records.map((r) => r.activationId)).toEqual([queued.activationId]);
  });

  it('gives no record to a refused activation it cannot move either', async () => {
    const refused = message();
    const s = setup([{ message: refused, redelivered: false }], { healthy: false });
    s.claimed.set(refused.activationId, 'refused');
    await s.recovery.recover('inv0');
    expect(s.records).toEqual([]);
    expect(s.abandoned).toEqual([refused.activationId]);
  });
});
