import type { ActivationRecord } from '@wisp/core';
import type { ActivationStore } from '../activations/activation.store';
import { InvocationService } from './invocation.service';

const record = { activationId: 'a1', namespace: 'guest' } as ActivationRecord;

/** An invocation service whose store answers reads with `find`; only `waitFor` is exercised. */
function serviceWith(find: () => Promise<ActivationRecord | undefined>) {
  const reads: number[] = [];
  const store = {
    find: () => {
      reads.push(Date.now());
      return find();
    },
  } as unknown as ActivationStore;
  const none = undefined as never;
  const service = new InvocationService(none, none, none, none, none, none, store, none, none, none, none, none);
  return { service, reads };
}

describe('InvocationService.waitFor, after the work is durable', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const pending = () => new Promise<ActivationRecord>(() => undefined);

  it('an unreachable store is not an answer: the wait ends without a record (202), it never throws (503)', async () => {
    const s = serviceWith(async () => Promise.reject(new Error('Query read timeout')));
    const waited = s.service.waitFor('guest', 'a1', pending(), 12_000);
    const outcome = waited.then(
      (r) => ({ resolved: r }),
      (e: Error) => ({ rejected: e.message }),
    );
    await jest.advanceTimersByTimeAsync(13_000);
    expect(await outcome).toEqual({ resolved: undefined });
    expect(s.reads.length).toBeGreaterThanOrEqual(2);
  });

  it('a store read that hangs does not hold the caller past its wait (plus the last read’s second)', async () => {
    const s = serviceWith(() => new Promise(() => undefined));
    let settled = false;
    // The store is read at the 5 s poll with 0.5 s left: that last read gets its full second, and no more.
    void s.service.waitFor('guest', 'a1', pending(), 5_500).then(() => (settled = true));
    await jest.advanceTimersByTimeAsync(5_900);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(100);
    expect(settled).toBe(true);
    expect(s.reads).toHaveLength(1);
  });

  it('the completion still answers while the store is out, and a record the store holds is found', async () => {
    const out = serviceWith(async () => Promise.reject(new Error('Query read timeout')));
    let finish!: (r: ActivationRecord) => void;
    const done = new Promise<ActivationRecord>((r) => (finish = r));
    const waited = out.service.waitFor('guest', 'a1', done, 60_000);
    await jest.advanceTimersByTimeAsync(11_000);
    finish(record);
    await expect(waited).resolves.toBe(record);
    const stored = serviceWith(async () => record);
    const found = stored.service.waitFor('guest', 'a1', pending(), 60_000);
    await jest.advanceTimersByTimeAsync(5_000);
    await expect(found).resolves.toBe(record);
  });
});
