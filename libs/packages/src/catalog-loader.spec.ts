import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from './catalog-loader';
import { catalogView, describePackage } from './catalog-view';

describe('the catalog on disk', () => {
  it('loads every shipped package without errors', () => {
    const { packages, errors } = loadCatalog();
    expect(errors).toEqual([]);
    const names = packages.map((p) => p.manifest.name);
    expect(names).toEqual(expect.arrayContaining(['alarms', 'combinators', 'samples', 'utils']));
    const utils = packages.find((p) => p.manifest.name === 'utils')!;
    expect(Object.keys(utils.code).sort()).toEqual(['cat', 'date', 'echo', 'head', 'sort', 'split']);
  });

  it('runs the utils actions as OpenWhisk does', () => {
    const utils = loadCatalog().packages.find((p) => p.manifest.name === 'utils')!;
    const run = (name: string, params: Record<string, unknown>) => new Function('params', `${utils.code[name]}\nreturn main(params);`)(params);
    expect(run('sort', { lines: ['b', 'c', 'a'] })).toEqual({ lines: ['a', 'b', 'c'], length: 3 });
    expect(run('cat', { lines: ['a', 'b'] })).toEqual({ lines: ['a', 'b'], payload: 'a\nb' });
    expect(run('head', { lines: ['a', 'b', 'c'], num: 2 })).toEqual({ lines: ['a', 'b'], num: 2 });
    expect(run('head', { lines: ['a', 'b'] })).toEqual({ lines: ['a'], num: 1 });
    expect(run('split', { payload: 'a,b', separator: ',' })).toEqual({ lines: ['a', 'b'], payload: 'a,b' });
    expect(run('echo', { x: 1 })).toEqual({ x: 1 });
  });

  it('reports a broken package by folder and field, keeping the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-'));
    mkdirSync(join(dir, 'good'));
    writeFileSync(join(dir, 'good', 'manifest.json'), JSON.stringify({ name: 'good', version: '1.0.0', description: 'ok', feeds: [{ name: 'f', provider: 'alarm', description: 'd' }] }));
    mkdirSync(join(dir, 'bad'));
    writeFileSync(join(dir, 'bad', 'manifest.json'), JSON.stringify({ name: 'bad', version: 'one', description: 'x', actions: [{ name: 'a', description: 'd', source: 'missing.js' }] }));
    const { packages, errors } = loadCatalog(dir);
    expect(packages.map((p) => p.manifest.name)).toEqual(['good']);
    expect(errors).toEqual([expect.stringMatching(/catalog package bad: version: must be a SemVer/)]);
    expect(describePackage(catalogView(packages)[0])).toMatch(/feed \/whisk\.system\/good\/f \(alarm\)/);
  });
});
