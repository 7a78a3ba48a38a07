import { ForbiddenError, type PackageEntity } from '@wisp/core';
import { readablePackageHome } from './rule-targets';

const pkg = (namespace: string, name: string, fields: Partial<PackageEntity> = {}) => ({ namespace, name, publish: false, binding: null, ...fields }) as PackageEntity;
const ref = (namespace: string, p: string) => ({ namespace, package: p, name: 'act' });

describe('readablePackageHome (which packaged actions a rule may link)', () => {
  it('own plain package, published package of another namespace: its own rows', () => {
    expect(readablePackageHome(ref('b', 'mine'), 'b', pkg('b', 'mine'), null)).toEqual({ namespace: 'b', package: 'mine' });
    expect(readablePackageHome(ref('a', 'pub'), 'b', pkg('a', 'pub', { publish: true }), null)).toEqual({ namespace: 'a', package: 'pub' });
  });

  it('private or missing package of another namespace: 403, so nothing is learnt about what exists', () => {
    expect(() => readablePackageHome(ref('a', 'priv'), 'b', pkg('a', 'priv'), null)).toThrow(ForbiddenError);
    expect(() => readablePackageHome(ref('a', 'none'), 'b', null, null)).toThrow(ForbiddenError);
    expect(readablePackageHome(ref('b', 'none'), 'b', null, null)).toBeUndefined();
  });

  it("another namespace's binding is never followed, even published", () => {
    const binding = pkg('a', 'pubbind', { publish: true, binding: { namespace: 'a', name: 'priv' } });
    expect(() => readablePackageHome(ref('a', 'pubbind'), 'b', binding, pkg('a', 'priv'))).toThrow(ForbiddenError);
    expect(() => readablePackageHome(ref('a', 'pubbind'), 'b', binding, pkg('a', 'priv', { publish: true }))).toThrow(ForbiddenError);
  });

  it("own binding: followed only to a package the caller may read", () => {
    const binding = pkg('b', 'bind', { binding: { namespace: 'a', name: 'p' } });
    expect(readablePackageHome(ref('b', 'bind'), 'b', binding, pkg('a', 'p', { publish: true }))).toEqual({ namespace: 'a', package: 'p' });
    expect(() => readablePackageHome(ref('b', 'bind'), 'b', binding, pkg('a', 'p'))).toThrow(ForbiddenError);
    expect(readablePackageHome(ref('b', 'bind'), 'b', binding, null)).toBeUndefined();
  });
});
