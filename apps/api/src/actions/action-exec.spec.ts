import { BadRequestError, PayloadTooLargeError, SystemLimits } from '@wisp/core';
import { isBinaryCode, parseExec } from './action-exec';

describe('isBinaryCode', () => {
  it.each([
    ['UEsDBAo=', true],
    ['abcd', true],
    ['  UEsDBAoAAAAA  ', true],
    ['function main(){}', false],
    ['abc', false],
    ['', false],
    ['    ', false],
    ['ab=d', false],
  ])('%j → %s', (code, binary) => expect(isBinaryCode(code)).toBe(binary));
});

describe('parseExec', () => {
  it('resolves nodejs:default, lower-cases the kind and computes binary', () => {
    expect(parseExec({ kind: 'NodeJS:Default', code: 'function main(){}' }, 'me')).toEqual({ kind: 'nodejs:20', code: 'function main(){}', binary: false });
    expect(parseExec({ kind: 'nodejs:20', code: 'UEsDBAo=' }, 'me')).toEqual({ kind: 'nodejs:20', code: 'UEsDBAo=', binary: true });
  });

  it('ignores a client-sent binary flag in favour of the code', () => {
    expect(parseExec({ kind: 'nodejs:20', code: 'x()', binary: true }, 'me').binary).toBe(false);
  });

  it('keeps main only when given, and rejects a non-string main', () => {
    expect(parseExec({ kind: 'nodejs:20', code: 'x', main: 'handler' }, 'me').main).toBe('handler');
    expect(parseExec({ kind: 'nodejs:20', code: 'x' }, 'me')).not.toHaveProperty('main');
    expect(() => parseExec({ kind: 'nodejs:20', code: 'x', main: 3 }, 'me')).toThrow("if defined, 'main' be a string in 'exec' for 'nodejs:20' actions");
  });

  it('rejects unknown kinds with OpenWhisk text', () => {
    expect(() => parseExec({ kind: 'swift:5.3', code: 'x' }, 'me')).toThrow(
      "The specified runtime 'swift:5.3' is not supported by this platform. Valid values are: 'nodejs:20', 'python:3', 'blackbox', 'sequence'.",
    );
  });

  it('accepts every kind of the runtimes manifest and resolves <family>:default', () => {
    expect(parseExec({ kind: 'python:3', code: 'def main(a): return a' }, 'me').kind).toBe('python:3');
    expect(parseExec({ kind: 'Python:Default', code: 'x' }, 'me').kind).toBe('python:3');
    expect(parseExec({ kind: 'nodejs:default', code: 'x' }, 'me').kind).toBe('nodejs:20');
  });

  it('requires a string kind and a string code', () => {
    expect(() => parseExec({ code: 'x' }, 'me')).toThrow("'kind' must be a string defined in 'exec'");
    expect(() => parseExec({ kind: 'nodejs:20' }, 'me')).toThrow("'code' must be a string or attachment object defined in 'exec' for 'nodejs:20' actions");
    expect(() => parseExec('code', 'me')).toThrow(BadRequestError);
  });

  it('blackbox needs an image; blank code is dropped', () => {
    expect(() => parseExec({ kind: 'blackbox' }, 'me')).toThrow("'image' must be a string defined in 'exec' for 'blackbox' actions");
    expect(parseExec({ kind: 'blackbox', image: 'me/img:1', code: '  ' }, 'me')).toEqual({ kind: 'blackbox', image: 'me/img:1', binary: false });
    expect(parseExec({ kind: 'blackbox', image: 'me/img:1', code: 'UEsDBAo=' }, 'me')).toEqual({ kind: 'blackbox', image: 'me/img:1', code: 'UEsDBAo=', binary: true });
  });

  it('qualifies sequence components, resolving _ and adding the leading slash', () => {
    expect(parseExec({ kind: 'sequence', components: ['/_/a', '/other/pkg/b', 'ns/pkg/c'] }, 'me')).toEqual({
      kind: 'sequence',
      components: ['/me/a', '/other/pkg/b', '/ns/pkg/c'],
    });
  });

  it('rejects malformed sequence components', () => {
    expect(() => parseExec({ kind: 'sequence' }, 'me')).toThrow("'components' must be defined for sequence kind");
    expect(() => parseExec({ kind: 'sequence', components: '/me/a' }, 'me')).toThrow("'components' must be an array");
    expect(() => parseExec({ kind: 'sequence', components: ['a'] }, 'me')).toThrow(BadRequestError);
    expect(() => parseExec({ kind: 'sequence', components: ['/me/a/b/c'] }, 'me')).toThrow(BadRequestError);
    expect(() => parseExec({ kind: 'sequence', components: [42] }, 'me')).toThrow(BadRequestError);
  });

  it('refuses code above 48 MB with a 413', () => {
    const code = 'x'.repeat(SystemLimits.codeMaxBytes + 1);
    expect(() => parseExec({ kind: 'nodejs:20', code }, 'me')).toThrow(PayloadTooLargeError);
    expect(() => parseExec({ kind: 'nodejs:20', code }, 'me')).toThrow(`exec larger than allowed: ${code.length} > ${SystemLimits.codeMaxBytes} bytes.`);
  });
});
