import { RUNTIME_MANIFEST, RuntimeManifest } from './runtime-manifest';

const entry = (kind: string, isDefault: boolean) => ({ kind, default: isDefault, image: `img/${kind}`, folder: 'f', requireMain: false, stemCells: [] });
const relay = { image: 'r', cmd: ['x'], execDir: '/action' };

describe('RuntimeManifest', () => {
  it('lists the shipped kinds, code runtimes first', () => {
    expect(RUNTIME_MANIFEST.kinds()).toEqual(['nodejs:20', 'python:3', 'blackbox', 'sequence']);
  });

  it('resolves <family>:default and lower-cases kinds; unknown ones are undefined', () => {
    expect(RUNTIME_MANIFEST.resolveKind('python:default')).toBe('python:3');
    expect(RUNTIME_MANIFEST.resolveKind('NODEJS:20')).toBe('nodejs:20');
    expect(RUNTIME_MANIFEST.resolveKind('python:2')).toBeUndefined();
    expect(RUNTIME_MANIFEST.resolveKind('default')).toBeUndefined();
  });

  it('refuses a family without exactly one default and entries that break the schema', () => {
    expect(() => new RuntimeManifest({ description: '', runtimes: { x: [entry('x:1', false)] }, blackboxes: [], relay })).toThrow('exactly one default');
    expect(() => new RuntimeManifest({ description: '', runtimes: { x: [entry('x:1', true), entry('x:2', true)] }, blackboxes: [], relay })).toThrow('exactly one default');
    expect(() => new RuntimeManifest({ description: '', runtimes: { x: [{ ...entry('x:1', true), folder: '../etc' }] }, blackboxes: [], relay })).toThrow();
  });

  it('knows its own images', () => {
    expect(RUNTIME_MANIFEST.isWispImage('wisp/action-python:3.11')).toBe(true);
    expect(RUNTIME_MANIFEST.isWispImage('openwhisk/action-python-v3.11')).toBe(false);
  });
});
