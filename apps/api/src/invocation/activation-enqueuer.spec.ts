import { type ActivationClaims, activationMessage, type Claim, loadConfig, type LostFallback, Messages, StoreUnavailableError } from '@wisp/core';
import { ActivationEnqueuer } from './activation-enqueuer';
import type { ControllerAmqp } from './controller-amqp.provider';

const message = activationMessage({ blocking: false, action: { limits: { timeout: 1_000 } } });

/** An enqueuer whose broker never confirms; PostgreSQL answers the refusal with `refuse()` and `acceptLost` with `bind()`. */
function setup(refuse: () => Promise<Claim>, bind: () => Promise<Claim> = async () => ({ won: true, outcome: 'lost' })) {
  const refusals: { sincePublishMs: number; fallback: LostFallback }[] = [];
  const bound: LostFallback[] = [];
  const amqp = { sendToQueueWithin: async () => Promise.reject(new Error('RabbitMQ did not confirm the publish within 100 ms')) } as unknown as ControllerAmqp;
  const claims = {
    refuse: (_id: string, sincePublishMs: number, fallback: LostFallback) => {
      refusals.push({ sincePublishMs, fallback });
      return refuse();
    },
    acceptLost: (_id: string, fallback: LostFallback) => {
      bound.push(fallback);
      return bind();
    },
  } as unknown as ActivationClaims;
  const enqueuer = new ActivationEnqueuer(amqp, claims, loadConfig({ WISP_BROKER_ACCEPT_TIMEOUT_MS: '100' }));
  return { enqueuer, refusals, bound };
}

/** The fallback every lost activation must carry: an internal error, due once its run's time is up. */
const expectFallback = (fallback: LostFallback) => {
  expect(fallback.record.activationId).toBe(message.activationId);
  expect(fallback.record.response).toMatchObject({ statusCode: 3, result: { error: Messages.activationUnconfirmed } });
  expect(fallback.dueInMs).toBe(message.action.limits.timeout + 60_000);
};

describe('ActivationEnqueuer, a publish RabbitMQ did not confirm', () => {
  afterEach(() => jest.useRealTimers());

  it('is refused with 503 when the refusal won while PostgreSQL stayed up (no run claim can have been lost)', async () => {
    const s = setup(async () => ({ won: true, outcome: 'refused' }));
    await expect(s.enqueuer.enqueue('q', message)).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(s.refusals).toHaveLength(1);
    expect(s.refusals[0].sincePublishMs).toBeGreaterThanOrEqual(0);
    expect(s.bound).toEqual([]);
  });

  it('is accepted as confirmed when an invoker claimed it first (it got through)', async () => {
    const s = setup(async () => ({ won: false, outcome: 'run' }));
    await expect(s.enqueuer.enqueue('q', message)).resolves.toBe('confirmed');
  });

  it('is accepted, never refused, when PostgreSQL restarted since the publish, and its fallback record rides in the same claim (no timer in this process)', async () => {
    jest.useFakeTimers({ doNotFake: ['performance'] });
    const s = setup(async () => ({ won: true, outcome: 'lost' }));
    await expect(s.enqueuer.enqueue('q', message)).resolves.toBe('unconfirmed');
    expectFallback(s.refusals[0].fallback);
    expect(jest.getTimerCount()).toBe(0);
    expect(s.bound).toEqual([]);
  });

  it('is accepted, never refused, when PostgreSQL is out too (a 503 could not be kept), and is bound to lost with its fallback once PostgreSQL answers', async () => {
    jest.useFakeTimers({ doNotFake: ['performance'] });
    let outages = 3;
    const s = setup(
      async () => Promise.reject(new Error('Connection terminated due to connection timeout')),
      async () => (outages-- > 0 ? Promise.reject(new Error('Query read timeout')) : { won: true, outcome: 'lost' }),
    );
    await expect(s.enqueuer.enqueue('q', message)).resolves.toBe('unconfirmed');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(s.bound).toHaveLength(4);
    for (const f of s.bound) expectFallback(f);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('answers by the 5 s bound when PostgreSQL holds the refusal, accepted, and then binds the id to lost (a late refusal would not be a 503 anyone saw)', async () => {
    jest.useFakeTimers({ doNotFake: ['performance'] });
    const s = setup(() => new Promise<Claim>(() => undefined));
    let answer: string | undefined;
    void s.enqueuer.enqueue('q', message).then((a) => (answer = a));
    await jest.advanceTimersByTimeAsync(4_000);
    expect(answer).toBeUndefined();
    await jest.advanceTimersByTimeAsync(500);
    expect(answer).toBe('unconfirmed');
    expect(s.bound).toHaveLength(1);
    expectFallback(s.bound[0]);
  });
});
