import type { IsolationFixture } from './isolation-fixture';

/**
 * What B may get from a probe:
 * - `refused`: 401, 403 or 404 (400 too when the probe is `malformed`), never anything of A;
 * - `own`: B's own data (any non-5xx status), never anything of A;
 * - `published`: A's published package, the one documented exception (2xx expected);
 * - `public`: platform information without tenant data.
 */
export type Expectation = 'refused' | 'own' | 'published' | 'public';

/** One request of the isolation matrix, written against a route of the route table. */
export interface Probe {
  /** `/path/:param` as the route table names it. */
  route: string;
  /** The route's method when it is not the request's (`ALL` for routes that take any method). */
  routeMethod?: string;
  method: string;
  /** Sent as written (dot segments and %-escapes reach the server unchanged). */
  path: string;
  body?: unknown;
  /** B's key unless set; `null` sends no key. */
  key?: string | null;
  expect: Expectation;
  malformed?: boolean;
  /** Extra texts that must not appear in the answer (A's private names in listings). */
  forbidden?: string[];
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Extra breach check on the parsed body; returns why it is a breach. */
  check?: (body: any, status: number) => string | undefined;
}

const NS = '/api/v1/namespaces';
const R = (suffix: string) => `${NS}/:ns/${suffix}`;

const encodeAll = (s: string) => [...Buffer.from(s)].map((c) => `%${c.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/** The ways to name A's namespace: as is, upper-cased, fully %-encoded, `_` (B's own: A's names must not resolve there). */
function namespaceForms(A: string): string[] {
  return [A, A.toUpperCase(), encodeAll(A), '_'];
}

/** The ways to name an entity: as is, upper-cased, fully %-encoded. */
function nameForms(name: string): string[] {
  return [name, name.toUpperCase(), encodeAll(name)];
}

/** `ns` forms × the exact name, plus the exact namespace × name forms. */
function forms(A: string, name: string): Array<[string, string]> {
  return [...namespaceForms(A).map((n): [string, string] => [n, name]), ...nameForms(name).slice(1).map((m): [string, string] => [A, m])];
}

/** The route-table key a probe exercises. */
export function routeKeyOf(probe: Probe): string {
  return `${probe.routeMethod ?? probe.method} ${probe.route}`;
}

/** Every probe of the matrix. Adding a route to the API without adding probes here fails the matrix. */
export function isolationProbes(fx: IsolationFixture): Probe[] {
  const A = fx.a.namespace;
  const B = fx.b.namespace;
  const p: Probe[] = [];
  // Under `_` B addresses its own namespace: whatever it gets there is its own, as long as nothing of A's shows.
  const refuse = (route: string, method: string, path: string, body?: unknown, extra: Partial<Probe> = {}) =>
    p.push({ route, method, path, body, expect: path.startsWith(`${NS}/_/`) ? 'own' : 'refused', ...extra });
  const privateList = { forbidden: fx.privateNames.map((n) => `"${n}"`) };
  const onlyB = (body: any) => (Array.isArray(body) && body.some((e) => e?.namespace !== undefined && !String(e.namespace).startsWith(B)) ? 'lists an entity of another namespace' : undefined);

  // Health answers name services and invoker ids, nothing of a tenant's.
  for (const path of ['/', '/api/v1', '/ping', '/health/live', '/health/ready']) p.push({ route: path, method: 'GET', path, key: null, expect: 'public' });
  p.push({ route: '/invokers', method: 'GET', path: '/invokers', key: null, expect: 'public' });
  // Prometheus metrics: storage gauges and counters, no namespace labels, so nothing of A's may show.
  p.push({ route: '/metrics', method: 'GET', path: '/metrics', key: null, expect: 'public' });
  p.push({ route: '/api/v1/catalog', method: 'GET', path: '/api/v1/catalog', expect: 'public' });
  // The web console: the same static files for everyone, no tenant data; dot segments never reach the disk.
  const outsideBuild = (b: unknown) => (JSON.stringify(b ?? '').includes('devDependencies') ? 'served a file outside the console build' : undefined);
  p.push({ route: '/console', method: 'GET', path: '/console', key: null, expect: 'public' });
  for (const path of ['/console/activations', '/console/..%2F..%2Fpackage.json', '/console/assets/..%2F..%2F..%2Fpackage.json', '/console/%2e%2e/%2e%2e/package.json']) {
    p.push({ route: '/console/{*path}', method: 'GET', path, key: null, expect: 'public', check: outsideBuild });
  }
  p.push({ route: NS, method: 'GET', path: NS, expect: 'own', check: (b) => (JSON.stringify(b) === JSON.stringify([B]) ? undefined : 'namespaces other than B listed') });

  for (const n of namespaceForms(A).slice(0, 3)) refuse(R('limits'), 'GET', `${NS}/${n}/limits`);

  // Packages: a listing of A shows only what A published; private packages and bindings are never readable.
  for (const n of namespaceForms(A).slice(0, 3)) {
    p.push({ route: R('packages'), method: 'GET', path: `${NS}/${n}/packages`, expect: 'own', ...privateList, check: (b, s) => (s === 200 && (!Array.isArray(b) || b.some((e: any) => e.name !== 'pub')) ? 'lists more than the published package' : undefined) });
  }
  p.push({ route: R('packages'), method: 'GET', path: `${NS}/_/packages`, expect: 'own', ...privateList, check: onlyB });
  for (const name of ['priv', 'bind', 'pubbind']) for (const [n, m] of forms(A, name)) refuse(R('packages/:name'), 'GET', `${NS}/${n}/packages/${m}`);
  p.push({ route: R('packages/:name'), method: 'GET', path: `${NS}/${A}/packages/pub`, expect: 'published' });
  for (const [n, m] of forms(A, 'newpkg')) refuse(R('packages/:name'), 'PUT', `${NS}/${n}/packages/${m}`, { publish: true });
  for (const name of ['priv', 'pub', 'bind']) refuse(R('packages/:name'), 'PUT', `${NS}/${A}/packages/${name}?overwrite=true`, { publish: true, parameters: [{ key: 'x', value: 1 }] });
  for (const target of ['priv', 'bind', 'pubbind', 'nosuch']) refuse(R('packages/:name'), 'PUT', `${NS}/${B}/packages/b-${target}`, { binding: { namespace: A, name: target } });
  for (const name of ['priv', 'pub', 'bind', 'pubbind']) for (const [n, m] of forms(A, name)) refuse(R('packages/:name'), 'DELETE', `${NS}/${n}/packages/${m}?force=true`);

  // Actions: top-level actions are private; packaged ones are readable only through a published package.
  for (const n of namespaceForms(A).slice(0, 3)) refuse(R('actions'), 'GET', `${NS}/${n}/actions`);
  p.push({ route: R('actions'), method: 'GET', path: `${NS}/_/actions`, expect: 'own', ...privateList, check: onlyB });
  for (const [n, m] of forms(A, 'act')) refuse(R('actions/:name'), 'GET', `${NS}/${n}/actions/${m}`);
  for (const name of ['priv', 'bind', 'pubbind']) refuse(R('actions/:name'), 'GET', `${NS}/${A}/actions/${name}/`);
  p.push({ route: R('actions/:name'), method: 'GET', path: `${NS}/${A}/actions/pub/`, expect: 'published', ...privateList });
  for (const pkg of ['priv', 'bind', 'pubbind']) for (const [n, m] of forms(A, pkg)) refuse(R('actions/:pkg/:name'), 'GET', `${NS}/${n}/actions/${m}/pact`);
  p.push({ route: R('actions/:pkg/:name'), method: 'GET', path: `${NS}/${A}/actions/pub/pubact`, expect: 'published' });
  const exec = { kind: 'nodejs:20', code: 'function main(){ return { b: true } }' };
  for (const [n, m] of forms(A, 'act')) refuse(R('actions/:name'), 'PUT', `${NS}/${n}/actions/${m}?overwrite=true`, { exec });
  for (const component of [`/${A}/act`, `/${A}/priv/pact`, `/${A}/bind/pact`, `/${A}/pubbind/pact`, `/${A}/nosuch`]) {
    refuse(R('actions/:name'), 'PUT', `${NS}/${B}/actions/bseq?overwrite=true`, { exec: { kind: 'sequence', components: [component] } });
  }
  p.push({ route: R('actions/:name'), method: 'PUT', path: `${NS}/_/actions/bseqpub?overwrite=true`, body: { exec: { kind: 'sequence', components: [`/${A}/pub/pubact`] } }, expect: 'published' });
  for (const pkg of ['priv', 'pub', 'bind']) refuse(R('actions/:pkg/:name'), 'PUT', `${NS}/${A}/actions/${pkg}/pact?overwrite=true`, { exec });
  for (const [n, m] of forms(A, 'act')) refuse(R('actions/:name'), 'DELETE', `${NS}/${n}/actions/${m}`);
  for (const pkg of ['priv', 'pub', 'bind']) refuse(R('actions/:pkg/:name'), 'DELETE', `${NS}/${A}/actions/${pkg}/${pkg === 'pub' ? 'pubact' : 'pact'}`);

  // Invoke: never A's private actions, also not through A's bindings.
  for (const [n, m] of forms(A, 'act')) refuse(R('actions/:name'), 'POST', `${NS}/${n}/actions/${m}?blocking=true`, {});
  for (const pkg of ['priv', 'bind', 'pubbind']) for (const [n, m] of forms(A, pkg)) refuse(R('actions/:pkg/:name'), 'POST', `${NS}/${n}/actions/${m}/pact?blocking=true`, {});
  p.push({ route: R('actions/:pkg/:name'), method: 'POST', path: `${NS}/${A}/actions/pub/pubact?blocking=true`, body: {}, expect: 'published' });
  // Feed READ (and the other lifecycle events) of A's trigger through the published feed action: B's own activation, which must fail.
  for (const event of ['READ', 'UPDATE', 'PAUSE', 'DELETE', 'CREATE']) {
    for (const triggerName of [`/${A}/feedtrig`, `${A}/feedtrig`, `/${A.toUpperCase()}/feedtrig`, `/${encodeAll(A)}/feedtrig`]) {
      p.push({
        route: R('actions/:pkg/:name'),
        method: 'POST',
        path: `${NS}/whisk.system/actions/alarms/alarm?blocking=true`,
        body: { lifecycleEvent: event, triggerName, authKey: fx.b.key, cron: '* * * * * *', trigger_payload: { from: 'b' } },
        expect: 'own',
        check: (b) => (b?.response?.success === false ? undefined : `feed ${event} of ${triggerName} succeeded for B`),
      });
    }
  }

  // Triggers and fire.
  for (const n of namespaceForms(A).slice(0, 3)) refuse(R('triggers'), 'GET', `${NS}/${n}/triggers`);
  p.push({ route: R('triggers'), method: 'GET', path: `${NS}/_/triggers`, expect: 'own', ...privateList, check: onlyB });
  for (const name of ['trig', 'feedtrig']) for (const [n, m] of forms(A, name)) {
    refuse(R('triggers/:name'), 'GET', `${NS}/${n}/triggers/${m}`);
    refuse(R('triggers/:name'), 'PUT', `${NS}/${n}/triggers/${m}?overwrite=true`, { parameters: [{ key: 'x', value: 1 }] });
    refuse(R('triggers/:name'), 'DELETE', `${NS}/${n}/triggers/${m}`);
    refuse(R('triggers/:name'), 'POST', `${NS}/${n}/triggers/${m}`, { from: 'b' });
  }

  // Rules: never A's, and B's own rules may not link A's triggers or private actions.
  for (const n of namespaceForms(A).slice(0, 3)) refuse(R('rules'), 'GET', `${NS}/${n}/rules`);
  p.push({ route: R('rules'), method: 'GET', path: `${NS}/_/rules`, expect: 'own', ...privateList, check: onlyB });
  for (const [n, m] of forms(A, 'rule')) {
    refuse(R('rules/:name'), 'GET', `${NS}/${n}/rules/${m}`);
    refuse(R('rules/:name'), 'PUT', `${NS}/${n}/rules/${m}?overwrite=true`, { trigger: `/${A}/trig`, action: `/${A}/act` });
    refuse(R('rules/:name'), 'POST', `${NS}/${n}/rules/${m}`, { status: 'inactive' });
    refuse(R('rules/:name'), 'DELETE', `${NS}/${n}/rules/${m}`);
  }
  for (const action of [`/${A}/act`, `/${A}/priv/pact`, `/${A}/bind/pact`, `/${A}/pubbind/pact`, `/${A}/nosuch`]) {
    refuse(R('rules/:name'), 'PUT', `${NS}/${B}/rules/brule?overwrite=true`, { trigger: `/${B}/btrig`, action });
  }
  refuse(R('rules/:name'), 'PUT', `${NS}/${B}/rules/brule?overwrite=true`, { trigger: `/${A}/trig`, action: `/${B}/bact` });

  // B's own binding to a package A has made private again gives nothing any more.
  refuse(R('packages/:name'), 'GET', `${NS}/${B}/packages/bwas`);
  refuse(R('actions/:name'), 'GET', `${NS}/${B}/actions/bwas/`);
  refuse(R('actions/:pkg/:name'), 'GET', `${NS}/${B}/actions/bwas/wact`);
  refuse(R('actions/:pkg/:name'), 'POST', `${NS}/${B}/actions/bwas/wact?blocking=true`, {});
  refuse(R('actions/:name'), 'PUT', `${NS}/${B}/actions/bseq?overwrite=true`, { exec: { kind: 'sequence', components: [`/${B}/bwas/wact`] } });
  refuse(R('rules/:name'), 'PUT', `${NS}/${B}/rules/brule?overwrite=true`, { trigger: `/${B}/btrig`, action: `/${B}/bwas/wact` });

  // Activations, logs, results.
  for (const n of namespaceForms(A).slice(0, 3)) refuse(R('activations'), 'GET', `${NS}/${n}/activations`);
  p.push({ route: R('activations'), method: 'GET', path: `${NS}/_/activations?docs=true&limit=200`, expect: 'own', forbidden: [fx.activationId], check: onlyB });
  for (const [suffix, route] of [['', ':id'], ['/logs', ':id/logs'], ['/result', ':id/result']]) {
    for (const n of namespaceForms(A)) refuse(R(`activations/${route}`), 'GET', `${NS}/${n}/activations/${fx.activationId}${suffix}`);
    refuse(R(`activations/${route}`), 'GET', `${NS}/${A}/activations/${fx.activationId.toUpperCase()}${suffix}`, undefined, { malformed: true });
  }

  // Dead letters.
  for (const n of namespaceForms(A).slice(0, 3)) refuse(R('deadletters'), 'GET', `${NS}/${n}/deadletters`);
  p.push({ route: R('deadletters'), method: 'GET', path: `${NS}/_/deadletters`, expect: 'own', forbidden: [fx.deadLetterId], check: onlyB });
  for (const n of namespaceForms(A)) {
    refuse(R('deadletters/:id'), 'GET', `${NS}/${n}/deadletters/${fx.deadLetterId}`);
    refuse(R('deadletters/:id'), 'DELETE', `${NS}/${n}/deadletters/${fx.deadLetterId}`);
  }

  // Web: actions not exported are 404 for everyone, with or without a key, whatever the method.
  for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']) {
    for (const target of [`${A}/default/act.json`, `${A}/priv/pact.json`, `${A}/bind/pact.json`, `${A}/pub/pubact.json`, `${A.toUpperCase()}/default/act.json`, `${encodeAll(A)}/default/act`, `_/default/act.json`]) {
      for (const key of [fx.b.key, null]) refuse('/api/v1/web/*path', method, `/api/v1/web/${target}`, method === 'GET' || method === 'HEAD' || method === 'OPTIONS' ? undefined : {}, { key, routeMethod: 'ALL' });
    }
  }

  // GitHub deliveries authenticate by signature; an unsigned delivery to any subscription (A's alarm feed included) is refused.
  for (const id of [fx.subscriptionId, '00000000-0000-4000-8000-000000000000', '..%2F..%2Fnamespaces']) {
    refuse('/api/v1/feeds/github/:subscriptionId', 'POST', `/api/v1/feeds/github/${id}`, { zen: 'x' }, { key: null, headers: { 'x-github-event': 'push' }, malformed: true });
  }

  // Path traversal and encoded separators aimed at A's action from B's namespace.
  for (const path of [`${NS}/${B}/../${A}/actions/act`, `${NS}/${B}/%2e%2e/${A}/actions/act`, `${NS}/_/actions/..%2F..%2F${A}%2Factions%2Fact`, `${NS}/${A}%2Factions%2Fact`, `${NS}/${B}/actions/%2e%2e%2f${A}%2fact`]) {
    refuse(R('actions/:name'), 'GET', path, undefined, { malformed: true });
    refuse(R('actions/:name'), 'POST', `${path}?blocking=true`, {}, { malformed: true });
  }
  return p;
}
