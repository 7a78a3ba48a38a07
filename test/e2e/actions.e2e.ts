import { GUEST_KEY } from '../support/e2e-env';
import { http } from '../support/http';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { rejection, expectError } from '../support/errors';

/** The `openwhisk` client; its bundled typings lag its documented API (`sequence`, `code`), so it is used untyped. */
type Ow = any;
const client = (t: TestNamespace): Ow => t.ow;

const CODE = 'function main(p) { return { greeting: "hi " + p.name }; }';
const DEFAULT_LIMITS = { timeout: 60000, memory: 256, logs: 10, concurrency: 1 };
const exec = (code = CODE) => ({ kind: 'nodejs:20', code });

describe('actions API', () => {
  let me: TestNamespace;
  let other: TestNamespace;
  let ow: Ow;
  const path = (name: string, ns = '_') => `/api/v1/namespaces/${ns}/actions/${name}`;
  const put = (name: string, body: unknown, query = '', key = me.key) => http('PUT', `${path(name)}${query}`, { key, body });

  beforeAll(async () => {
    [me, other] = await Promise.all([createTestNamespace('act'), createTestNamespace('actother')]);
    ow = client(me);
  });

  describe('create, read, update, delete', () => {
    it('creates with nodejs:default resolved, OpenWhisk defaults and controller annotations', async () => {
      const created = await ow.actions.create({ name: 'hello', action: CODE, params: { name: 'world' } });
      expect(created).toEqual({
        namespace: me.namespace,
        name: 'hello',
        version: '0.0.1',
        publish: false,
        exec: { kind: 'nodejs:20', code: CODE, binary: false },
        parameters: [{ key: 'name', value: 'world' }],
        limits: DEFAULT_LIMITS,
        annotations: [
          { key: 'provide-api-key', value: false },
          { key: 'exec', value: 'nodejs:20' },
        ],
        updated: expect.any(Number),
      });
      expect(await ow.actions.get({ name: 'hello' })).toEqual(created);
    });

    it('refuses to create over an existing action without overwrite (409)', async () => {
      await ow.actions.create({ name: 'dup', action: CODE });
      const e = await rejection(ow.actions.create({ name: 'dup', action: 'other' }));
      expect(e.statusCode).toBe(409);
      expectError(await put('dup', { exec: exec() }), 409, 'resource already exists');
      expect((await ow.actions.get({ name: 'dup' })).exec.code).toBe(CODE);
    });

    it('updates with overwrite: bumps the version, keeps absent fields, merges limits per field', async () => {
      await ow.actions.create({ name: 'upd', action: CODE, params: { a: 1 }, limits: { memory: 128 } });
      const before = await ow.actions.get({ name: 'upd' });
      const v2 = await ow.actions.update({ name: 'upd', limits: { timeout: 1000 } });
      expect(v2.version).toBe('0.0.2');
      expect(v2.exec).toEqual(before.exec);
      expect(v2.parameters).toEqual([{ key: 'a', value: 1 }]);
      expect(v2.limits).toEqual({ ...DEFAULT_LIMITS, memory: 128, timeout: 1000 });
      expect(v2.updated).toBeGreaterThanOrEqual(before.updated);
      const v3 = await ow.actions.update({ name: 'upd', action: 'function main() { return {}; }', params: { b: 2 } });
      expect(v3.version).toBe('0.0.3');
      expect(v3.exec.code).toBe('function main() { return {}; }');
      expect(v3.parameters).toEqual([{ key: 'b', value: 2 }]);
      expect(v3.limits.memory).toBe(128);
      const v9 = await put('upd', { version: '1.2.3' }, '?overwrite=true');
      expect(v9.body.version).toBe('1.2.3');
    });

    it('merges annotations on update, honours delAnnotations and always rewrites exec', async () => {
      await put('ann', { exec: exec(), annotations: [{ key: 'web-export', value: true }, { key: 'final', value: true }, { key: 'exec', value: 'forged' }] });
      const r = await put('ann', { annotations: [{ key: 'description', value: 'd' }], delAnnotations: ['final'] }, '?overwrite=true');
      expect(r.status).toBe(200);
      expect(r.body.annotations).toEqual([
        { key: 'web-export', value: true },
        { key: 'provide-api-key', value: false },
        { key: 'description', value: 'd' },
        { key: 'exec', value: 'nodejs:20' },
      ]);
    });

    it('keeps a provide-api-key given on create', async () => {
      const r = await put('withkey', { exec: exec(), annotations: [{ key: 'provide-api-key', value: true }] });
      expect(r.body.annotations).toEqual([
        { key: 'provide-api-key', value: true },
        { key: 'exec', value: 'nodejs:20' },
      ]);
    });

    it('drops the code with code=false but keeps binary', async () => {
      await ow.actions.create({ name: 'nocode', action: CODE });
      const a = await ow.actions.get({ name: 'nocode', code: false });
      expect(a.exec).toEqual({ kind: 'nodejs:20', binary: false });
      expect((await http('GET', `${path('nocode')}?code=true`, { key: me.key })).body.exec.code).toBe(CODE);
    });

    it('detects binary (base64 zip) code, also for a Buffer sent by the client', async () => {
      const zip = Buffer.from('PK\u0003\u0004 pretend this is a zip archive!');
      const a = await ow.actions.create({ name: 'zipped', action: zip });
      expect(a.exec).toEqual({ kind: 'nodejs:20', code: zip.toString('base64'), binary: true });
      const b = await put('textual', { exec: { kind: 'nodejs:20', code: 'abc d', binary: true } });
      expect(b.body.exec.binary).toBe(false);
    });

    it('stores main when given', async () => {
      const r = await put('withmain', { exec: { kind: 'nodejs:20', code: CODE, main: 'handler' } });
      expect(r.body.exec).toEqual({ kind: 'nodejs:20', code: CODE, binary: false, main: 'handler' });
    });

    it('creates blackbox actions only with an image', async () => {
      expectError(await put('bb', { exec: { kind: 'blackbox' } }), 400, "The request content was malformed:\n'image' must be a string defined in 'exec' for 'blackbox' actions");
      // Found by the 100,000-case route fuzz: this name became an engine URL path, the engine redirected the invoker to
      // host 'etc', and the lookup error crashed the invoker.
      for (const image of ['../../etc', 'a/../b', 'img?x=1', 'http://evil/x'])
        expectError(await put('bb', { exec: { kind: 'blackbox', image } }), 400, "The request content was malformed:\n'image' must be a Docker image reference such as 'openwhisk/dockerskeleton' or 'registry:5000/team/image:tag'");
      const r = await put('bb', { exec: { kind: 'blackbox', image: 'wisp/custom:1' } });
      expect(r.body.exec).toEqual({ kind: 'blackbox', image: 'wisp/custom:1', binary: false });
      expect(r.body.annotations).toContainEqual({ key: 'exec', value: 'blackbox' });
    });

    it('deletes and returns the deleted action; then 404', async () => {
      const created = await ow.actions.create({ name: 'gone', action: CODE });
      const deleted = await ow.actions.delete({ name: 'gone' });
      expect(deleted).toEqual(created);
      expectError(await http('GET', path('gone'), { key: me.key }), 404, 'The requested resource does not exist.');
      expectError(await http('DELETE', path('gone'), { key: me.key }), 404, 'The requested resource does not exist.');
    });

    it('resolves the _ alias to the caller namespace', async () => {
      await ow.actions.create({ name: 'aliased', action: CODE });
      const viaAlias = await http('GET', path('aliased'), { key: me.key });
      const explicit = await http('GET', path('aliased', me.namespace), { key: me.key });
      expect(viaAlias.status).toBe(200);
      expect(viaAlias.body).toEqual(explicit.body);
      expect(viaAlias.body.namespace).toBe(me.namespace);
    });
  });

  describe('validation', () => {
    it('rejects illegal names with OpenWhisk texts', async () => {
      expectError(await put('bad%20name%20', { exec: exec() }), 400, 'The name of the entity contains illegal characters.');
      expectError(await put('%24x', { exec: exec() }), 400, 'The name of the entity contains illegal characters.');
      expectError(await put('a'.repeat(257), { exec: exec() }), 400, 'Name segement longer than allowed: 257 > 256.');
      expectError(await http('GET', '/api/v1/namespaces/bad%24ns/actions/x', { key: me.key }), 400, 'The namespace contains illegal characters.');
    });

    it('rejects unknown kinds and malformed exec', async () => {
      expectError(
        await put('kind', { exec: { kind: 'swift:5.3', code: 'x' } }),
        400,
        "The specified runtime 'swift:5.3' is not supported by this platform. Valid values are: 'nodejs:20', 'python:3', 'blackbox', 'sequence'.",
      );
      expectError(await put('kind', { exec: { kind: 'nodejs:20' } }), 400, /^The request content was malformed:\n'code' must be a string/);
      expectError(await put('kind', { exec: { code: 'x' } }), 400, "The request content was malformed:\n'kind' must be a string defined in 'exec'");
      expectError(await put('kind', { parameters: [] }), 400, /^The request content was malformed:/);
      expectError(await put('kind', { exec: exec(), parameters: 'x' }), 400, /^The request content was malformed:/);
    });

    it('rejects limits out of range with OpenWhisk texts', async () => {
      expectError(await put('lim', { exec: exec(), limits: { memory: 1024 } }), 400, 'memory 1024 MB exceeds allowed threshold of 512 MB');
      expectError(await put('lim', { exec: exec(), limits: { memory: 64 } }), 400, 'memory 64 MB below allowed threshold of 128 MB');
      expectError(await put('lim', { exec: exec(), limits: { timeout: 50 } }), 400, 'timeout 50 milliseconds below allowed threshold of 100 milliseconds');
      expectError(await put('lim', { exec: exec(), limits: { timeout: 300001 } }), 400, 'timeout 300001 milliseconds exceeds allowed threshold of 300000 milliseconds');
      expectError(await put('lim', { exec: exec(), limits: { concurrency: 2 } }), 400, 'concurrency 2 exceeds allowed threshold of 1');
      expectError(await put('lim', { exec: exec(), limits: { logs: 11 } }), 400, 'logs 11 MB exceeds allowed threshold of 10 MB');
      expect((await http('GET', path('lim'), { key: me.key })).status).toBe(404);
    });

    it('rejects parameters above 1 MB with 413', async () => {
      const r = await put('bigparams', { exec: exec(), parameters: [{ key: 'big', value: 'x'.repeat(1_048_576) }] });
      expectError(r, 413, /^parameters larger than allowed: \d+ > 1048576 bytes\.$/);
    });
  });

  describe('sequences', () => {
    beforeAll(async () => {
      await Promise.all(['s1', 's2'].map((name) => ow.actions.create({ name, action: CODE })));
    });

    it('stores fully qualified components with _ resolved, and _actions as the parameter', async () => {
      const seq = await ow.actions.create({ name: 'seq', sequence: ['/_/s1', `/${me.namespace}/s2`] });
      const components = [`/${me.namespace}/s1`, `/${me.namespace}/s2`];
      expect(seq.exec).toEqual({ kind: 'sequence', components });
      expect(seq.parameters).toEqual([{ key: '_actions', value: components }]);
      expect(seq.annotations).toContainEqual({ key: 'exec', value: 'sequence' });
    });

    it('rejects empty, self-referencing, missing and unreadable components', async () => {
      expectError(await put('badseq', { exec: { kind: 'sequence', components: [] } }), 400, 'No component specified for the sequence.');
      expectError(await put('badseq', { exec: { kind: 'sequence', components: ['/_/nope'] } }), 400, 'Sequence component does not exist.');
      expectError(await put('badseq', { exec: { kind: 'sequence', components: ['s1'] } }), 400, /^The request content was malformed:/);
      expectError(await put('s1', { exec: { kind: 'sequence', components: ['/_/s1'] } }, '?overwrite=true'), 400, 'Sequence may not refer to itself.');
      await put('outer', { exec: { kind: 'sequence', components: ['/_/s1'] } });
      await put('inner', { exec: { kind: 'sequence', components: ['/_/outer'] } });
      expectError(await put('outer', { exec: { kind: 'sequence', components: ['/_/inner'] } }, '?overwrite=true'), 400, 'Sequence may not refer to itself.');
      await http('PUT', '/api/v1/namespaces/_/actions/private', { key: other.key, body: { exec: exec() } });
      expectError(
        await put('badseq', { exec: { kind: 'sequence', components: [`/${other.namespace}/private`] } }),
        403,
        `The supplied authentication is not authorized to access '${other.namespace}/actions/private'.`,
      );
      expect((await ow.actions.get({ name: 's1' })).exec.kind).toBe('nodejs:20');
    });

    it('caps sequences at 50 atomic actions, counting nested sequences inlined', async () => {
      expectError(await put('long', { exec: { kind: 'sequence', components: Array(51).fill('/_/s1') } }), 400, 'Too many actions in the sequence.');
      expect((await put('thirty', { exec: { kind: 'sequence', components: Array(30).fill('/_/s1') } })).status).toBe(200);
      expect((await put('fifty', { exec: { kind: 'sequence', components: ['/_/thirty', ...Array(20).fill('/_/s2')] } })).status).toBe(200);
      expectError(await put('fiftyone', { exec: { kind: 'sequence', components: ['/_/thirty', ...Array(21).fill('/_/s2')] } }), 400, 'Too many actions in the sequence.');
    });
  });

  describe('lists', () => {
    let lister: TestNamespace;

    beforeAll(async () => {
      lister = await createTestNamespace('actlist');
      // A few ms apart so `updated` orders them (ties would fall back to name order).
      for (const name of ['first', 'second', 'third']) {
        await client(lister).actions.create({ name, action: CODE });
        await new Promise((r) => setTimeout(r, 5));
      }
      await client(lister).packages.create({ name: 'box' });
      await client(lister).actions.create({ name: 'box/inside', action: Buffer.from('zipzipzip') });
    });

    it('lists every action of the namespace newest first, packaged ones with ns/pkg, as summaries', async () => {
      const list = await client(lister).actions.list();
      expect(list.map((a: { name: string }) => a.name)).toEqual(['inside', 'third', 'second', 'first']);
      expect(list[0]).toEqual({
        namespace: `${lister.namespace}/box`,
        name: 'inside',
        version: '0.0.1',
        publish: false,
        annotations: [
          { key: 'provide-api-key', value: false },
          { key: 'exec', value: 'nodejs:20' },
        ],
        limits: DEFAULT_LIMITS,
        exec: { binary: true },
        updated: expect.any(Number),
      });
      expect(list[1].exec).toEqual({ binary: false });
    });

    it('pages with skip and limit and counts with count=true', async () => {
      const page = await client(lister).actions.list({ skip: 1, limit: 2 });
      expect(page.map((a: { name: string }) => a.name)).toEqual(['third', 'second']);
      expect(await client(lister).actions.list({ count: true })).toEqual({ actions: 4 });
      const all = await http('GET', '/api/v1/namespaces/_/actions?limit=0', { key: lister.key });
      expect(all.body).toHaveLength(4);
    });

    it('rejects bad paging values with OpenWhisk texts', async () => {
      const list = (q: string) => http('GET', `/api/v1/namespaces/_/actions?${q}`, { key: lister.key });
      expectError(await list('limit=201'), 400, "The value '201' is not in the range of 0 to 200 for actions.");
      expectError(await list('skip=-1'), 400, "The value '-1' is not greater than or equal to 0 for actions.");
      expectError(await list('limit=ten'), 400, "The value 'ten' is not an integer for actions.");
    });

    it('lists a package\'s actions with a trailing slash', async () => {
      const r = await http('GET', '/api/v1/namespaces/_/actions/box/', { key: lister.key });
      expect(r.status).toBe(200);
      expect(r.body.map((a: { name: string; namespace: string }) => `${a.namespace}/${a.name}`)).toEqual([`${lister.namespace}/box/inside`]);
      expect((await http('GET', '/api/v1/namespaces/_/actions/box/?count=true', { key: lister.key })).body).toEqual({ actions: 1 });
      expectError(await http('GET', '/api/v1/namespaces/_/actions/nobox/', { key: lister.key }), 404, 'The requested resource does not exist.');
    });
  });

  describe('packaged actions', () => {
    beforeAll(async () => {
      await ow.packages.create({ name: 'tools', package: { parameters: [{ key: 'shared', value: 'pkg' }, { key: 'over', value: 'pkg' }] } });
      await ow.actions.create({ name: 'tools/tool', action: CODE, params: { over: 'action' } });
    });

    it('shows the package parameters merged under the action\'s own', async () => {
      const a = await ow.actions.get({ name: 'tools/tool' });
      expect(a.namespace).toBe(`${me.namespace}/tools`);
      expect(a.parameters).toEqual([
        { key: 'shared', value: 'pkg' },
        { key: 'over', value: 'action' },
      ]);
    });

    it('needs an existing package and refuses bindings', async () => {
      expectError(await put('nopkg/a', { exec: exec() }), 404, 'The requested resource does not exist.');
      await ow.packages.create({ name: 'toolbind', package: { binding: { namespace: '_', name: 'tools' } } });
      expectError(await put('toolbind/a', { exec: exec() }), 400, 'Operation not permitted on package binding.');
      expectError(await http('DELETE', path('toolbind/tool'), { key: me.key }), 400, 'Operation not permitted on package binding.');
    });

    it('reads an action through a binding with binding parameters layered between package and action', async () => {
      await ow.packages.update({ name: 'toolbind', package: { parameters: [{ key: 'shared', value: 'binding' }, { key: 'over', value: 'binding' }] } });
      const a = await ow.actions.get({ name: 'toolbind/tool' });
      expect(a.namespace).toBe(`${me.namespace}/tools`);
      expect(a.parameters).toEqual([
        { key: 'shared', value: 'binding' },
        { key: 'over', value: 'action' },
      ]);
    });

    it('deletes a packaged action', async () => {
      await ow.actions.create({ name: 'tools/temp', action: CODE });
      expect((await ow.actions.delete({ name: 'tools/temp' })).namespace).toBe(`${me.namespace}/tools`);
      expect((await http('GET', path('tools/temp'), { key: me.key })).status).toBe(404);
    });
  });

  describe('entitlement', () => {
    beforeAll(async () => {
      await client(other).actions.create({ name: 'theirs', action: CODE });
      await client(other).packages.create({ name: 'shared', package: { publish: true, parameters: [{ key: 'p', value: 1 }] } });
      await client(other).packages.create({ name: 'hidden' });
      await client(other).actions.create({ name: 'shared/pub', action: CODE });
      await client(other).actions.create({ name: 'hidden/priv', action: CODE });
    });

    it('forbids writes and top-level reads in another namespace (403)', async () => {
      const ns = other.namespace;
      expectError(await http('GET', path('theirs', ns), { key: me.key }), 403, `The supplied authentication is not authorized to access '${ns}/actions/theirs'.`);
      expectError(await http('PUT', path('mine', ns), { key: me.key, body: { exec: exec() } }), 403, `The supplied authentication is not authorized to access '${ns}/actions/mine'.`);
      expectError(await http('DELETE', path('theirs', ns), { key: me.key }), 403, `The supplied authentication is not authorized to access '${ns}/actions/theirs'.`);
      expectError(await http('PUT', path('shared/x', ns), { key: me.key, body: { exec: exec() } }), 403, /^The supplied authentication is not authorized/);
      expectError(await http('GET', `/api/v1/namespaces/${ns}/actions`, { key: me.key }), 403, `The supplied authentication is not authorized to access '${ns}/actions'.`);
      expect((await client(other).actions.get({ name: 'theirs' })).name).toBe('theirs');
    });

    it('allows reading actions of a published package, with its parameters, but not of a private one', async () => {
      const a = await ow.actions.get({ name: `/${other.namespace}/shared/pub` });
      expect(a.namespace).toBe(`${other.namespace}/shared`);
      expect(a.parameters).toEqual([{ key: 'p', value: 1 }]);
      const list = await http('GET', `/api/v1/namespaces/${other.namespace}/actions/shared/`, { key: me.key });
      expect(list.body.map((x: { name: string }) => x.name)).toEqual(['pub']);
      expectError(await http('GET', path('hidden/priv', other.namespace), { key: me.key }), 403, /^The supplied authentication is not authorized/);
      expectError(await http('GET', path('nothere/priv', other.namespace), { key: me.key }), 403, /^The supplied authentication is not authorized/);
      expectError(await http('GET', `/api/v1/namespaces/${other.namespace}/actions/hidden/`, { key: me.key }), 403, /^The supplied authentication is not authorized/);
    });

    it('needs credentials (401 with the Basic challenge)', async () => {
      const none = await http('GET', '/api/v1/namespaces/_/actions');
      expectError(none, 401, 'The resource requires authentication, which was not supplied with the request');
      expect(none.headers.get('www-authenticate')).toBe('Basic realm="OpenWhisk secure realm"');
      const bad = await http('PUT', path('x'), { key: GUEST_KEY.replace(/.$/, '0'), body: { exec: exec() } });
      expectError(bad, 401, 'The supplied authentication is invalid');
      expect(bad.headers.get('www-authenticate')).toBe('Basic realm="OpenWhisk secure realm"');
    });
  });

  describe('concurrency', () => {
    it('lets exactly one of two concurrent creates win', async () => {
      const rs = await Promise.all([put('race', { exec: exec('a') }), put('race', { exec: exec('b') })]);
      expect(rs.map((r) => r.status).sort()).toEqual([200, 409]);
      expectError(rs.find((r) => r.status === 409)!, 409, 'resource already exists');
    });

    it('never loses an update: each accepted overwrite bumps the version once, others get 409', async () => {
      await put('counter', { exec: exec() });
      const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => put('counter', { parameters: [{ key: 'i', value: i }] }, '?overwrite=true')));
      const ok = rs.filter((r) => r.status === 200);
      for (const r of rs.filter((x) => x.status !== 200)) expectError(r, 409, 'Concurrent modification to resource detected.');
      expect(ok.length).toBeGreaterThan(0);
      const final = await ow.actions.get({ name: 'counter' });
      expect(final.version).toBe(`0.0.${1 + ok.length}`);
      expect(ok.map((r) => r.body.version).sort()).toEqual(Array.from({ length: ok.length }, (_, i) => `0.0.${i + 2}`));
    });
  });
});
