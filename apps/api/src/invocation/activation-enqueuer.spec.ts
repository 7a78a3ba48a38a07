import { type ActivationClaims, type ActivationRecord, type Claim, loadConfig, Messages, StoreUnavailableError } from '@wisp/core';
import type { ActivationStore } from '../activations/activation.store';
import { activationMessageFixture } from '../testing/activation-message.fixture';
import { ActivationEnqueuer } from './activation-enqueuer';
import type { ControllerAmqp } from './controller-amqp.provider';

const message = activationMessageFixture();

/** An enqueuer whose broker never confirms and whose PostgreSQL answers the refusal with `verdict`. */
function setup(verdict: Claim) {
  const records: ActivationRecord[] = [];
  const refusals: number[] = [];
  const amqp = { sendToQueueWithin: async () => Promise.reject(new Error('RabbitMQ did not confirm the publish within 100 ms')) } as unknown as ControllerAmqp;
  const claims = {
    refuse: async (_id: string, sincePublishMs: number) => {
      refusals.push(sincePublishMs);
      return verdict;
    },
  } as unknown as ActivationClaims;
  const store = {
    insertIfAbsent: async (r: ActivationRecord) => {
      records.push(r);
      return r;
    },
  } as unknown as ActivationStore;
  const enqueuer = new ActivationEnqueuer(amqp, claims, store, loadConfig({ WISP_BROKER_ACCEPT_TIMEOUT_MS: '100' }));
  return { enqueuer, records, refusals };
}

describe('ActivationEnqueuer, a publish RabbitMQ did not confirm', () => {
  afterEach(() => jest.useRealTimers());

  it('is refused with 503 when the refusal won while PostgreSQL stayed up (no run claim can have been lost)', async () => {
    const s = setup({ won: true, outcome: 'refused' });
    await expect(s.enqueuer.enqueue('q', message)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(s.refusals).toHaveLength(1);
    expect(s.refusals[0]).toBeGreaterThanOrEqual(0);
  });

  it('is accepted when an invoker claimed it first (it got through)', async () => {
    const s = setup({ won: false, outcome: 'run' });
    await expect(s.enqueuer.enqueue('q', message)).resolves.toBeUndefined();
  });

  it('is accepted, never refused, when PostgreSQL restarted since the publish (a run claim may be lost), and gets a record once its run time is up', async () => {
    jest.useFakeTimers({ doNotFake: ['performance'] });
    const s = setup({ won: true, outcome: 'lost' });
    await expect(s.enqueuer.enqueue('q', message)).resolves.toBeUndefined();
    expect(s.records).toEqual([]);
    await jest.advanceTimersByTimeAsync(1_000 + 60_000);
    expect(s.records.map((r) => [r.activationId, r.response.result])).toEqual([[message.activationId, { error: Messages.activationUnconfirmed }]]);
    s.enqueuer.onApplicationShutdown();
  });
});
