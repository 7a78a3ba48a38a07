import { PackageEntity } from '@wisp/core';
import { toPackageResponse, toPackageSummary } from './package.mapper';

const pkg = (binding: PackageEntity['binding']) =>
  Object.assign(new PackageEntity(), {
    id: 'id',
    namespace: 'me',
    name: 'p',
    version: '0.0.1',
    publish: false,
    binding,
    parameters: [{ key: 'a', value: 1 }],
    annotations: [],
    updated: 7,
    revision: 1,
  });

describe('toPackageResponse', () => {
  it('shows binding {} for a package and splits contents into actions and feeds', () => {
    const r = toPackageResponse(pkg(null), {
      contents: [
        { name: 'echo', version: '0.0.1', annotations: [] },
        { name: 'alarm', version: '0.0.2', annotations: [{ key: 'feed', value: true }] },
      ],
    });
    expect(r.binding).toEqual({});
    expect(r.actions).toEqual([{ name: 'echo', version: '0.0.1', annotations: [] }]);
    expect(r.feeds).toEqual([{ name: 'alarm', version: '0.0.2', annotations: [{ key: 'feed', value: true }] }]);
    expect(r).not.toHaveProperty('id');
  });

  it('omits actions/feeds without contents and shows the given parameters', () => {
    const r = toPackageResponse(pkg({ namespace: 'sys', name: 'u' }), { parameters: [{ key: 'merged', value: 1 }] });
    expect(r.binding).toEqual({ namespace: 'sys', name: 'u' });
    expect(r.parameters).toEqual([{ key: 'merged', value: 1 }]);
    expect(r).not.toHaveProperty('actions');
  });
});

describe('toPackageSummary', () => {
  it('has binding false or the reference, and no parameters', () => {
    expect(toPackageSummary(pkg(null)).binding).toBe(false);
    expect(toPackageSummary(pkg({ namespace: 'sys', name: 'u' })).binding).toEqual({ namespace: 'sys', name: 'u' });
    expect(toPackageSummary(pkg(null))).not.toHaveProperty('parameters');
  });
});
