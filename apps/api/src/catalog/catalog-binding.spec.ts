import { parseCatalogArgs } from './catalog-binding';

describe('parseCatalogArgs', () => {
  it('reads positionals, --options and -p pairs (JSON values parsed)', () => {
    expect(parseCatalogArgs(['utils', '--as', 'myutils', '-p', 'n', '3', '-p', 'who', 'me', '--namespace', 'ns1', '-p', 'o', '{"a":1}'])).toEqual({
      positional: ['utils'],
      options: { as: 'myutils', namespace: 'ns1' },
      params: { n: 3, who: 'me', o: { a: 1 } },
    });
  });

  it('refuses a -p without a value', () => {
    expect(() => parseCatalogArgs(['utils', '-p', 'k'])).toThrow(/-p needs a key and a value/);
  });
});
