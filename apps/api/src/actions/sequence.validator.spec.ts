import { ActionEntity, type ActionExec, BadRequestError, ForbiddenError, PackageEntity } from '@wisp/core';
import type { Identity } from '../auth/identity';
import { PackageResolver } from '../packages/package.resolver';
import type { PackageStore } from '../packages/package.store';
import { ActionResolver } from './action.resolver';
import type { ActionStore } from './action.store';
import { SequenceValidator } from './sequence.validator';
import type { EntityCache } from '../cache/entity-cache';

/** The fakes change between calls, so resolutions are not cached here. */
const uncached = { get: (_key: string, load: () => Promise<unknown>) => load() } as EntityCache;

const me: Identity = { uuid: 'u', subject: 'me', namespace: 'me', apiKey: 'k' };
const code: ActionExec = { kind: 'nodejs:20', code: 'x', binary: false };

interface World {
  actions: ActionEntity[];
  packages: PackageEntity[];
}

function validatorOver(w: World) {
  const findPkg = (ns: string, n: string) => w.packages.find((p) => p.namespace === ns && p.name === n) ?? null;
  const packages = {
    findWithTarget: async (ns: string, n: string) => {
      const p = findPkg(ns, n);
      return p ? { pkg: p, target: p.binding ? findPkg(p.binding.namespace, p.binding.name) : null } : null;
    },
  } as unknown as PackageStore;
  const actions = {
    find: async (ns: string, pkg: string, name: string) => w.actions.find((a) => a.namespace === ns && a.package === pkg && a.name === name) ?? null,
  } as unknown as ActionStore;
  return new SequenceValidator(new ActionResolver(new PackageResolver(packages), actions, uncached), actions, packages);
}

const action = (namespace: string, pkg: string, name: string, exec: ActionExec = code) => Object.assign(new ActionEntity(), { namespace, package: pkg, name, exec });
const pkg = (namespace: string, name: string, over: Partial<PackageEntity> = {}) =>
  Object.assign(new PackageEntity(), { namespace, name, publish: false, binding: null, parameters: [], ...over });
const self = { namespace: 'me', name: 'seq' };

describe('SequenceValidator', () => {
  it('accepts existing components, also through a binding to a published package', async () => {
    const v = validatorOver({
      actions: [action('me', '', 'a'), action('other', 'pub', 'b')],
      packages: [pkg('other', 'pub', { publish: true }), pkg('me', 'bind', { binding: { namespace: 'other', name: 'pub' } })],
    });
    await expect(v.validate(me, self, ['/me/a', '/other/pub/b', '/me/bind/b'])).resolves.toBeUndefined();
  });

  it('rejects empty and over-long sequences', async () => {
    const v = validatorOver({ actions: [action('me', '', 'a')], packages: [] });
    await expect(v.validate(me, self, [])).rejects.toThrow('No component specified for the sequence.');
    await expect(v.validate(me, self, Array(51).fill('/me/a'))).rejects.toThrow('Too many actions in the sequence.');
  });

  it('counts atomic actions after inlining nested sequences', async () => {
    const inner = action('me', '', 'inner', { kind: 'sequence', components: Array(30).fill('/me/a') });
    const v = validatorOver({ actions: [action('me', '', 'a'), inner], packages: [] });
    await expect(v.validate(me, self, ['/me/inner', ...Array(20).fill('/me/a')])).resolves.toBeUndefined();
    await expect(v.validate(me, self, ['/me/inner', ...Array(21).fill('/me/a')])).rejects.toThrow('Too many actions in the sequence.');
  });

  it('rejects a sequence that refers to itself, directly or through a nested one', async () => {
    const inner = action('me', '', 'inner', { kind: 'sequence', components: ['/me/seq'] });
    const v = validatorOver({ actions: [inner, action('me', '', 'seq')], packages: [] });
    await expect(v.validate(me, self, ['/me/seq'])).rejects.toThrow('Sequence may not refer to itself.');
    await expect(v.validate(me, self, ['/me/inner'])).rejects.toThrow('Sequence may not refer to itself.');
  });

  it('rejects missing components (also a missing own package) with a 400', async () => {
    const v = validatorOver({ actions: [], packages: [] });
    await expect(v.validate(me, self, ['/me/nope'])).rejects.toThrow('Sequence component does not exist.');
    await expect(v.validate(me, self, ['/me/nopkg/a'])).rejects.toBeInstanceOf(BadRequestError);
  });

  it('gives 403 for components the caller may not read', async () => {
    const v = validatorOver({ actions: [action('other', '', 'a'), action('other', 'priv', 'b')], packages: [pkg('other', 'priv')] });
    await expect(v.validate(me, self, ['/other/a'])).rejects.toBeInstanceOf(ForbiddenError);
    await expect(v.validate(me, self, ['/other/priv/b'])).rejects.toBeInstanceOf(ForbiddenError);
  });
});
