import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { putAction } from '../support/actions';
import { E2E } from '../support/e2e-env';
import { http } from '../support/http';
import { isErrorShape, sendRaw } from '../support/hostile-requests';
import { createTestNamespace, wispCli, type TestNamespace } from '../support/namespaces';
import { routeRequest } from '../support/route-fuzz-arbitraries';
import { apiRouteTable } from '../support/route-table';

/** Cases per run: a bounded number in CI (`npm test`), 100,000 with `npm run fuzz`. */
const CASES = Number(process.env.WISP_FUZZ_CASES ?? 1_200);
/** Wall-clock budget of the property, s: CI stops early rather than run long on a loaded machine. */
const TIME_LIMIT_MS = Number(process.env.WISP_FUZZ_TIME_LIMIT_S ?? 60) * 1000;
/** Requests in flight at once. */
const CONCURRENCY = 8;
/** Below this many cases the run proves too little, even on a loaded machine. */
const MIN_CASES = Math.min(CASES, 400);

/** Resident memory of a process, kB (from /proc). */
function rssKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? 0);
}

/**
 * `http`, retried once when a pooled keep-alive socket was closed under it (undici reuses sockets the fuzz left; every
 * fuzz request itself must be answered, see "no answer" below).
 */
async function reliably(method: string, path: string, opts: { key?: string } = {}) {
  try {
    return await http(method, path, opts);
  } catch (e) {
    if ((e as Error & { cause?: { code?: string } }).cause?.code !== 'UND_ERR_SOCKET') throw e;
    return http(method, path, opts);
  }
}

/** The victim's private entities as the victim reads them: nothing the fuzz sends may change them. */
async function snapshot(t: TestNamespace) {
  const action = await reliably('GET', '/api/v1/namespaces/_/actions/secret', { key: t.key });
  const triggers = await reliably('GET', '/api/v1/namespaces/_/triggers', { key: t.key });
  const activations = await reliably('GET', '/api/v1/namespaces/_/activations?count=true', { key: t.key });
  return { action: [action.status, action.body.version, action.body.exec?.code], triggers: (triggers.body as { name: string }[]).map((x) => x.name), activations: activations.body.activations };
}

/**
 * #13 §4: property-based fuzzing of every route family of the running API (method, path parameters, query, headers,
 * body and auth), read from Nest's route table so a new route is fuzzed without touching this file. Every answer is
 * non-5xx; every error is `{error, code}`; another tenant's namespace never answers the fuzzing key with success;
 * another tenant's entities are unchanged; the API process stays up.
 */
describe('route families fuzz', () => {
  let own: TestNamespace;
  let other: TestNamespace;
  let stranger: TestNamespace;

  beforeAll(async () => {
    own = await createTestNamespace('rfz');
    other = await createTestNamespace('rfz-victim');
    stranger = await createTestNamespace('rfz-stranger');
    await wispCli('limits', 'set', own.namespace, '--invocationsPerMinute', '100000', '--firesPerMinute', '100000');
    await putAction(own.key, 'echo', 'function main(p){ return { ok: true } }', { annotations: [{ key: 'web-export', value: true }] });
    await own.ow.packages.create({ name: 'pkg' });
    await own.ow.triggers.create({ name: 'ft' });
    await own.ow.rules.create({ name: 'ft-rule', trigger: 'ft', action: 'echo' });
    await putAction(other.key, 'secret', 'function main(){ return { secret: 42 } }');
    await other.ow.triggers.create({ name: 'ft' });
  });

  it('never answers 5xx, answers every error as {error, code}, and never lets one tenant act on another', async () => {
    const routes = apiRouteTable();
    const ids = { own: { namespace: own.namespace, key: own.key }, other: { namespace: other.namespace }, stranger: { key: stranger.key } };
    const foreign: Record<string, string[]> = {
      [other.namespace]: [own.key, stranger.key].map((k) => `Basic ${Buffer.from(k).toString('base64')}`),
      [own.namespace]: [`Basic ${Buffer.from(stranger.key).toString('base64')}`],
    };
    const before = await snapshot(other);
    const { pids } = JSON.parse(readFileSync(E2E.stateFile, 'utf8')) as { pids: number[] };
    const apiPid = pids[0];
    const rssBefore = rssKb(apiPid);
    const failures: string[] = [];
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(routeRequest(routes, ids), { minLength: CONCURRENCY, maxLength: CONCURRENCY }), async (batch) => {
        const answers = await Promise.all(
          batch.map((c) =>
            sendRaw({ ...c.request, headers: { ...c.request.headers, ...(c.auth ? { authorization: c.auth } : {}) } }).catch((e: Error) => {
              failures.push(`no answer (${(e.cause as Error | undefined)?.message ?? e.message}): ${c.route.key} as ${c.request.method} ${c.request.path.slice(0, 200)} ${JSON.stringify(c.request.headers)} body ${c.request.body?.length ?? 0} B auth=${(c.auth ?? 'none').slice(0, 30)}`);
              return undefined;
            }),
          ),
        );
        sent += batch.length;
        for (const [i, r] of answers.entries()) {
          const c = batch[i];
          if (!r) continue;
          const what = `${c.route.key} as ${c.request.method} ${c.request.path.slice(0, 160)} auth=${(c.auth ?? 'none').slice(0, 30)} → ${r.status} ${JSON.stringify(r.body)?.slice(0, 200)}`;
          if (r.status >= 500) failures.push(`5xx: ${what}`);
          else if (r.status >= 400 && !isErrorShape(r)) failures.push(`not {error, code}: ${what}`);
          // Judged on the path the server got: the URL parser resolves `..` before the request leaves.
          const segments = new URL(c.request.path, E2E.apihost).pathname.split('/');
          const intruding = segments[3] === 'namespaces' && !!c.auth && (foreign[segments[4]] ?? []).includes(c.auth);
          // OpenWhisk's one exception: anyone may list another namespace's published packages.
          // Judged on the route the server matched (`packages/.` arrives as the list), not on the one generated.
          const listsPackages = c.request.method === 'GET' && segments[5] === 'packages' && (segments[6] ?? '') === '' && segments.length <= 7;
          const publishedOnly = listsPackages && Array.isArray(r.body) && r.body.every((p: { publish?: boolean }) => p.publish === true);
          if (intruding && r.status < 400 && !publishedOnly) failures.push(`cross-tenant success: ${what}`);
        }
        if (failures.length > 0) throw new Error(failures.slice(0, 5).join('\n'));
      }),
      { numRuns: Math.ceil(CASES / CONCURRENCY), interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
    );
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(MIN_CASES);
    expect((await reliably('GET', '/ping')).status).toBe(200);
    expect(await snapshot(other)).toEqual(before);
    // One line for the run's log: how much was sent and what the API's memory did meanwhile.
    console.log(`route fuzz: ${sent} requests over ${routes.length} routes, API RSS ${Math.round(rssBefore / 1024)} → ${Math.round(rssKb(apiPid) / 1024)} MB`);
  }, 15 * 60_000 + TIME_LIMIT_MS);
});
