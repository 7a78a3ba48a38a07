import { type ActivationRecord, derivedActivationId, NotFoundError, ServiceUnavailableError } from '@wisp/core';
import type { DataSource } from 'typeorm';
import type { ActionResolver } from '../actions/action.resolver';
import type { SubjectService } from '../auth/subject.service';
import type { InvocationService } from '../invocation/invocation.service';
import { DeliveryPoller } from './delivery.poller';
import { parseDeliveryPolicy } from './delivery-policy';
import type { DeliveryService } from './delivery.service';
import type { RuleDeliveryRow, RuleDeliveryStore } from './rule-delivery.store';

const policy = parseDeliveryPolicy({ retry: 2, backoffPolicy: 'linear', backoffDelayMs: 100, retryOn: ['developer'] });
const row = (r: Partial<RuleDeliveryRow>): RuleDeliveryRow => ({
  id: 'a'.repeat(32),
  context: { ownerUuid: 'u', namespace: 'ns', rule: 'ns/r', trigger: 'ns/t', action: 'ns/a', actionRef: { namespace: 'ns', name: 'a' }, triggerActivationId: 't'.repeat(32), transactionId: 'tx', args: { x: 1 } },
  policy,
  attempts: ['a'.repeat(32)],
  awaiting: 'a'.repeat(32),
  awaitUntil: Date.now() + 60_000,
  ...r,
});
const record = (statusCode: number) => ({ response: { statusCode, result: {} } }) as ActivationRecord;

function harness(due: RuleDeliveryRow, found: ActivationRecord | undefined, start: () => Promise<unknown> = async () => ({ activationId: 'n', done: new Promise(() => undefined) })) {
  const rows = { anyDue: async () => true, lockDue: jest.fn(async () => [due]), later: jest.fn(), retryIn: jest.fn(), awaitAttempt: jest.fn(), finish: jest.fn(), deadLetter: jest.fn() };
  const deliveries = { recordOf: jest.fn(async () => found), watch: jest.fn() };
  const invocations = { start: jest.fn(start) };
  const db = { transaction: (work: (tx: unknown) => Promise<void>) => work({}) } as unknown as DataSource;
  const subjects = { identityOf: async () => ({ uuid: 'u', namespace: 'ns', subject: 's', apiKey: '' }) } as unknown as SubjectService;
  const resolver = { resolve: async () => ({ action: { limits: { timeout: 1000 } } }) } as unknown as ActionResolver;
  const poller = new DeliveryPoller(db, rows as unknown as RuleDeliveryStore, deliveries as unknown as DeliveryService, invocations as unknown as InvocationService, resolver, subjects);
  const pass = async () => {
    poller.tick();
    await poller.beforeApplicationShutdown();
  };
  return { rows, invocations, deliveries, pass };
}

describe('DeliveryPoller steps', () => {
  it('ends a delivery whose attempt succeeded or failed in a way the policy does not retry', async () => {
    for (const code of [0, 3]) {
      const h = harness(row({}), record(code));
      await h.pass();
      expect(h.rows.finish).toHaveBeenCalledWith({}, 'a'.repeat(32));
    }
  });

  it('schedules the next retry after its backoff while retries are left, then dead-letters with the last response', async () => {
    const h = harness(row({ attempts: ['1', '2'], awaiting: '2' }), record(2));
    await h.pass();
    expect(h.rows.retryIn).toHaveBeenCalledWith({}, 'a'.repeat(32), 200);
    const spent = harness(row({ attempts: ['1', '2', '3'], awaiting: '3' }), record(2));
    await spent.pass();
    expect(spent.rows.deadLetter).toHaveBeenCalledWith({}, expect.objectContaining({ attempts: ['1', '2', '3'] }), { statusCode: 2, result: {} });
  });

  it('waits for a missing record until the attempt is overdue, then dead-letters the event', async () => {
    const h = harness(row({}), undefined);
    await h.pass();
    expect(h.rows.later).toHaveBeenCalled();
    const overdue = harness(row({ awaitUntil: Date.now() - 1 }), undefined);
    await overdue.pass();
    expect(overdue.rows.deadLetter).toHaveBeenCalledWith({}, expect.anything(), null);
  });

  it('starts a due retry with an id derived from the delivery and the attempt number', async () => {
    const h = harness(row({ awaiting: null, awaitUntil: null }), undefined);
    await h.pass();
    const id = derivedActivationId('retry', 'a'.repeat(32), '2');
    expect(h.invocations.start).toHaveBeenCalledWith(expect.anything(), expect.anything(), { x: 1 }, false, expect.objectContaining({ activationId: id, cause: 't'.repeat(32) }));
    expect(h.rows.awaitAttempt).toHaveBeenCalledWith({}, 'a'.repeat(32), 'n', 61_000);
  });

  it('dead-letters a retry whose action is gone, and tries again later when the broker refused it', async () => {
    const gone = harness(row({ awaiting: null }), undefined, async () => Promise.reject(new NotFoundError('gone')));
    await gone.pass();
    expect(gone.rows.deadLetter).toHaveBeenCalledWith({}, expect.anything(), { statusCode: 1, result: { error: 'gone' } });
    const busy = harness(row({ awaiting: null }), undefined, async () => Promise.reject(new ServiceUnavailableError('broker')));
    await busy.pass();
    expect(busy.rows.later).toHaveBeenCalledWith({}, 'a'.repeat(32), 5_000);
    expect(busy.rows.deadLetter).not.toHaveBeenCalled();
  });
});
