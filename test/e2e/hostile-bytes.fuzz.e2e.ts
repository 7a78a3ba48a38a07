import fc from 'fast-check';
import { putAction } from '../support/actions';
import { http } from '../support/http';
import { contentEncoding, encodedBody, hostileBody, nulPiece, queryNumber, spoil } from '../support/hostile-arbitraries';
import { isErrorShape, sendRaw, settledActivationCount, type HostileRequest } from '../support/hostile-requests';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';

/** Requests per fast-check run, sent at once: the fuzz's concurrency. */
const CONCURRENCY = 8;
/** Runs of the property: CONCURRENCY × RUNS requests in all, a few hundred. */
const RUNS = 40;
const VALID_ACTION = JSON.stringify({ exec: { kind: 'nodejs:20', code: 'function main(p){ return { ok: true } }' } });

/** A generated request and how many activation records it starts when it is accepted. */
interface Probe {
  kind: 'create' | 'fire' | 'invoke' | 'web' | 'read';
  request: HostileRequest;
  recordsWhenAccepted: number;
}

/**
 * Issue 17 finding 4, as a property: hostile bytes (charsets, encodings, corrupt and truncated compression, NUL,
 * lone surrogates, deep nesting, out-of-range numbers) against the running API on 127.0.0.1, at most 8 at once.
 * Never a 5xx; every error is `{error, code}`; an errored create leaves no entity, an errored fire, invoke or web
 * call starts no activation, and every accepted one ends with exactly its records.
 */
describe('hostile bytes fuzz', () => {
  let t: TestNamespace;

  beforeAll(async () => {
    t = await createTestNamespace('fuzz');
    await putAction(t.key, 'echo', 'function main(p){ return { ok: true } }');
    await putAction(t.key, 'wecho', 'function main(p){ return { ok: true } }', { annotations: [{ key: 'web-export', value: true }] });
    await t.ow.triggers.create({ name: 'ft' });
    await t.ow.rules.create({ name: 'ft-rule', trigger: 'ft', action: 'echo' });
  });

  function probes(namespace: string): fc.Arbitrary<Probe> {
    const body = hostileBody;
    const withBody = (method: string, path: string) => body.map((b) => ({ method, path, headers: b.headers, body: b.bytes }));
    const createBody = fc.tuple(contentEncoding, spoil);
    return fc.oneof(
      fc.tuple(fc.uuid(), fc.oneof(body, createBody.map(([e, how]) => ({ headers: { 'content-type': 'application/json', 'content-encoding': e }, bytes: encodedBody(VALID_ACTION, e, how) })))).map(
        ([id, b]): Probe => ({ kind: 'create', request: { method: 'PUT', path: `/api/v1/namespaces/_/actions/fz-${id}`, headers: b.headers, body: b.bytes }, recordsWhenAccepted: 0 }),
      ),
      withBody('POST', '/api/v1/namespaces/_/triggers/ft').map((request): Probe => ({ kind: 'fire', request, recordsWhenAccepted: 2 })),
      withBody('POST', '/api/v1/namespaces/_/actions/echo').map((request): Probe => ({ kind: 'invoke', request, recordsWhenAccepted: 1 })),
      withBody('POST', `/api/v1/web/${namespace}/default/wecho.json`).map((request): Probe => ({ kind: 'web', request, recordsWhenAccepted: 1 })),
      fc.record({ skip: queryNumber, limit: queryNumber, since: queryNumber, upto: queryNumber }).map(
        (q): Probe => ({ kind: 'read', request: { method: 'GET', path: `/api/v1/namespaces/_/activations?${new URLSearchParams(q)}` }, recordsWhenAccepted: 0 }),
      ),
      fc.tuple(nulPiece, nulPiece).map(([a, b]): Probe => ({ kind: 'read', request: { method: 'GET', path: `/api/v1/namespaces/_/actions/${a}?name=${b}` }, recordsWhenAccepted: 0 })),
      nulPiece.map((a): Probe => ({ kind: 'read', request: { method: 'GET', path: `/api/v1/namespaces/_/activations?name=${a}` }, recordsWhenAccepted: 0 })),
    );
  }

  it('never answers 5xx, always answers errors as {error, code}, and leaves nothing behind an error', async () => {
    const before = await settledActivationCount(t.key);
    let expected = 0;
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(probes(t.namespace), { minLength: CONCURRENCY, maxLength: CONCURRENCY }), async (batch) => {
        const answers = await Promise.all(batch.map((p) => sendRaw(p.request, p.kind === 'web' ? undefined : t.key)));
        sent += batch.length;
        for (const [i, r] of answers.entries()) {
          const p = batch[i];
          const what = `${p.request.method} ${p.request.path} ${JSON.stringify(p.request.headers ?? {})} → ${r.status} ${JSON.stringify(r.body)?.slice(0, 200)}`;
          if (r.status >= 500) throw new Error(`5xx: ${what}`);
          if (r.status >= 400 && !isErrorShape(r)) throw new Error(`not {error, code}: ${what}`);
          const ran = r.headers.get('x-openwhisk-activation-id') !== null;
          if (r.status >= 400 && ran && p.kind !== 'web') throw new Error(`an error answer started an activation: ${what}`);
          if (ran) expected += p.recordsWhenAccepted;
          if (p.kind === 'create' && r.status >= 400) {
            const left = await http('GET', p.request.path, { key: t.key });
            if (left.status !== 404) throw new Error(`an errored create left an entity (${left.status}): ${what}`);
          }
        }
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 150_000, markInterruptAsFailure: true },
    );
    expect(sent).toBe(RUNS * CONCURRENCY);
    const until = Date.now() + 60_000;
    while ((await settledActivationCount(t.key)) < before + expected && Date.now() < until) await new Promise((r) => setTimeout(r, 250));
    expect(await settledActivationCount(t.key, 1_000)).toBe(before + expected);
  }, 300_000);
});
