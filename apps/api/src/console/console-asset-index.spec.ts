import { contentTypeOf, IMMUTABLE, indexAssets, lookupAsset, REVALIDATE, type BuiltFile } from './console-asset-index';

const file = (path: string, text: string): BuiltFile => ({ path, file: `/built/${path}`, size: Buffer.byteLength(text), read: () => Buffer.from(text) });

describe('the console asset index', () => {
  const built = [file('index.html', '<!doctype html><div id="app"></div>'), file('favicon.svg', '<svg/>'), file('assets/index-abc.js', 'x'.repeat(100)), file('assets/index-def.css', 'body{}')];

  it('serves built files with their content type; hashed assets are immutable, the rest revalidated', () => {
    const index = indexAssets(built);
    const js = lookupAsset(index, 'assets/index-abc.js');
    expect(js).toMatchObject({ kind: 'asset', asset: { contentType: 'text/javascript; charset=utf-8', cacheControl: IMMUTABLE, size: 100 } });
    expect(lookupAsset(index, 'favicon.svg')).toMatchObject({ asset: { contentType: 'image/svg+xml', cacheControl: REVALIDATE } });
    expect(lookupAsset(index, '')).toMatchObject({ asset: { path: 'index.html', contentType: 'text/html; charset=utf-8', cacheControl: REVALIDATE } });
    expect(contentTypeOf('a.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('a.exe')).toBe('application/octet-stream');
  });

  it('answers app routes with index.html (names with dots too) and missing files with 404', () => {
    const index = indexAssets(built);
    for (const route of ['catalog', 'actions/hello', 'actions/my.action', 'activations/0123abc/', '/triggers']) expect(lookupAsset(index, route)).toMatchObject({ kind: 'asset', asset: { path: 'index.html' } });
    for (const missing of ['assets/nope.js', 'assets/', 'robots.txt', 'favicon.ico']) expect(lookupAsset(index, missing)).toEqual({ kind: 'not-found' });
  });

  it('never resolves a request path on disk: traversal is just an app route or a 404', () => {
    const index = indexAssets(built);
    expect(lookupAsset(index, '../../package.json')).toMatchObject({ asset: { path: 'index.html' } });
    expect(lookupAsset(index, 'assets/../../../etc/passwd')).toEqual({ kind: 'not-found' });
    expect(lookupAsset(index, '..%2Fpackage.json')).toEqual({ kind: 'not-found' });
  });

  it('holds files in memory up to its bound, smallest first, and serves the rest from disk', () => {
    const index = indexAssets(built, { maxBytes: 60, maxFileBytes: 50 });
    expect(index.get('assets/index-abc.js')!.body).toBeUndefined();
    expect(index.get('assets/index-abc.js')!.file).toBe('/built/assets/index-abc.js');
    expect(index.get('index.html')!.body!.toString()).toContain('id="app"');
    const held = [...index.values()].filter((a) => a.body).reduce((n, a) => n + a.size, 0);
    expect(held).toBeLessThanOrEqual(60);
  });

  it('gives each file a strong ETag of its content', () => {
    const a = indexAssets([file('index.html', 'one')]).get('index.html')!.etag;
    const b = indexAssets([file('index.html', 'two')]).get('index.html')!.etag;
    expect(a).toMatch(/^"[\w-]{27}"$/);
    expect(a).not.toBe(b);
  });

  it('answers 404 for everything when nothing was built', () => {
    expect(lookupAsset(indexAssets([]), 'catalog')).toEqual({ kind: 'not-found' });
  });
});
