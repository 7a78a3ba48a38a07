import { EntityCache } from './entity-cache';

describe('EntityCache', () => {
  it('loads once per key until cleared', async () => {
    const cache = new EntityCache();
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.get('k', load)).toBe(1);
    expect(await cache.get('k', load)).toBe(1);
    cache.clear();
    expect(await cache.get('k', load)).toBe(2);
  });

  it('does not keep failures', async () => {
    const cache = new EntityCache();
    await expect(cache.get('k', () => Promise.reject(new Error('not found')))).rejects.toThrow('not found');
    await new Promise((r) => setImmediate(r));
    expect(await cache.get('k', async () => 'found')).toBe('found');
  });

  it('never serves a load that started before a clear to later callers', async () => {
    const cache = new EntityCache();
    let release!: (v: string) => void;
    const pending = cache.get('k', () => new Promise<string>((r) => (release = r)));
    cache.clear();
    release('old');
    expect(await pending).toBe('old');
    expect(await cache.get('k', async () => 'new')).toBe('new');
  });
});
