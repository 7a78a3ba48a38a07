import { BadRequestError } from '../errors';
import { assertEntityName, assertPackageName, isEntityName } from './entity-name';
import { parseQualifiedName, pathOf, qualifiedNameOf } from './entity-path';

describe('entity names', () => {
  it.each(['a', 'hello', 'a b', 'x@y.z', 'a&b-c', '_x', 'A1'])('accepts %p', (n) => expect(isEntityName(n)).toBe(true));
  it.each(['', ' a', 'a ', '-a', 'a/b', 'a$b', '.hidden'])('rejects %p', (n) => expect(isEntityName(n)).toBe(false));

  it('reports an over-long name with OpenWhisk text', () => {
    expect(() => assertEntityName('a'.repeat(257))).toThrow('Name segement longer than allowed: 257 > 256.');
    expect(assertEntityName('a'.repeat(256))).toHaveLength(256);
  });

  it('reserves the package name default', () => {
    expect(() => assertPackageName('default')).toThrow("Package name 'default' is reserved.");
  });
});

describe('parseQualifiedName', () => {
  it('parses /ns/name and /ns/pkg/name and resolves _', () => {
    expect(parseQualifiedName('/guest/t1', 'me', 'bad')).toEqual({ namespace: 'guest', name: 't1' });
    expect(parseQualifiedName('/_/pkg/a', 'me', 'bad')).toEqual({ namespace: 'me', package: 'pkg', name: 'a' });
    expect(parseQualifiedName('ns/pkg/a', 'me', 'bad')).toEqual({ namespace: 'ns', package: 'pkg', name: 'a' });
  });

  it('accepts relative names only when allowed', () => {
    expect(() => parseQualifiedName('a', 'me', 'bad')).toThrow(BadRequestError);
    expect(parseQualifiedName('a', 'me', 'bad', true)).toEqual({ namespace: 'me', name: 'a' });
    expect(parseQualifiedName('p/a', 'me', 'bad', true)).toEqual({ namespace: 'me', package: 'p', name: 'a' });
  });

  it('rejects malformed paths with the given message', () => {
    for (const v of ['', '/a/b/c/d', '/a', '/a/b c ', 42, undefined]) expect(() => parseQualifiedName(v, 'me', 'nope')).toThrow('nope');
  });

  it('renders paths both ways', () => {
    expect(pathOf({ namespace: 'n', package: 'p', name: 'a' })).toBe('n/p/a');
    expect(qualifiedNameOf({ namespace: 'n', name: 'a' })).toBe('/n/a');
  });
});
