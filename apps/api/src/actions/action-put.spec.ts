import { ActionEntity, BadRequestError, DEFAULT_ACTION_LIMITS, PayloadTooLargeError } from '@wisp/core';
import { newActionFields, parseActionPut, updatedActionFields } from './action-put';

const NOW = 1_700_000_000_000;

function stored(over: Partial<ActionEntity> = {}): ActionEntity {
  return Object.assign(new ActionEntity(), {
    id: 'id',
    namespace: 'me',
    package: '',
    name: 'a',
    version: '0.0.3',
    publish: false,
    exec: { kind: 'nodejs:20', code: 'old', binary: false },
    parameters: [{ key: 'p', value: 1 }],
    limits: { ...DEFAULT_ACTION_LIMITS, memory: 128 },
    annotations: [
      { key: 'provide-api-key', value: false },
      { key: 'keep', value: 1 },
      { key: 'drop', value: 2 },
      { key: 'exec', value: 'nodejs:20' },
    ],
    updated: 1,
    revision: 4,
    ...over,
  });
}

describe('parseActionPut', () => {
  it('validates limits up front with OpenWhisk texts', () => {
    expect(() => parseActionPut({ limits: { memory: 1024 } }, 'me')).toThrow('memory 1024 MB exceeds allowed threshold of 512 MB');
    expect(() => parseActionPut({ limits: { timeout: 50 } }, 'me')).toThrow('timeout 50 milliseconds below allowed threshold of 100 milliseconds');
  });

  it('rejects parameters above 1 MB with a 413', () => {
    expect(() => parseActionPut({ parameters: [{ key: 'big', value: 'x'.repeat(1_048_577) }] }, 'me')).toThrow(PayloadTooLargeError);
  });

  it('rejects a malformed delAnnotations', () => {
    expect(() => parseActionPut({ delAnnotations: 'web-export' }, 'me')).toThrow(BadRequestError);
  });
});

describe('newActionFields', () => {
  it('fills defaults, adds provide-api-key:false and the exec annotation', () => {
    const f = newActionFields(parseActionPut({ exec: { kind: 'nodejs:default', code: 'x' } }, 'me'), NOW);
    expect(f).toEqual({
      exec: { kind: 'nodejs:20', code: 'x', binary: false },
      parameters: [],
      limits: DEFAULT_ACTION_LIMITS,
      version: '0.0.1',
      publish: false,
      annotations: [
        { key: 'provide-api-key', value: false },
        { key: 'exec', value: 'nodejs:20' },
      ],
      updated: NOW,
    });
  });

  it('keeps a given provide-api-key and overrides a given exec annotation', () => {
    const f = newActionFields(
      parseActionPut({ exec: { kind: 'nodejs:20', code: 'x' }, annotations: [{ key: 'provide-api-key', value: true }, { key: 'exec', value: 'lies' }] }, 'me'),
      NOW,
    );
    expect(f.annotations).toEqual([
      { key: 'provide-api-key', value: true },
      { key: 'exec', value: 'nodejs:20' },
    ]);
  });

  it('stores a sequence\'s components as its only parameter', () => {
    const f = newActionFields(parseActionPut({ exec: { kind: 'sequence', components: ['/_/a'] }, parameters: [{ key: 'x', value: 1 }] }, 'me'), NOW);
    expect(f.parameters).toEqual([{ key: '_actions', value: ['/me/a'] }]);
  });

  it('requires exec', () => {
    expect(() => newActionFields(parseActionPut({}, 'me'), NOW)).toThrow(BadRequestError);
  });
});

describe('updatedActionFields', () => {
  it('keeps absent fields, bumps the version and merges limits field by field', () => {
    const f = updatedActionFields(stored(), parseActionPut({ limits: { timeout: 1000 } }, 'me'), NOW);
    expect(f.version).toBe('0.0.4');
    expect(f.exec).toEqual({ kind: 'nodejs:20', code: 'old', binary: false });
    expect(f.parameters).toEqual([{ key: 'p', value: 1 }]);
    expect(f.limits).toEqual({ ...DEFAULT_ACTION_LIMITS, memory: 128, timeout: 1000 });
    expect(f.updated).toBe(NOW);
  });

  it('takes an explicit version', () => {
    expect(updatedActionFields(stored(), parseActionPut({ version: '2.0.0' }, 'me'), NOW).version).toBe('2.0.0');
  });

  it('merges annotations after delAnnotations and rewrites exec to the new kind', () => {
    const f = updatedActionFields(
      stored(),
      parseActionPut({ exec: { kind: 'blackbox', image: 'i/m' }, annotations: [{ key: 'keep', value: 'new' }, { key: 'web-export', value: true }], delAnnotations: ['drop'] }, 'me'),
      NOW,
    );
    expect(f.annotations).toEqual([
      { key: 'provide-api-key', value: false },
      { key: 'keep', value: 'new' },
      { key: 'web-export', value: true },
      { key: 'exec', value: 'blackbox' },
    ]);
  });

  it('does not leak sequence parameters into a code action, nor accept parameters on a sequence', () => {
    const seq = stored({ exec: { kind: 'sequence', components: ['/me/x'] }, parameters: [{ key: '_actions', value: ['/me/x'] }] });
    expect(updatedActionFields(seq, parseActionPut({ parameters: [{ key: 'q', value: 2 }] }, 'me'), NOW).parameters).toEqual([{ key: '_actions', value: ['/me/x'] }]);
    expect(updatedActionFields(seq, parseActionPut({ exec: { kind: 'nodejs:20', code: 'y' } }, 'me'), NOW).parameters).toEqual([]);
    expect(updatedActionFields(stored(), parseActionPut({ exec: { kind: 'sequence', components: ['/_/y'] } }, 'me'), NOW).parameters).toEqual([
      { key: '_actions', value: ['/me/y'] },
    ]);
  });
});
