import { ForbiddenError, NotFoundError, PackageEntity } from '@wisp/core';
import type { Identity } from '../auth/identity';
import { PackageResolver } from './package.resolver';
import type { PackageStore } from './package.store';

const me: Identity = { uuid: 'u', subject: 'me', namespace: 'me', apiKey: 'k' };

function pkg(namespace: string, name: string, over: Partial<PackageEntity> = {}): PackageEntity {
  return Object.assign(new PackageEntity(), { id: `${namespace}/${name}`, namespace, name, publish: false, binding: null, parameters: [], annotations: [], ...over });
}

/** A fake store over a list of packages, resolving targets as the SQL join does. */
function resolverOver(...rows: PackageEntity[]) {
  const find = (ns: string, n: string) => rows.find((r) => r.namespace === ns && r.name === n) ?? null;
  const store = {
    findWithTarget: async (ns: string, n: string) => {
      const p = find(ns, n);
      return p ? { pkg: p, target: p.binding ? find(p.binding.namespace, p.binding.name) : null } : null;
    },
  } as unknown as PackageStore;
  return new PackageResolver(store);
}

describe('PackageResolver.resolveForRead', () => {
  it('lets the owner read a private package and gives others 403', async () => {
    const r = resolverOver(pkg('me', 'p'), pkg('other', 'priv'));
    await expect(r.resolveForRead(me, 'me', 'p')).resolves.toMatchObject({ pkg: { name: 'p' } });
    await expect(r.resolveForRead(me, 'other', 'priv')).rejects.toThrow("The supplied authentication is not authorized to access 'other/packages/priv'.");
  });

  it('is 404 for a missing own package but 403 for a missing foreign one', async () => {
    const r = resolverOver();
    await expect(r.resolveForRead(me, 'me', 'nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(r.resolveForRead(me, 'other', 'nope')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('lets anyone read a published package', async () => {
    const r = resolverOver(pkg('other', 'pub', { publish: true }));
    await expect(r.resolveForRead(me, 'other', 'pub')).resolves.toMatchObject({ pkg: { namespace: 'other', name: 'pub' } });
  });

  it('follows an own binding to a published package', async () => {
    const r = resolverOver(pkg('other', 'pub', { publish: true }), pkg('me', 'b', { binding: { namespace: 'other', name: 'pub' } }));
    const found = await r.resolveForRead(me, 'me', 'b');
    expect(found.pkg.name).toBe('pub');
    expect(found.binding?.name).toBe('b');
    expect(found.addressed.name).toBe('b');
  });

  it('refuses a binding whose target became private, and foreign bindings even when published', async () => {
    const r = resolverOver(
      pkg('other', 'priv'),
      pkg('me', 'b', { binding: { namespace: 'other', name: 'priv' } }),
      pkg('other', 'pubbinding', { publish: true, binding: { namespace: 'other', name: 'priv' } }),
    );
    await expect(r.resolveForRead(me, 'me', 'b')).rejects.toBeInstanceOf(ForbiddenError);
    await expect(r.resolveForRead(me, 'other', 'pubbinding')).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('is 404 for an own binding whose own target is gone', async () => {
    const r = resolverOver(pkg('me', 'b', { binding: { namespace: 'me', name: 'gone' } }));
    await expect(r.resolveForRead(me, 'me', 'b')).rejects.toBeInstanceOf(NotFoundError);
  });
});
