import fc from 'fast-check';
import type { ApiRoute } from './route-table';
import { hostileBody, nulPiece, queryNumber, utf16Text } from './hostile-arbitraries';
import type { HostileRequest } from './hostile-requests';

/** Who the fuzz's requests may claim to be. */
export interface FuzzIdentities {
  /** The fuzzing namespace and its key. */
  own: { namespace: string; key: string };
  /** The victim: its namespace is targeted, its key is never sent, its entities must stay out of reach. */
  other: { namespace: string };
  /** A third tenant's key, sent against everyone's namespaces. */
  stranger: { key: string };
}

/** Entity and id names: valid ones, unicode, traversal, slashes, NUL pieces, empty and very long. */
export const hostileName = fc.oneof(
  { arbitrary: fc.constantFrom('echo', 'ft', 'ft-rule', 'pkg', 'missing', 'x'), weight: 4 },
  { arbitrary: fc.constantFrom('..', '%2E%2E', '../..', 'a%2Fb', 'a/b', '%2F', '~', '.', '%20', 'ünïcødé', '名前', '😀', '\u202e', '*', '%'), weight: 3 },
  { arbitrary: nulPiece, weight: 1 },
  { arbitrary: utf16Text.map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, 'x'))), weight: 2 },
  { arbitrary: fc.integer({ min: 257, max: 4_000 }).map((n) => 'n'.repeat(n)), weight: 1 },
  { arbitrary: fc.uuid(), weight: 1 },
);

/** Query parameters the API reads, with hostile values, plus unknown ones. */
const query = fc.dictionary(
  fc.constantFrom('blocking', 'result', 'timeout', 'skip', 'limit', 'since', 'upto', 'name', 'docs', 'count', 'overwrite', 'public', 'code', 'x', '__proto__'),
  fc.oneof(queryNumber, fc.constantFrom('true', 'false', 'yes', '', 'null', '[]', '{}'), nulPiece, utf16Text.map((s) => s.replace(/[\ud800-\udfff]/g, '?'))),
  { maxKeys: 4 },
);

/** Bodies of the right shape with wrong types inside, wrong shapes, huge values, deep nesting and hostile bytes. */
const body = fc.oneof(
  { arbitrary: hostileBody, weight: 3 },
  {
    arbitrary: fc
      .constantFrom<unknown>(
        [],
        'text',
        42,
        null,
        { exec: 5 },
        { exec: { kind: 'nodejs:20', code: 5 } },
        { exec: { kind: 'no-such-kind', code: '' } },
        { exec: { kind: 'sequence', components: ['/a/b', 7] } },
        { exec: { kind: 'blackbox', image: '../../etc' } },
        { limits: { timeout: 'x', memory: -1, logs: 1e309 } },
        { parameters: { key: 'k' } },
        { parameters: [{ key: 5, value: {} }] },
        { annotations: [{ key: 'feed', value: '/whisk.system/alarms/alarm' }] },
        { trigger: 5, action: { a: 1 } },
        { trigger: '/other/t', action: '/other/a' },
        { status: 'sideways' },
        { binding: { namespace: 7 } },
        { publish: 'yes' },
        { __proto__: { polluted: true } },
        { constructor: { prototype: { polluted: true } } },
      )
      .map((v) => ({ headers: { 'content-type': 'application/json' }, bytes: Buffer.from(JSON.stringify(v) ?? 'null') })),
    weight: 3,
  },
  { arbitrary: fc.integer({ min: 1_100_000, max: 1_400_000 }).map((n) => ({ headers: { 'content-type': 'application/json' }, bytes: Buffer.from(`{"big":"${'b'.repeat(n)}"}`) })), weight: 1 },
  { arbitrary: fc.constant({ headers: {} as Record<string, string>, bytes: Buffer.alloc(0) }), weight: 1 },
);

/** Authorization headers: own and other tenant's keys, garbage, wrong schemes, truncated, huge, none. */
function authorization(ids: FuzzIdentities): fc.Arbitrary<string | undefined> {
  const basic = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
  return fc.oneof(
    { arbitrary: fc.constant(basic(ids.own.key)), weight: 6 },
    { arbitrary: fc.constant(basic(ids.stranger.key)), weight: 2 },
    { arbitrary: fc.constant(undefined), weight: 2 },
    {
      arbitrary: fc.constantFrom(
        'Basic',
        'Basic ',
        'Basic !!!',
        basic('no-colon'),
        basic(':'),
        basic(`${ids.own.key.split(':')[0]}:wrong`),
        basic(`${ids.own.key}:extra`),
        `Bearer ${ids.own.key}`,
        `basic ${Buffer.from(ids.own.key).toString('base64')}`,
        basic('\u0000:\u0000'),
        `Basic ${'A'.repeat(6_000)}`,
      ),
      weight: 3,
    },
  );
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'PATCH'];

/**
 * One request against any route of the table: its method (or another one), every path parameter filled with a
 * hostile name, a namespace that is the caller's, the other tenant's, `_` or garbage, a hostile query, headers and body.
 */
export function routeRequest(routes: ApiRoute[], ids: FuzzIdentities): fc.Arbitrary<{ route: ApiRoute; request: HostileRequest; auth?: string }> {
  const namespace = fc.oneof(
    { arbitrary: fc.constant('_'), weight: 3 },
    { arbitrary: fc.constant(ids.own.namespace), weight: 2 },
    { arbitrary: fc.constant(ids.other.namespace), weight: 2 },
    { arbitrary: hostileName, weight: 1 },
  );
  return fc
    .record({
      route: fc.constantFrom(...routes),
      method: fc.oneof({ arbitrary: fc.constant(undefined), weight: 5 }, fc.constantFrom(...METHODS)),
      ns: namespace,
      names: fc.array(hostileName, { minLength: 4, maxLength: 4 }),
      rest: fc.array(hostileName, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/')),
      query,
      body,
      auth: authorization(ids),
      extension: fc.constantFrom('', '', '.json', '.http', '.text', '.svg', '.exe'),
    })
    .map(({ route, method, ns, names, rest, query: q, body: b, auth, extension }) => {
      let i = 0;
      const path = route.path
        .replace(':ns', ns)
        .replace(/\*path/, `${ids.own.namespace}/default/${rest}${extension}`)
        .replace(/:[a-zA-Z]+/g, () => names[i++ % names.length]);
      const search = new URLSearchParams(q as Record<string, string>).toString();
      const chosen = method ?? route.method.replace('ALL', 'POST');
      const withBody = chosen !== 'GET' && chosen !== 'DELETE';
      return {
        route,
        auth,
        request: { method: chosen, path: search ? `${path}?${search}` : path, headers: withBody ? b.headers : {}, body: withBody && b.bytes.length > 0 ? b.bytes : undefined },
      };
    });
}
