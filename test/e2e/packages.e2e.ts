import { http } from '../support/http';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { rejection, expectError } from '../support/errors';

/** The `openwhisk` client; its bundled typings lag its documented API (bindings), so it is used untyped. */
type Ow = any;
const client = (t: TestNamespace): Ow => t.ow;

const CODE = 'function main(p) { return p; }';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const names = (xs: { name: string }[]) => xs.map((x) => x.name);

describe('packages API', () => {
  let me: TestNamespace;
  let provider: TestNamespace;
  let ow: Ow;
  let pow: Ow;
  const path = (name: string, ns = '_') => `/api/v1/namespaces/${ns}/packages/${name}`;
  const put = (name: string, body: unknown, query = '', key = me.key) => http('PUT', `${path(name)}${query}`, { key, body });
  const forbidden = (resource: string) => `The supplied authentication is not authorized to access '${resource}'.`;

  beforeAll(async () => {
    [me, provider] = await Promise.all([createTestNamespace('pkg'), createTestNamespace('pkgprov')]);
    ow = client(me);
    pow = client(provider);
    // The provider publishes `lib` (an action and a feed) and keeps `secret` private.
    await pow.packages.create({ name: 'lib', package: { publish: true, parameters: [{ key: 'host', value: 'lib' }, { key: 'port', value: 1 }] } });
    await pow.actions.create({ name: 'lib/echo', action: CODE, params: { own: true } });
    await pause(5);
    await pow.actions.create({ name: 'lib/changes', action: CODE, annotations: { feed: true } });
    await pow.packages.create({ name: 'secret', package: { parameters: [{ key: 'token', value: 's3cr3t' }] } });
    await pow.actions.create({ name: 'secret/hush', action: CODE });
  });

  describe('packages', () => {
    it('creates a package with OpenWhisk defaults and reads it back with its (empty) content', async () => {
      const created = await ow.packages.create({ name: 'utils', package: { parameters: [{ key: 'a', value: 1 }] } });
      expect(created).toEqual({
        namespace: me.namespace,
        name: 'utils',
        version: '0.0.1',
        publish: false,
        binding: {},
        parameters: [{ key: 'a', value: 1 }],
        annotations: [],
        updated: expect.any(Number),
      });
      expect(await ow.packages.get({ name: 'utils' })).toEqual({ ...created, actions: [], feeds: [] });
    });

    it('lists actions and feeds (actions annotated feed) on GET, newest first', async () => {
      const p = await pow.packages.get({ name: 'lib' });
      expect(p.actions).toEqual([{ name: 'echo', version: '0.0.1', annotations: [{ key: 'provide-api-key', value: false }, { key: 'exec', value: 'nodejs:20' }] }]);
      expect(names(p.feeds)).toEqual(['changes']);
      expect(p.feeds[0].annotations).toContainEqual({ key: 'feed', value: true });
    });

    it('refuses a duplicate without overwrite and the reserved name default', async () => {
      await ow.packages.create({ name: 'once' });
      expect((await rejection(ow.packages.create({ name: 'once' }))).statusCode).toBe(409);
      expectError(await put('once', {}), 409, 'resource already exists');
      expectError(await put('default', {}), 400, "Package name 'default' is reserved.");
      expectError(await put('bad%20name%20', {}), 400, 'The name of the entity contains illegal characters.');
    });

    it('updates with overwrite: version bump, absent fields kept, annotations replaced', async () => {
      await put('evolving', { publish: true, parameters: [{ key: 'k', value: 1 }], annotations: [{ key: 'a', value: 1 }] });
      const v2 = await ow.packages.update({ name: 'evolving', package: { annotations: [{ key: 'b', value: 2 }] } });
      expect(v2).toMatchObject({ version: '0.0.2', publish: true, parameters: [{ key: 'k', value: 1 }], annotations: [{ key: 'b', value: 2 }] });
      const v3 = await put('evolving', { publish: false }, '?overwrite=true');
      expect(v3.body).toMatchObject({ version: '0.0.3', publish: false, annotations: [{ key: 'b', value: 2 }] });
    });

    it('rejects parameters above 1 MB with 413', async () => {
      expectError(await put('huge', { parameters: [{ key: 'x', value: 'y'.repeat(1_048_576) }] }), 413, /^parameters larger than allowed: \d+ > 1048576 bytes\.$/);
    });

    it('refuses to delete a package that holds actions unless forced, then deletes them too', async () => {
      await ow.packages.create({ name: 'full' });
      await ow.actions.create({ name: 'full/a', action: CODE });
      await ow.actions.create({ name: 'full/b', action: CODE });
      expectError(await http('DELETE', path('full'), { key: me.key }), 409, 'Package not empty (contains 2 entities). Set force param or delete package contents.');
      await ow.actions.delete({ name: 'full/b' });
      expectError(await http('DELETE', path('full'), { key: me.key }), 409, 'Package not empty (contains 1 entity). Set force param or delete package contents.');
      const deleted = await http('DELETE', `${path('full')}?force=true`, { key: me.key });
      expect(deleted.status).toBe(200);
      expect(deleted.body).toMatchObject({ namespace: me.namespace, name: 'full', binding: {} });
      expect((await http('GET', '/api/v1/namespaces/_/actions/full/a', { key: me.key })).status).toBe(404);
      expectError(await http('GET', path('full'), { key: me.key }), 404, 'The requested resource does not exist.');
    });

    it('deletes an empty package and returns it', async () => {
      const created = await ow.packages.create({ name: 'empty' });
      expect(await ow.packages.delete({ name: 'empty' })).toEqual(created);
      expectError(await http('DELETE', path('empty'), { key: me.key }), 404, 'The requested resource does not exist.');
    });
  });

  describe('lists', () => {
    it('lists own packages and bindings newest first with binding false or its target', async () => {
      const lister = await createTestNamespace('pkglist');
      await client(lister).packages.create({ name: 'p1' });
      await pause(5);
      await client(lister).packages.create({ name: 'b1', package: { binding: { namespace: provider.namespace, name: 'lib' } } });
      const list = await client(lister).packages.list();
      expect(list).toEqual([
        {
          namespace: lister.namespace,
          name: 'b1',
          version: '0.0.1',
          publish: false,
          binding: { namespace: provider.namespace, name: 'lib' },
          annotations: [{ key: 'binding', value: { namespace: provider.namespace, name: 'lib' } }],
          updated: expect.any(Number),
        },
        { namespace: lister.namespace, name: 'p1', version: '0.0.1', publish: false, binding: false, annotations: [], updated: expect.any(Number) },
      ]);
      expect(await client(lister).packages.list({ count: true })).toEqual({ packages: 2 });
      expect(names(await client(lister).packages.list({ skip: 1, limit: 1 }))).toEqual(['p1']);
      expectError(await http('GET', '/api/v1/namespaces/_/packages?limit=201', { key: lister.key }), 400, "The value '201' is not in the range of 0 to 200 for packages.");
    });

    it('shows another namespace only its published packages', async () => {
      const theirs = await ow.packages.list({ namespace: provider.namespace });
      expect(names(theirs)).toEqual(['lib']);
      expect((await http('GET', `/api/v1/namespaces/${provider.namespace}/packages?count=true`, { key: me.key })).body).toEqual({ packages: 1 });
      expect(names(await pow.packages.list()).sort()).toEqual(['lib', 'secret']);
    });
  });

  describe('bindings', () => {
    it('binds to a published package of another namespace and shows its content with binding params winning', async () => {
      const b = await ow.packages.create({ name: 'mylib', package: { binding: { namespace: provider.namespace, name: 'lib' }, parameters: [{ key: 'port', value: 2 }] } });
      expect(b.binding).toEqual({ namespace: provider.namespace, name: 'lib' });
      expect(b.annotations).toEqual([{ key: 'binding', value: { namespace: provider.namespace, name: 'lib' } }]);
      const got = await ow.packages.get({ name: 'mylib' });
      expect(got).toMatchObject({ namespace: me.namespace, name: 'mylib', binding: { namespace: provider.namespace, name: 'lib' } });
      expect(got.parameters).toEqual([
        { key: 'host', value: 'lib' },
        { key: 'port', value: 2 },
      ]);
      expect(names(got.actions)).toEqual(['echo']);
      expect(names(got.feeds)).toEqual(['changes']);
    });

    it('reads and lists the bound package\'s actions through the binding', async () => {
      await ow.packages.create({ name: 'viabinding', package: { binding: { namespace: provider.namespace, name: 'lib' }, parameters: [{ key: 'host', value: 'mine' }] } });
      const echo = await ow.actions.get({ name: 'viabinding/echo' });
      expect(echo.namespace).toBe(`${provider.namespace}/lib`);
      expect(echo.parameters).toEqual([
        { key: 'host', value: 'mine' },
        { key: 'port', value: 1 },
        { key: 'own', value: true },
      ]);
      const list = await http('GET', '/api/v1/namespaces/_/actions/viabinding/', { key: me.key });
      expect(list.body.map((a: { namespace: string; name: string }) => `${a.namespace}/${a.name}`).sort()).toEqual(
        [`${provider.namespace}/lib/changes`, `${provider.namespace}/lib/echo`].sort(),
      );
    });

    it('accepts _ as the binding namespace', async () => {
      await ow.packages.create({ name: 'local' });
      const b = await put('localbind', { binding: { namespace: '_', name: 'local' } });
      expect(b.body.binding).toEqual({ namespace: me.namespace, name: 'local' });
    });

    it('rejects missing targets, bindings to bindings, and unpublished foreign packages', async () => {
      expectError(await put('b-missing', { binding: { namespace: '_', name: 'nothing' } }), 400, 'Binding references a package that does not exist.');
      await ow.packages.create({ name: 'localpkg' });
      await put('b-first', { binding: { namespace: '_', name: 'localpkg' } });
      expectError(await put('b-second', { binding: { namespace: '_', name: 'b-first' } }), 400, 'Cannot bind to another package binding.');
      expectError(await put('b-secret', { binding: { namespace: provider.namespace, name: 'secret' } }), 403, forbidden(`${provider.namespace}/packages/secret`));
      expectError(await put('b-nowhere', { binding: { namespace: provider.namespace, name: 'nowhere' } }), 403, forbidden(`${provider.namespace}/packages/nowhere`));
      expect((await http('GET', path('b-secret'), { key: me.key })).status).toBe(404);
    });

    it('refuses to turn a package into a binding or a binding into a package (409)', async () => {
      await ow.packages.create({ name: 'plain' });
      expectError(await put('plain', { binding: { namespace: provider.namespace, name: 'lib' } }, '?overwrite=true'), 409, 'Resource is a package and cannot be converted into a binding.');
      await put('bound', { binding: { namespace: provider.namespace, name: 'lib' } });
      expectError(await put('bound', { binding: {} }, '?overwrite=true'), 409, 'Resource is a binding and cannot be converted into a package.');
      const kept = await put('bound', { parameters: [{ key: 'x', value: 1 }] }, '?overwrite=true');
      expect(kept.body).toMatchObject({ version: '0.0.2', binding: { namespace: provider.namespace, name: 'lib' }, parameters: [{ key: 'x', value: 1 }] });
    });

    it('stops reads through a binding once the target is unpublished', async () => {
      await pow.packages.create({ name: 'fickle', package: { publish: true } });
      await pow.actions.create({ name: 'fickle/a', action: CODE });
      await ow.packages.create({ name: 'tofickle', package: { binding: { namespace: provider.namespace, name: 'fickle' } } });
      expect((await ow.actions.get({ name: 'tofickle/a' })).name).toBe('a');
      await pow.packages.update({ name: 'fickle', package: { publish: false } });
      expectError(await http('GET', path('tofickle'), { key: me.key }), 403, /^The supplied authentication is not authorized/);
      expectError(await http('GET', '/api/v1/namespaces/_/actions/tofickle/a', { key: me.key }), 403, /^The supplied authentication is not authorized/);
    });

    it('deletes a binding without touching its target', async () => {
      await ow.packages.create({ name: 'shortlived', package: { binding: { namespace: provider.namespace, name: 'lib' } } });
      const deleted = await ow.packages.delete({ name: 'shortlived' });
      expect(deleted.binding).toEqual({ namespace: provider.namespace, name: 'lib' });
      expect(names((await pow.packages.get({ name: 'lib' })).actions)).toEqual(['echo']);
    });
  });

  describe('entitlement', () => {
    it('lets other namespaces read a published package but not a private or missing one', async () => {
      const lib = await ow.packages.get({ name: `/${provider.namespace}/lib` });
      expect(lib.parameters).toEqual([
        { key: 'host', value: 'lib' },
        { key: 'port', value: 1 },
      ]);
      expectError(await http('GET', path('secret', provider.namespace), { key: me.key }), 403, forbidden(`${provider.namespace}/packages/secret`));
      expectError(await http('GET', path('nothere', provider.namespace), { key: me.key }), 403, forbidden(`${provider.namespace}/packages/nothere`));
    });

    it('does not show another namespace\'s bindings, even published ones', async () => {
      await put('pubbinding', { publish: true, binding: { namespace: provider.namespace, name: 'lib' } });
      expectError(await http('GET', path('pubbinding', me.namespace), { key: provider.key }), 403, forbidden(`${me.namespace}/packages/pubbinding`));
      expect(names(await pow.packages.list({ namespace: me.namespace }))).not.toContain('pubbinding');
    });

    it('forbids writes in another namespace', async () => {
      expectError(await http('PUT', `${path('lib', provider.namespace)}?overwrite=true`, { key: me.key, body: { publish: false } }), 403, forbidden(`${provider.namespace}/packages/lib`));
      expectError(await http('DELETE', `${path('lib', provider.namespace)}?force=true`, { key: me.key }), 403, forbidden(`${provider.namespace}/packages/lib`));
      expect((await pow.packages.get({ name: 'lib' })).publish).toBe(true);
    });

    it('needs credentials (401)', async () => {
      const r = await http('GET', '/api/v1/namespaces/_/packages');
      expectError(r, 401, 'The resource requires authentication, which was not supplied with the request');
      expect(r.headers.get('www-authenticate')).toBe('Basic realm="OpenWhisk secure realm"');
    });
  });

  describe('concurrency', () => {
    it('lets exactly one of two concurrent creates win', async () => {
      const rs = await Promise.all([put('race', {}), put('race', { publish: true })]);
      expect(rs.map((r) => r.status).sort()).toEqual([200, 409]);
      expectError(rs.find((r) => r.status === 409)!, 409, 'resource already exists');
    });

    it('never loses an update: accepted overwrites bump the version once each, others get 409', async () => {
      await put('counted', {});
      const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => put('counted', { parameters: [{ key: 'i', value: i }] }, '?overwrite=true')));
      const ok = rs.filter((r) => r.status === 200);
      for (const r of rs.filter((x) => x.status !== 200)) expectError(r, 409, 'Concurrent modification to resource detected.');
      expect((await ow.packages.get({ name: 'counted' })).version).toBe(`0.0.${1 + ok.length}`);
    });
  });
});
