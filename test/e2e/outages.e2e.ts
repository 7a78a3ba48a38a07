import { createServer, type Server } from 'node:http';
import { http, type RawResponse } from '../support/http';
import { waitForInvoker } from '../support/invoker-health';
import { uniqueName } from '../support/namespaces';
import { type OutageStack, startOutageStack } from '../support/outage-stack';
import { queryOnce } from '../support/sql';

/** The bound the issue sets for answering an invoke or a fire while RabbitMQ is out, ms. */
const ANSWER_BOUND_MS = 5_000;
/** How long the test's client waits for any answer before it counts the request as hung, ms. */
const CLIENT_TIMEOUT_MS = 20_000;

/** Counts, per activation id, how often the counting action really ran (it calls this server from its container). */
class RunCounter {
  readonly hits = new Map<string, number>();
  private server?: Server;
  port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const id = req.url!.split('/').pop()!;
      this.hits.set(id, (this.hits.get(id) ?? 0) + 1);
      res.end('ok');
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server!.address() as { port: number }).port;
  }

  total(): number {
    return [...this.hits.values()].reduce((a, b) => a + b, 0);
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
  }
}

/** One request with its time to answer. */
interface Timed extends RawResponse {
  ms: number;
  label: string;
}

describe('honest answers while PostgreSQL or RabbitMQ is out (fault proxy in front of each)', () => {
  const counter = new RunCounter();
  let stack: OutageStack;
  let key: string;
  let namespace: string;

  /** One request; one that gets no answer within a generous client timeout counts as status 0 (it hung). */
  const call = async (label: string, method: string, path: string, body?: unknown): Promise<Timed> => {
    const t0 = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<RawResponse>((r) => (timer = setTimeout(() => r({ status: 0, headers: new Headers(), body: 'no answer' }), CLIENT_TIMEOUT_MS)));
    const r = await Promise.race([http(method, path, { key, body, apihost: stack.apihost }), hung]);
    clearTimeout(timer);
    return { ...r, ms: Date.now() - t0, label };
  };

  /** A 503 caused by a store names it and says when to retry. */
  const expectStoreOutage = (r: Timed, store: RegExp) => {
    expect({ label: r.label, status: r.status }).toEqual({ label: r.label, status: 503 });
    expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(r.body.error).toMatch(store);
    expect(typeof r.body.code).toBe('string');
  };

  beforeAll(async () => {
    await counter.start();
    stack = await startOutageStack({
      WISP_ACTION_NETWORK: 'host',
      WISP_DB_CONNECT_TIMEOUT_MS: '1500',
      WISP_DB_QUERY_TIMEOUT_MS: '2000',
      // Long enough that a paused broker does not also mark the invoker offline during a test.
      WISP_INVOKER_OFFLINE_MS: '30000',
    });
    namespace = uniqueName('outage');
    key = await stack.createNamespace(namespace);
    const put = await call('put', 'PUT', '/api/v1/namespaces/_/actions/count?overwrite=true', { exec: { kind: 'nodejs:20', code: countCode() } });
    expect(put.status).toBe(200);
    expect((await call('trigger', 'PUT', '/api/v1/namespaces/_/triggers/tick?overwrite=true', {})).status).toBe(200);
    expect((await call('rule', 'PUT', '/api/v1/namespaces/_/rules/tick-count?overwrite=true', { trigger: '/_/tick', action: '/_/count' })).status).toBe(200);
    const warm = await call('warm', 'POST', '/api/v1/namespaces/_/actions/count?blocking=true&result=true', { n: 0 });
    expect(warm.status).toBe(200);
  }, 180_000);

  /** An action that reports each run of it to {@link counter}, sleeps `sleepMs` if asked, and returns `{n}`. */
  const countCode = () =>
    `async function main(p) { await fetch('http://127.0.0.1:${counter.port}/hit/' + process.env.__OW_ACTIVATION_ID); if (p.sleepMs) await new Promise((r) => setTimeout(r, p.sleepMs)); return { n: p.n ?? null }; }`;

  afterAll(async () => {
    await stack?.stop();
    await counter.stop();
  });

  /** Requests over every kind of route, concurrently. */
  const mixedRequests = (activationId: string) => [
    call('get action', 'GET', '/api/v1/namespaces/_/actions/count'),
    call('list actions', 'GET', '/api/v1/namespaces/_/actions'),
    call('list activations', 'GET', '/api/v1/namespaces/_/activations?limit=5'),
    call('get activation', 'GET', `/api/v1/namespaces/_/activations/${activationId}`),
    call('invoke', 'POST', '/api/v1/namespaces/_/actions/count', { n: 1 }),
    call('blocking invoke', 'POST', '/api/v1/namespaces/_/actions/count?blocking=true', { n: 2 }),
    call('put action', 'PUT', '/api/v1/namespaces/_/actions/other?overwrite=true', { exec: { kind: 'nodejs:20', code: 'function main() { return {}; }' } }),
    call('fire', 'POST', '/api/v1/namespaces/_/triggers/tick', { n: 3 }),
  ];

  /** Polls until every route answers 2xx again (no restart in between); returns once the last record is stored. */
  const expectRecovery = async () => {
    const until = Date.now() + 40_000;
    for (;;) {
      const listed = await call('list activations', 'GET', '/api/v1/namespaces/_/activations?limit=1');
      const invoked = await call('blocking invoke', 'POST', '/api/v1/namespaces/_/actions/count?blocking=true', { n: 9 });
      if (listed.status === 200 && invoked.status === 200) {
        expect(invoked.body.response.result).toEqual({ n: 9 });
        await waitForRecord(invoked.body.activationId);
        // The API may answer from its recent-completions cache; the next test counts rows, so wait for the row itself.
        await waitForRow(invoked.body.activationId);
        break;
      }
      expect([listed.status, invoked.status].filter((s) => s >= 500 && s !== 503)).toEqual([]);
      if (Date.now() > until) throw new Error(`no recovery: ${listed.status} ${invoked.status} ${JSON.stringify(invoked.body)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(stack.api.exitCode).toBeNull();
    expect(stack.invoker.exitCode).toBeNull();
  };

  it.each(['paused', 'dropped'] as const)('PostgreSQL %s: every answer is a success or a 503 naming PostgreSQL with Retry-After, never a 500; then it recovers', async (fault) => {
    const known = await call('seed', 'POST', '/api/v1/namespaces/_/actions/count?blocking=true', { n: 0 });
    expect(known.status).toBe(200);
    if (fault === 'paused') stack.pg.pause();
    else await stack.pg.drop();
    // Let the short-lived caches (keys, entities) run out, so requests need the database.
    await new Promise((r) => setTimeout(r, 2_500));
    try {
      const answers = await Promise.all([...mixedRequests(known.body.activationId), ...mixedRequests(known.body.activationId)]);
      for (const r of answers) {
        if (r.status >= 200 && r.status < 300) continue;
        expectStoreOutage(r, /PostgreSQL/);
      }
      // Listing activations always needs the database.
      expect(answers.filter((r) => r.label === 'list activations').map((r) => r.status)).toEqual([503, 503]);
    } finally {
      await stack.pg.resume();
    }
    await expectRecovery();
  }, 120_000);

  it('PostgreSQL paused while the trigger, its rule and the key are cached: a fire is answered 202 within 5 s, its rule runs once, and the trigger record is stored once PostgreSQL is back', async () => {
    // Loads every cache the fire path reads (key, throttles, trigger with its rules, action), and proves the route works.
    const warm = await call('fire', 'POST', '/api/v1/namespaces/_/triggers/tick', { n: 400 });
    expect(warm.status).toBe(202);
    const ruleRunOf = async (triggerActivationId: string): Promise<string[]> => {
      const record = await waitForRecord(triggerActivationId);
      const ids = record.logs.map((l: string) => JSON.parse(l).activationId).filter(Boolean);
      for (const id of ids) await waitForRecord(id);
      return ids;
    };
    expect(await ruleRunOf(warm.body.activationId)).toHaveLength(1);
    const runsBefore = counter.total();
    await call('refresh key cache', 'GET', '/api/v1/namespaces/_/triggers/tick');
    stack.pg.pause();
    let fired: Timed;
    try {
      fired = await call('fire', 'POST', '/api/v1/namespaces/_/triggers/tick', { n: 401 });
    } finally {
      await stack.pg.resume();
    }
    expect({ status: fired.status, inTime: fired.ms < ANSWER_BOUND_MS }).toEqual({ status: 202, inTime: true });
    const started = await ruleRunOf(fired.body.activationId);
    expect(started).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(counter.hits.get(started[0])).toBe(1);
    expect(counter.total() - runsBefore).toBe(1);
    await expectRecovery();
  }, 120_000);

  it('PostgreSQL paused longer than the 5 s store poll while a blocking invoke and a web action wait: no 503 for work already queued; each runs once and is recorded after PostgreSQL is back', async () => {
    const web = await call('put web', 'PUT', '/api/v1/namespaces/_/actions/count-web?overwrite=true', {
      exec: { kind: 'nodejs:20', code: countCode() },
      annotations: [{ key: 'web-export', value: true }],
    });
    expect(web.status).toBe(200);
    const webPath = `/api/v1/web/${namespace}/default/count-web.json`;
    expect((await call('warm web', 'POST', webPath, { n: 500 })).status).toBe(200);
    const runsBefore = counter.total();
    // A web action reads its owner from PostgreSQL before it is queued, so it starts first and sleeps through the pause:
    // its completion comes after the controller's 5 s store read, which fails while PostgreSQL is paused.
    const webbing = call('web action', 'POST', webPath, { n: 502, sleepMs: 9_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    // Loads every cache the invoke path reads (key, throttles, action), so the invoke is queued with PostgreSQL paused.
    expect((await call('warm', 'POST', '/api/v1/namespaces/_/actions/count?blocking=true&result=true', { n: 500 })).status).toBe(200);
    stack.pg.pause();
    let answers: Timed[];
    try {
      const invoking = call('blocking invoke', 'POST', '/api/v1/namespaces/_/actions/count?blocking=true', { n: 501 });
      // Past the controller's store poll (5 s) and its query timeout, and the invoker's claim attempts time out meanwhile.
      await new Promise((r) => setTimeout(r, 8_000));
      await stack.pg.resume();
      answers = await Promise.all([invoking, webbing]);
    } finally {
      await stack.pg.resume();
    }
    for (const r of answers) expect({ label: r.label, status: [200, 202].includes(r.status) ? 'accepted' : r.status }).toEqual({ label: r.label, status: 'accepted' });
    const [invoked, webbed] = answers;
    const invokedId: string = invoked.body.activationId;
    const webId = webbed.headers.get('x-openwhisk-activation-id');
    if (invoked.status === 200) expect(invoked.body.response.result).toEqual({ n: 501 });
    if (webbed.status === 200) expect(webbed.body).toEqual({ n: 502 });
    expect([typeof invokedId, typeof webId]).toEqual(['string', 'string']);
    for (const id of [invokedId, webId!]) await waitForRow(id);
    await new Promise((r) => setTimeout(r, 2_000));
    expect([counter.hits.get(invokedId), counter.hits.get(webId!)]).toEqual([1, 1]);
    // The web action, the warm-up invoke and the invoke: nothing else ran.
    expect(counter.total() - runsBefore).toBe(3);
    const statuses = await queryOnce<{ status_code: number }>(stack.databaseUrl, 'SELECT status_code FROM activations WHERE activation_id = ANY($1) ORDER BY activation_id', [[invokedId, webId]]);
    expect(statuses.map((r) => r.status_code)).toEqual([0, 0]);
    await expectRecovery();
  }, 120_000);

  /** Broker faults: both processes lose it (paused, dropped), or only the controller's confirms are lost after routing. */
  const brokerFaults = {
    paused: async () => {
      stack.mq.pause();
      stack.mqInvoker.pause();
    },
    dropped: async () => {
      await stack.mq.drop();
      await stack.mqInvoker.drop();
    },
    'confirms lost': async () => stack.mq.holdReplies(),
  };

  it.each(Object.keys(brokerFaults) as (keyof typeof brokerFaults)[])(
    'RabbitMQ %s: invokes and fires are answered within 5 s; each 503 never runs, even after the broker is back; each 202 runs once',
    async (fault) => {
      const before = await runsAndRecords();
      const runsBefore = counter.total();
      await brokerFaults[fault]();
      let answers: Timed[];
      try {
        answers = await Promise.all([
          ...Array.from({ length: 4 }, (_, i) => call('invoke', 'POST', '/api/v1/namespaces/_/actions/count', { n: 100 + i })),
          // A blocking invoke waits for its result once accepted, and results travel through the broker too.
          ...(fault === 'confirms lost' ? [] : Array.from({ length: 2 }, (_, i) => call('blocking invoke', 'POST', '/api/v1/namespaces/_/actions/count?blocking=true', { n: 200 + i }))),
          ...Array.from({ length: 2 }, (_, i) => call('fire', 'POST', '/api/v1/namespaces/_/triggers/tick', { n: 300 + i })),
        ]);
      } finally {
        await stack.mq.resume();
        await stack.mqInvoker.resume();
      }
      for (const r of answers) {
        expect({ label: r.label, inTime: r.ms < ANSWER_BOUND_MS }).toEqual({ label: r.label, inTime: true });
        if (r.status === 503) expectStoreOutage(r, /RabbitMQ/);
        else expect({ label: r.label, status: r.status }).toEqual({ label: r.label, status: 202 });
      }
      const refused = answers.filter((r) => r.status === 503);
      const accepted = answers.filter((r) => r.status === 202);
      // Nothing reached the broker in time, or everything did (only the confirms were lost, and the invoker claimed first).
      if (fault === 'confirms lost') expect(accepted.length).toBeGreaterThan(0);
      else expect(refused.length).toBeGreaterThan(0);

      // The broker is back: everything that was routed meanwhile reaches the invoker now. Give it time to (not) run.
      await waitForInvoker(stack.invokerId, 60_000, stack.apihost);
      const expectedRuns = accepted.filter((r) => r.label !== 'fire').map((r) => r.body.activationId as string);
      for (const r of accepted.filter((x) => x.label === 'fire')) {
        const trigger = await waitForRecord(r.body.activationId);
        for (const line of trigger.logs.map((l: string) => JSON.parse(l))) if (line.activationId) expectedRuns.push(line.activationId);
      }
      for (const id of expectedRuns) await waitForRecord(id);
      await new Promise((r) => setTimeout(r, 6_000));
      for (const id of expectedRuns) expect({ id, runs: counter.hits.get(id) }).toEqual({ id, runs: 1 });
      expect(counter.total() - runsBefore).toBe(expectedRuns.length);
      const after = await runsAndRecords();
      expect(after.records - before.records).toBe(expectedRuns.length + accepted.filter((r) => r.label === 'fire').length);
      // One refused claim per refused invoke, and per refused fire (its one rule's activation).
      expect(after.refusals - before.refusals).toBe(refused.length);
      await expectRecovery();
    },
    150_000,
  );

  it('RabbitMQ and PostgreSQL paused together: invokes are answered 202 within 5 s, never a 503 that could not be kept; each runs at most once and gets a record after both are back', async () => {
    // Short time limit: an activation bound to lost gets its fallback record once its run's time (1 s + 60 s grace) is up.
    const put = await call('put', 'PUT', '/api/v1/namespaces/_/actions/count-short?overwrite=true', { exec: { kind: 'nodejs:20', code: countCode() }, limits: { timeout: 1_000 } });
    expect(put.status).toBe(200);
    expect((await call('warm', 'POST', '/api/v1/namespaces/_/actions/count-short?blocking=true&result=true', { n: 600 })).status).toBe(200);
    const runsBefore = counter.total();
    stack.mq.pause();
    stack.mqInvoker.pause();
    stack.pg.pause();
    let answers: Timed[];
    try {
      answers = await Promise.all([
        call('invoke', 'POST', '/api/v1/namespaces/_/actions/count-short', { n: 601 }),
        call('blocking invoke', 'POST', '/api/v1/namespaces/_/actions/count-short?blocking=true', { n: 602 }),
      ]);
    } finally {
      await stack.pg.resume();
      await stack.mq.resume();
      await stack.mqInvoker.resume();
    }
    for (const r of answers) expect({ label: r.label, status: r.status, inTime: r.ms < ANSWER_BOUND_MS }).toEqual({ label: r.label, status: 202, inTime: true });
    const ids: string[] = answers.map((r) => r.body.activationId);
    const until = Date.now() + 90_000;
    for (const id of ids) {
      while ((await queryOnce(stack.databaseUrl, 'SELECT 1 FROM activations WHERE activation_id = $1', [id])).length === 0) {
        if (Date.now() > until) throw new Error(`accepted activation ${id} has no record`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    await new Promise((r) => setTimeout(r, 2_000));
    const records = await queryOnce<{ activation_id: string; status_code: number }>(stack.databaseUrl, 'SELECT activation_id, status_code FROM activations WHERE activation_id = ANY($1)', [ids]);
    // It ran once (the invoker's run claim won once both were back) and its record says so, or it never ran and its record is the internal error.
    for (const { activation_id: id, status_code: status } of records) expect({ id, runs: counter.hits.get(id) ?? 0, status }).toEqual({ id, ...(counter.hits.has(id) ? { runs: 1, status: 0 } : { runs: 0, status: 3 }) });
    expect(records).toHaveLength(2);
    expect(counter.total() - runsBefore).toBe(records.filter((r) => r.status_code === 0).length);
    await expectRecovery();
  }, 180_000);

  const runsAndRecords = async () => {
    const [records] = await queryOnce<{ n: string }>(stack.databaseUrl, 'SELECT count(*) AS n FROM activations WHERE namespace = $1', [namespace]);
    const [refusals] = await queryOnce<{ n: string }>(stack.databaseUrl, "SELECT count(*) AS n FROM activation_claims WHERE outcome = 'refused'");
    return { records: Number(records.n), refusals: Number(refusals.n) };
  };

  const waitForRow = async (id: string) => {
    const until = Date.now() + 30_000;
    while ((await queryOnce(stack.databaseUrl, 'SELECT 1 FROM activations WHERE activation_id = $1', [id])).length === 0) {
      if (Date.now() > until) throw new Error(`activation ${id} has no row in PostgreSQL`);
      await new Promise((res) => setTimeout(res, 100));
    }
  };

  const waitForRecord = async (id: string) => {
    const until = Date.now() + 30_000;
    for (;;) {
      const r = await http('GET', `/api/v1/namespaces/_/activations/${id}`, { key, apihost: stack.apihost });
      if (r.status === 200) return r.body;
      if (Date.now() > until) throw new Error(`activation ${id} not stored: ${r.status} ${JSON.stringify(r.body)}`);
      await new Promise((res) => setTimeout(res, 200));
    }
  };
});
