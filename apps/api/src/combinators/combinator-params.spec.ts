import { CombinatorError, parseForwarder, parseRetry, parseTryCatch, RETRY_DEFAULT_ATTEMPTS, withoutControlParams } from './combinator-params';

describe('combinator parameters', () => {
  it('drops the $ parameters from what targets receive', () => {
    expect(withoutControlParams({ $actionName: '/a/b', $attempts: 2, x: 1, y: { $z: 1 } })).toEqual({ x: 1, y: { $z: 1 } });
  });

  describe('retry', () => {
    it('defaults $attempts to 5 and passes the rest', () => {
      expect(parseRetry({ $actionName: ' /guest/flaky ', x: 1 })).toEqual({ actionName: '/guest/flaky', attempts: RETRY_DEFAULT_ATTEMPTS, args: { x: 1 } });
    });

    it.each([0, 11, 2.5, '3', -1])('rejects $attempts %p', (attempts) => {
      expect(() => parseRetry({ $actionName: 'a', $attempts: attempts })).toThrow(new CombinatorError('$attempts must be an integer from 1 to 10.'));
    });

    it('accepts 1 and 10 attempts', () => {
      expect(parseRetry({ $actionName: 'a', $attempts: 1 }).attempts).toBe(1);
      expect(parseRetry({ $actionName: 'a', $attempts: 10 }).attempts).toBe(10);
    });

    it.each([undefined, '', '  ', 42])('requires $actionName (%p)', (name) => {
      expect(() => parseRetry({ $actionName: name })).toThrow(/^\$actionName is required/);
    });
  });

  describe('trycatch', () => {
    it('needs both names', () => {
      expect(parseTryCatch({ $tryName: 't', $catchName: 'c', v: 2 })).toEqual({ tryName: 't', catchName: 'c', args: { v: 2 } });
      expect(() => parseTryCatch({ $tryName: 't' })).toThrow(/^\$catchName is required/);
      expect(() => parseTryCatch({ $catchName: 'c' })).toThrow(/^\$tryName is required/);
    });
  });

  describe('forwarder', () => {
    it('defaults $actionArgs to {} and $forward to []', () => {
      expect(parseForwarder({ $actionName: 'a', x: 1 })).toEqual({ actionName: 'a', actionArgs: {}, forward: [] });
    });

    it('validates $actionArgs and $forward', () => {
      expect(parseForwarder({ $actionName: 'a', $actionArgs: { n: 1 }, $forward: ['x'] })).toEqual({ actionName: 'a', actionArgs: { n: 1 }, forward: ['x'] });
      expect(() => parseForwarder({ $actionName: 'a', $actionArgs: [1] })).toThrow('$actionArgs must be an object.');
      expect(() => parseForwarder({ $actionName: 'a', $actionArgs: 'x' })).toThrow('$actionArgs must be an object.');
      expect(() => parseForwarder({ $actionName: 'a', $forward: 'x' })).toThrow('$forward must be an array of parameter names.');
      expect(() => parseForwarder({ $actionName: 'a', $forward: ['x', 1] })).toThrow('$forward must be an array of parameter names.');
    });
  });
});
