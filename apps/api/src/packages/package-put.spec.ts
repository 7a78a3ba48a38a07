import { ConflictError, PackageEntity } from '@wisp/core';
import { newPackageFields, parsePackagePut, updatedPackageFields } from './package-put';

const NOW = 1_700_000_000_000;

function stored(over: Partial<PackageEntity> = {}): PackageEntity {
  return Object.assign(new PackageEntity(), {
    id: 'id',
    namespace: 'me',
    name: 'p',
    version: '0.0.1',
    publish: true,
    binding: null,
    parameters: [{ key: 'a', value: 1 }],
    annotations: [{ key: 'old', value: 1 }],
    updated: 1,
    revision: 1,
    ...over,
  });
}

describe('parsePackagePut', () => {
  it('resolves _ in a binding and treats an empty binding as "no binding"', () => {
    expect(parsePackagePut({ binding: { namespace: '_', name: 'utils' } }, 'me').binding).toEqual({ namespace: 'me', name: 'utils' });
    expect(parsePackagePut({ binding: {} }, 'me').binding).toBeNull();
    expect(parsePackagePut({}, 'me')).not.toHaveProperty('binding');
  });

  it('rejects malformed bindings and bad names', () => {
    expect(() => parsePackagePut({ binding: 'x' }, 'me')).toThrow('The request content was malformed');
    expect(() => parsePackagePut({ binding: { namespace: 'ns' } }, 'me')).toThrow('The request content was malformed');
    expect(() => parsePackagePut({ binding: { namespace: 'ns', name: 'bad/name' } }, 'me')).toThrow('The name of the entity contains illegal characters.');
    expect(() => parsePackagePut({ binding: { namespace: '$ns', name: 'p' } }, 'me')).toThrow('The namespace contains illegal characters.');
  });
});

describe('newPackageFields', () => {
  it('adds the binding annotation on bindings and drops a forged one on packages', () => {
    const b = newPackageFields('me', 'b', parsePackagePut({ binding: { namespace: 'sys', name: 'utils' }, annotations: [{ key: 'binding', value: 'forged' }] }, 'me'), NOW);
    expect(b.binding).toEqual({ namespace: 'sys', name: 'utils' });
    expect(b.annotations).toEqual([{ key: 'binding', value: { namespace: 'sys', name: 'utils' } }]);
    const p = newPackageFields('me', 'p', parsePackagePut({ annotations: [{ key: 'binding', value: 'forged' }, { key: 'k', value: 1 }] }, 'me'), NOW);
    expect(p.binding).toBeNull();
    expect(p.annotations).toEqual([{ key: 'k', value: 1 }]);
    expect(p.version).toBe('0.0.1');
    expect(p.publish).toBe(false);
  });
});

describe('updatedPackageFields', () => {
  it('keeps absent fields, replaces annotations and bumps the version', () => {
    const f = updatedPackageFields(stored(), parsePackagePut({ annotations: [{ key: 'new', value: 2 }] }, 'me'), NOW);
    expect(f).toEqual({ binding: null, parameters: [{ key: 'a', value: 1 }], version: '0.0.2', publish: true, annotations: [{ key: 'new', value: 2 }], updated: NOW });
  });

  it('re-points a binding and keeps its annotation in step', () => {
    const binding = stored({ binding: { namespace: 'sys', name: 'old' }, annotations: [{ key: 'binding', value: { namespace: 'sys', name: 'old' } }] });
    const f = updatedPackageFields(binding, parsePackagePut({ binding: { namespace: 'sys', name: 'new' } }, 'me'), NOW);
    expect(f.binding).toEqual({ namespace: 'sys', name: 'new' });
    expect(f.annotations).toEqual([{ key: 'binding', value: { namespace: 'sys', name: 'new' } }]);
    expect(updatedPackageFields(binding, parsePackagePut({ publish: false }, 'me'), NOW).binding).toEqual({ namespace: 'sys', name: 'old' });
  });

  it('refuses package ↔ binding conversion with a 409', () => {
    expect(() => updatedPackageFields(stored(), parsePackagePut({ binding: { namespace: 'sys', name: 'x' } }, 'me'), NOW)).toThrow(ConflictError);
    expect(() => updatedPackageFields(stored(), parsePackagePut({ binding: { namespace: 'sys', name: 'x' } }, 'me'), NOW)).toThrow(
      'Resource is a package and cannot be converted into a binding.',
    );
    expect(() => updatedPackageFields(stored({ binding: { namespace: 'sys', name: 'x' } }), parsePackagePut({ binding: {} }, 'me'), NOW)).toThrow(ConflictError);
  });
});
