import { activationMessage, Messages, Topology } from '@wisp/core';
import Docker from 'dockerode';
import { strToU8, zipSync } from 'fflate';
import { randomUUID } from 'node:crypto';
import { RUNTIME_IMAGE } from '../../support/runtime-image';
import { annotationsOf, InvokerHarness, prepareServices, sql, withChannel } from './invoker-harness';

jest.setTimeout(60_000);

const docker = new Docker({ socketPath: '/var/run/docker.sock' });
const action = (code: string, extra: Parameters<typeof activationMessage>[0] = {}) => {
  const { action: a, ...rest } = extra;
  return activationMessage({ ...rest, action: { id: randomUUID(), name: `a-${randomUUID().slice(0, 6)}`, ...a, exec: { kind: 'nodejs:20', code, ...a?.exec } } });
};
/** Same action again (same id and revision), new activation. */
const again = (m: ReturnType<typeof action>, params: Record<string, unknown> = m.params) => ({
  ...m,
  params,
  activationId: randomUUID().replace(/-/g, ''),
  transactionId: `tx-${randomUUID()}`,
  receivedAt: Date.now(),
});
beforeAll(() => prepareServices());

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('invoker end to end (RabbitMQ → Docker → PostgreSQL)', () => {
  let h: InvokerHarness;

  beforeAll(async () => {
    h = await InvokerHarness.create();
    await h.boot();
  });

  afterAll(async () => {
    await h?.stop();
    const left = await docker.listContainers({ all: true, filters: { label: [`wisp.invoker=${h.invokerId}`] } });
    expect(left).toEqual([]);
  });

  it('runs an action with its parameters (success) and publishes a valid completion', async () => {
    const m = action('function main(p) { return { greeting: "hello " + p.name }; }', { params: { name: 'wisp' } });
    const c = await h.invoke(m);
    expect(c).toMatchObject({ v: 1, type: 'completion', activationId: m.activationId, transactionId: m.transactionId, invokerId: h.invokerId, isSystemError: false, memoryMb: 256 });
    expect(c.activation.response).toEqual({ statusCode: 0, result: { greeting: 'hello wisp' }, size: 25 });
    expect(c.activation).toMatchObject({ namespace: 'guest', name: m.action.name, entityName: m.action.name, version: '0.0.1', subject: 'guest', cause: null });
    expect(c.activation.duration).toBe(c.activation.end - c.activation.start);
    expect(annotationsOf(c)).toMatchObject({ path: `guest/${m.action.name}`, kind: 'nodejs:20', timeout: false, limits: m.action.limits });
  });

  it('reports an object with error as an application error, and a rejected promise too', async () => {
    const returned = await h.invoke(action('function main() { return { error: "bad input" }; }'));
    expect(returned.activation.response).toMatchObject({ statusCode: 1, result: { error: 'bad input' } });
    const rejected = await h.invoke(action('async function main() { throw new Error("nope"); }'));
    expect(rejected.activation.response).toMatchObject({ statusCode: 1, result: { error: 'nope' } });
  });

  it('a thrown exception is a developer error; the next runs still work', async () => {
    const bad = action('function main() { throw new Error("boom"); }');
    const c = await h.invoke(bad);
    expect(c.activation.response.statusCode).toBe(2);
    expect((c.activation.response.result as { error: string }).error).toMatch(/boom/);
    const second = await h.invoke(again(bad));
    expect(second.activation.response.statusCode).toBe(2);
    expect(annotationsOf(second).initTime).toBeDefined(); // the failed container was replaced
    const good = await h.invoke(action('function main() { return { ok: true }; }'));
    expect(good.activation.response).toMatchObject({ statusCode: 0, result: { ok: true } });
  });

  it('process.exit is a developer error', async () => {
    const c = await h.invoke(action('function main() { process.exit(1); }'));
    expect(c.activation.response).toMatchObject({ statusCode: 2, result: { error: 'The action did not produce a valid response and exited unexpectedly.' } });
  });

  it('an infinite loop hits the time limit', async () => {
    const c = await h.invoke(action('function main() { for (;;) {} }', { action: { limits: { timeout: 1000 } } }));
    expect(c.activation.response).toMatchObject({ statusCode: 2, result: { error: 'The action exceeded its time limits of 1000 milliseconds.' } });
    expect(annotationsOf(c).timeout).toBe(true);
    expect(c.activation.end - c.activation.start).toBeGreaterThanOrEqual(1000);
  });

  it('a memory hog is aborted with the OOM text', async () => {
    const c = await h.invoke(
      action('function main() { const keep = []; for (;;) keep.push(Buffer.alloc(8 * 1024 * 1024, 1)); }', { action: { limits: { memory: 128 } } }),
    );
    expect(c.activation.response).toMatchObject({ statusCode: 2, result: { error: 'The action exhausted its memory and was aborted.' } });
    expect(c.memoryMb).toBe(128);
  });

  it('captures stdout and stderr lines in OpenWhisk format, one activation at a time', async () => {
    const m = action('function main(p) { console.log("hello " + p.n); console.error("oops " + p.n); return {}; }', { params: { n: 1 } });
    const first = await h.invoke(m);
    const second = await h.invoke(again(m, { n: 2 }));
    for (const line of first.activation.logs) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\s+(stdout|stderr): /);
    expect(first.activation.logs.map((l) => l.slice(31)).sort()).toEqual(['stderr: oops 1', 'stdout: hello 1']);
    expect(second.activation.logs.map((l) => l.slice(31)).sort()).toEqual(['stderr: oops 2', 'stdout: hello 2']);
  });

  it('truncates logs at the limit (logs: 0 keeps only the notice)', async () => {
    const c = await h.invoke(action('function main() { console.log("this does not fit"); return {}; }', { action: { limits: { logs: 0 } } }));
    expect(c.activation.logs).toHaveLength(1);
    expect(c.activation.logs[0]).toMatch(/stderr: Logs were truncated because the total bytes size exceeds the limit of 0 bytes\.$/);
    expect(c.activation.response.statusCode).toBe(0);
  });

  it('cold start records initTime, the warm run does not; a paused container is resumed', async () => {
    // 128 MB matches no stem cell, so the container is created for (and labelled with) this action
    const m = action('let n = 0; function main() { return { n: ++n }; }', { action: { limits: { memory: 128 } } });
    const cold = await h.invoke(m);
    const warm = await h.invoke(again(m));
    expect(annotationsOf(cold).initTime).toEqual(expect.any(Number));
    expect(annotationsOf(warm)).not.toHaveProperty('initTime');
    expect(warm.activation.response.result).toEqual({ n: 2 });
    await new Promise((r) => setTimeout(r, 800)); // pause grace is 300 ms in this suite
    const [info] = await docker.listContainers({ all: true, filters: { label: [`wisp.invoker=${h.invokerId}`, `wisp.action=/guest/${m.action.name}`] } });
    expect(info.State).toBe('paused');
    const resumed = await h.invoke(again(m));
    expect(resumed.activation.response.result).toEqual({ n: 3 });
    expect(annotationsOf(resumed)).not.toHaveProperty('initTime');
  });

  it('a result over 1 MB is an application error with the truncation text', async () => {
    const c = await h.invoke(action('function main() { return { big: "x".repeat(1100000) }; }'));
    expect(c.activation.response.statusCode).toBe(1);
    expect(c.activation.response.size).toBe(1100010);
    const error = (c.activation.response.result as { error: string }).error;
    expect(error.startsWith('The action produced a response that exceeded the allowed length: 1100010 > 1048576 bytes. The truncated response was: {"big":"xxx')).toBe(true);
  });

  it('runs a zipped action', async () => {
    const zip = zipSync({
      'package.json': strToU8(JSON.stringify({ name: 'zipped', main: 'lib/entry.js' })),
      'lib/entry.js': strToU8('const { word } = require("./word"); exports.main = (p) => ({ said: word + " " + p.who });'),
      'lib/word.js': strToU8('exports.word = "zipped";'),
    });
    const code = Buffer.from(zip).toString('base64');
    const c = await h.invoke(action(code, { params: { who: 'hi' }, action: { exec: { kind: 'nodejs:20', binary: true } } }));
    expect(c.activation.response).toMatchObject({ statusCode: 0, result: { said: 'zipped hi' } });
  });

  it('stores the activation row in PostgreSQL', async () => {
    const m = action('function main() { return { stored: true }; }', { cause: 'c'.repeat(32), binding: 'guest/mybinding' });
    const c = await h.invoke(m);
    let rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 50 && rows.length === 0; i++) {
      rows = await sql('SELECT * FROM activations WHERE activation_id = $1', [m.activationId]);
      if (rows.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      namespace: 'guest',
      name: m.action.name,
      entity_name: m.action.name,
      status_code: 0,
      response: { statusCode: 0, result: { stored: true }, size: 15 },
      cause: 'c'.repeat(32),
      start: String(c.activation.start),
    });
    expect(rows[0].annotations).toEqual(expect.arrayContaining([{ key: 'binding', value: 'guest/mybinding' }]));
  });

  it('passes init parameters as environment and the api key only when granted', async () => {
    const code = 'function main(p) { return { secret: process.env.secret, key: process.env.__OW_API_KEY || null, name: process.env.__OW_ACTION_NAME, p }; }';
    const m = action(code, { params: { secret: 's3', visible: 1 }, initParams: ['secret'], user: { namespace: 'guest', subject: 'guest', apiKey: 'u:k' } });
    const c = await h.invoke(m);
    expect(c.activation.response.result).toEqual({ secret: 's3', key: 'u:k', name: `/guest/${m.action.name}`, p: { visible: 1 } });
    const noKey = await h.invoke(action(code, { params: {}, user: { namespace: 'guest', subject: 'guest' } }));
    expect((noKey.activation.response.result as { key: unknown }).key).toBeNull();
  });

  it('loads code from the actions table when the message leaves it out', async () => {
    const [row] = await sql<{ id: string }>(
      `INSERT INTO actions (namespace, name, exec, limits, updated) VALUES ('guest', $1, $2, $3, 0) RETURNING id`,
      [`big-${randomUUID().slice(0, 6)}`, { kind: 'nodejs:20', code: 'function main() { return { from: "db" }; }', binary: false }, { timeout: 60000, memory: 256, logs: 10, concurrency: 1 }],
    );
    const m = action('', { action: { id: row.id, codeInline: false, revision: 1, exec: { kind: 'nodejs:20', code: undefined } } });
    expect((await h.invoke(m)).activation.response).toMatchObject({ statusCode: 0, result: { from: 'db' } });
    const stale = action('', { action: { id: row.id, codeInline: false, revision: 7, exec: { kind: 'nodejs:20', code: undefined } } });
    expect((await h.invoke(stale)).activation.response).toMatchObject({ statusCode: 1, result: { error: 'Action could not be found or may have been deleted.' } });
  });

  it('blackbox: a missing image is a developer error; a present one runs with the same protocol', async () => {
    const missing = await h.invoke(action('', { action: { exec: { kind: 'blackbox', image: 'wisp/no-such-image:1' } } }));
    expect(missing.activation.response).toMatchObject({ statusCode: 2, result: { error: Messages.blackboxImageMissing('wisp/no-such-image:1') } });
    const present = await h.invoke(action('function main() { return { box: true }; }', { action: { exec: { kind: 'blackbox', image: RUNTIME_IMAGE } } }));
    expect(present.activation.response).toMatchObject({ statusCode: 0, result: { box: true } });
  });

  it('dead-letters a garbage message and keeps serving', async () => {
    const marker = `garbage-${randomUUID()}`;
    await h.publishRaw(Buffer.from(`{"not":"an activation","marker":"${marker}"}`));
    const c = await h.invoke(action('function main() { return { still: "serving" }; }'));
    expect(c.activation.response.result).toEqual({ still: 'serving' });
    // Other suites share the dead-letter queue: hold what is not ours unacked (closing the channel requeues it).
    const found = await withChannel(async (ch) => {
      const until = Date.now() + 10_000;
      while (Date.now() < until) {
        const msg = await ch.get(Topology.deadLetterQueue, { noAck: false });
        if (!msg) {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        if (msg.content.toString().includes(marker)) {
          ch.ack(msg);
          return true;
        }
      }
      return false;
    });
    expect(found).toBe(true);
  });

  it('announces itself on the health fanout every second', async () => {
    const ping = await withChannel(async (ch) => {
      const { queue } = await ch.assertQueue('', { exclusive: true });
      await ch.bindQueue(queue, Topology.healthExchange, '');
      return new Promise<Record<string, unknown>>((resolve) => {
        void ch.consume(queue, (msg) => {
          const p = JSON.parse(msg!.content.toString());
          if (p.invokerId === h.invokerId) resolve(p);
        }, { noAck: true });
      });
    });
    expect(ping).toMatchObject({ v: 1, type: 'ping', invokerId: h.invokerId, queue: h.queue, userMemoryMb: 2048, enabled: true });
  });

  it('runs different actions concurrently', async () => {
    const slow = (i: number) => action('function main() { return new Promise((r) => setTimeout(() => r({ done: true }), 1500)); }', { params: { i } });
    const t0 = Date.now();
    const all = await Promise.all([0, 1, 2, 3].map((i) => h.invoke(slow(i))));
    expect(all.every((c) => c.activation.response.statusCode === 0)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(1500 * 2 + 2000);
  });

  it('timings: cold start and warm round trip', async () => {
    const m = action('function main(p) { return p; }', { action: { limits: { memory: 512 } } }); // 512 MB: no stem cell, a true cold start
    const t0 = Date.now();
    const cold = await h.invoke(m);
    const coldMs = Date.now() - t0;
    const warm: number[] = [];
    const runs: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t = Date.now();
      const c = await h.invoke(again(m, { i }));
      warm.push(Date.now() - t);
      runs.push(c.activation.duration ?? 0);
    }
    console.log(
      `invoker timings: cold publish→completion ${coldMs} ms (waitTime incl. container start ${annotationsOf(cold).waitTime} ms, ` +
        `initTime ${annotationsOf(cold).initTime} ms, duration ${cold.activation.duration} ms); ` +
        `warm publish→completion median ${median(warm)} ms (min ${Math.min(...warm)}), warm /run duration median ${median(runs)} ms`,
    );
    expect(median(warm)).toBeLessThan(100);
  });
});

describe('invoker recovery', () => {
  it('never runs a redelivered activation twice: it records an internal error instead', async () => {
    const h = await InvokerHarness.create();
    const m = action('function main() { return { ran: true }; }');
    // A previous consumer takes the message and dies without acking it.
    await withChannel(async (ch) => {
      await ch.assertQueue(Topology.deadLetterQueue, { durable: true });
      await ch.assertQueue(h.queue, { durable: true, arguments: Topology.workQueueArguments });
    });
    const stored = action('function main() { return { ran: true }; }');
    await sql(
      `INSERT INTO activations (activation_id, namespace, name, entity_name, version, subject, start, "end", duration, status_code, response) VALUES ($1, 'guest', 'x', 'x', '0.0.1', 'guest', 1, 2, 1, 0, '{"statusCode":0}')`,
      [stored.activationId],
    );
    await h.publish(m);
    await h.publish(stored);
    // That consumer was an invoker: it claimed both activations before it started them.
    for (const id of [m.activationId, stored.activationId]) await sql(`INSERT INTO activation_claims (activation_id, outcome) VALUES ($1, 'run')`, [id]);
    await withChannel(async (ch) => {
      await ch.prefetch(10);
      const seen = new Set<string>();
      await new Promise<void>((resolve) => {
        void ch.consume(h.queue, (msg) => {
          seen.add(JSON.parse(msg!.content.toString()).activationId);
          if (seen.size === 2) resolve();
        });
      });
    });
    await h.boot({ WISP_PREWARM_COUNT: '0' });
    try {
      const c = await h.completion(m.activationId, 20_000);
      expect(c.isSystemError).toBe(true);
      expect(c.activation.response).toMatchObject({ statusCode: 3, result: { error: expect.stringMatching(/invoker was restarted/) } });
      await new Promise((r) => setTimeout(r, 500));
      await expect(h.completion(stored.activationId, 500)).rejects.toThrow(/no completion/);
      const queue = await withChannel((ch) => ch.checkQueue(h.queue));
      expect(queue.messageCount).toBe(0);
    } finally {
      await h.stop();
    }
  });

  it('shutdown announces itself disabled, finishes what it received, stops consuming and removes its containers', async () => {
    const h = await InvokerHarness.create();
    await h.boot({ WISP_PREWARM_COUNT: '0' });
    const pings: { enabled: boolean }[] = [];
    const listener = await withChannel(async (ch) => ch.assertQueue('', { exclusive: false, autoDelete: false }).then((q) => q.queue));
    await withChannel((ch) => ch.bindQueue(listener, Topology.healthExchange, ''));
    try {
      const slow = action('function main() { return new Promise((r) => setTimeout(() => r({ finished: true }), 1500)); }');
      const done = h.invoke(slow);
      await new Promise((r) => setTimeout(r, 500));
      await h.stop(false);
      const c = await done;
      expect(c.activation.response).toMatchObject({ statusCode: 0, result: { finished: true } });
      expect(await sql('SELECT 1 FROM activations WHERE activation_id = $1', [slow.activationId])).toHaveLength(1);
      const later = action('function main() { return {}; }');
      await h.publish(later);
      await new Promise((r) => setTimeout(r, 300));
      expect((await withChannel((ch) => ch.checkQueue(h.queue))).messageCount).toBe(1);
      expect(await docker.listContainers({ all: true, filters: { label: [`wisp.invoker=${h.invokerId}`] } })).toEqual([]);
      await withChannel(async (ch) => {
        for (let msg = await ch.get(listener, { noAck: true }); msg; msg = await ch.get(listener, { noAck: true })) {
          const p = JSON.parse(msg.content.toString());
          if (p.invokerId === h.invokerId) pings.push(p);
        }
      });
      expect(pings.at(-1)?.enabled).toBe(false);
    } finally {
      await withChannel((ch) => ch.deleteQueue(listener));
      await h.stop();
    }
  });
});
