import { ActivationClaims, activationMessage, AmqpConnection, type ClaimOutcome, loadConfig, MessagePatterns, parseCompletionMessage, RecordRejectedError } from '@wisp/core';
import { ActivationRunner } from '../activation/activation-runner';
import { buildErrorRecord } from '../activation/record-builder';
import { ActivationWriter } from '@wisp/core';
import { ActivationConsumer } from './activation.consumer';
import { invokerRoutes } from './invoker-routes';

const config = loadConfig({ WISP_INVOKER_ID: 'inv7', WISP_INVOKER_MEMORY_MB: '1024' });

function setup(opts: { result?: unknown; rejectWrites?: number } = {}) {
  const events: string[] = [];
  const completions: ReturnType<typeof parseCompletionMessage>[] = [];
  let rejectWrites = opts.rejectWrites ?? 0;
  const amqp = {
    declare: async () => undefined,
    cancel: async () => undefined,
    sendToQueue: async (queue: string, content: Buffer) => {
      completions.push(parseCompletionMessage(content));
      events.push(`publish ${queue} ${parseCompletionMessage(content).activation.response.statusCode}`);
    },
  } as unknown as AmqpConnection;
  const runner = {
    run: jest.fn(async (m) => {
      events.push(`run ${m.activationId}`);
      return buildErrorRecord(m, { statusCode: 0, result: opts.result ?? {} });
    }),
  } as unknown as ActivationRunner;
  const stored = new Set<string>();
  const writer = {
    write: jest.fn(async (r) => {
      if (rejectWrites > 0 && rejectWrites--) throw new RecordRejectedError('unsupported Unicode escape sequence');
      events.push(`write ${r.activationId} ${r.response.statusCode}`);
      stored.add(r.activationId);
    }),
    isStored: jest.fn(async (id: string) => stored.has(id)),
  } as unknown as ActivationWriter;
  const claimed = new Map<string, ClaimOutcome>();
  const claimants = new Map<string, string | undefined>();
  let unreachableFor = 0;
  let repliesLost = 0;
  const claims = {
    // As on PostgreSQL: first writer wins, and a claimant that finds its own claim has won it.
    claim: jest.fn(async (id: string, outcome: ClaimOutcome, claimant?: string) => {
      if (unreachableFor > 0 && unreachableFor--) throw new Error('Connection terminated unexpectedly');
      const held = claimed.get(id);
      if (held) return { won: held === outcome && claimant !== undefined && claimants.get(id) === claimant, outcome: held };
      claimed.set(id, outcome);
      claimants.set(id, claimant);
      if (repliesLost > 0 && repliesLost--) throw new Error('Query read timeout');
      return { won: true, outcome };
    }),
  } as unknown as ActivationClaims;
  const consumer = new ActivationConsumer(amqp, claims, runner, writer, { activationFinished: () => undefined } as never, config);
  const deliver = (content: unknown, redelivered = false) =>
    consumer.handle({ content: Buffer.isBuffer(content) ? content : Buffer.from(JSON.stringify(content)), redelivered }).then((o) => {
      events.push(`outcome ${o}`);
      return o;
    });
  const failClaims = (n: number) => (unreachableFor = n);
  /** The next `n` claims commit, but their replies are lost (a query timeout while PostgreSQL is paused). */
  const loseClaimReplies = (n: number) => (repliesLost = n);
  return { consumer, deliver, events, stored, runner, writer, completions, claimed, claims, failClaims, loseClaimReplies };
}

describe('ActivationConsumer', () => {
  it('prefetches one message per 128 MB of action memory, after the entity changes are heard', () => {
    const routes = invokerRoutes(config);
    expect(routes.map((r) => [r.pattern, r.queue, r.options.prefetch])).toEqual([
      [MessagePatterns.entityChange, '', 10],
      [MessagePatterns.activation, 'wisp.invoker.inv7', 8],
    ]);
  });

  it('runs, publishes the completion first, stores, then acks', async () => {
    const s = setup();
    const m = activationMessage({ replyQueue: 'wisp.completed.c1' });
    expect(await s.deliver(m)).toBe('ack');
    expect(s.events).toEqual([`run ${m.activationId}`, 'publish wisp.completed.c1 0', `write ${m.activationId} 0`, 'outcome ack']);
  });

  it('replaces a result JSON cannot serialise with a developer error, in the completion and the record', async () => {
    let deep: unknown = {};
    for (let i = 0; i < 200_000; i++) deep = { a: deep };
    const s = setup({ result: deep });
    const m = activationMessage({ replyQueue: 'r' });
    expect(await s.deliver(m)).toBe('ack');
    const error = { error: 'The action did not produce a valid JSON response: it cannot be serialised as JSON.' };
    expect(s.completions[0].activation.response).toEqual({ statusCode: 2, result: error });
    expect((s.writer.write as jest.Mock).mock.calls[0][0].response).toEqual({ statusCode: 2, result: error });
    expect(s.events).toEqual([`run ${m.activationId}`, 'publish r 2', `write ${m.activationId} 2`, 'outcome ack']);
  });

  it('stores a record PostgreSQL refused once more without its result, and dead-letters only when that fails too', async () => {
    const once = setup({ rejectWrites: 1 });
    const m = activationMessage({ replyQueue: 'r' });
    expect(await once.deliver(m)).toBe('ack');
    const stored = (once.writer.write as jest.Mock).mock.calls[1][0];
    expect(stored.response).toEqual({ statusCode: 2, result: { error: 'The action did not produce a valid JSON response: it cannot be stored.' } });
    expect(stored.annotations).toEqual((once.writer.write as jest.Mock).mock.calls[0][0].annotations);
    const twice = setup({ rejectWrites: 2 });
    expect(await twice.deliver(activationMessage({ replyQueue: 'r' }))).toBe('dead-letter');
  });

  it('dead-letters what it cannot parse', async () => {
    const s = setup();
    expect(await s.deliver(Buffer.from('{not json'))).toBe('dead-letter');
    expect(await s.deliver({ v: 2, type: 'activation' })).toBe('dead-letter');
    expect(s.runner.run).not.toHaveBeenCalled();
  });

  it('never runs a redelivered message an earlier delivery claimed: acks it when stored, else records an internal error', async () => {
    const s = setup();
    const done = activationMessage();
    s.stored.add(done.activationId);
    s.claimed.set(done.activationId, 'run');
    expect(await s.deliver(done, true)).toBe('ack');
    const lost = activationMessage({ replyQueue: 'r' });
    s.claimed.set(lost.activationId, 'run');
    expect(await s.deliver(lost, true)).toBe('ack');
    expect(s.runner.run).not.toHaveBeenCalled();
    expect(s.events).toEqual(['outcome ack', 'publish r 3', `write ${lost.activationId} 3`, 'outcome ack']);
  });

  it('a redelivery of a message still running here waits for it instead of recording an error', async () => {
    const s = setup();
    const m = activationMessage({ replyQueue: 'r' });
    const first = s.deliver(m);
    const second = s.deliver(m, true);
    expect(await Promise.all([first, second])).toEqual(['ack', 'ack']);
    expect(s.runner.run).toHaveBeenCalledTimes(1);
    expect(s.events.filter((e) => e.startsWith('publish'))).toEqual(['publish r 0']);
  });

  it.each(['refused', 'lost'] as const)('drops an activation a controller claimed as %s: no run, no completion, no record', async (outcome) => {
    const s = setup();
    const m = activationMessage({ replyQueue: 'r' });
    s.claimed.set(m.activationId, outcome);
    expect(await s.deliver(m)).toBe('ack');
    expect(await s.deliver(m, true)).toBe('ack');
    expect(s.runner.run).not.toHaveBeenCalled();
    expect(s.events).toEqual(['outcome ack', 'outcome ack']);
  });

  it('claims before running, so a controller refusing afterwards loses and a second delivery never runs', async () => {
    const s = setup();
    const m = activationMessage({ replyQueue: 'r' });
    expect(await s.deliver(m)).toBe('ack');
    expect(s.claimed.get(m.activationId)).toBe('run');
    expect(await s.deliver(m)).toBe('ack');
    expect(s.runner.run).toHaveBeenCalledTimes(1);
  });

  it('runs a redelivered message that no delivery ever claimed (it never started)', async () => {
    const s = setup();
    const m = activationMessage({ replyQueue: 'r' });
    expect(await s.deliver(m, true)).toBe('ack');
    expect(s.events).toEqual([`run ${m.activationId}`, 'publish r 0', `write ${m.activationId} 0`, 'outcome ack']);
  });

  it('waits for PostgreSQL to take the claim instead of running unclaimed', async () => {
    const s = setup();
    s.failClaims(2);
    const m = activationMessage({ replyQueue: 'r' });
    expect(await s.deliver(m)).toBe('ack');
    expect(s.claims.claim).toHaveBeenCalledTimes(3);
    expect(s.runner.run).toHaveBeenCalledTimes(1);
  });

  it('runs an activation whose claim committed although its reply was lost: the retry finds its own claim, not a stranger\'s', async () => {
    const s = setup();
    s.loseClaimReplies(1);
    const m = activationMessage({ replyQueue: 'r' });
    expect(await s.deliver(m)).toBe('ack');
    expect(s.claims.claim).toHaveBeenCalledTimes(2);
    expect(s.events).toEqual([`run ${m.activationId}`, 'publish r 0', `write ${m.activationId} 0`, 'outcome ack']);
    // Another delivery of it (another claimant) still never runs it.
    expect(await s.deliver(m)).toBe('ack');
    expect(s.runner.run).toHaveBeenCalledTimes(1);
  });

  it('gives an unclaimed message back to the broker when it stops while PostgreSQL is unreachable', async () => {
    const s = setup();
    s.failClaims(1_000);
    const m = activationMessage({ replyQueue: 'r' });
    const outcome = s.deliver(m);
    await new Promise((r) => setTimeout(r, 20));
    await s.consumer.drain(1_000);
    expect(await outcome).toBe('requeue');
    expect(s.runner.run).not.toHaveBeenCalled();
  });
});
