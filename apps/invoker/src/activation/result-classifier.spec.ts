import { ProxyOutcome } from '../containers/container-factory';
import { classifyInit, classifyRun } from './result-classifier';

const response = (status: number, body: string, extra: Partial<Extract<ProxyOutcome, { kind: 'response' }>> = {}): ProxyOutcome => ({
  kind: 'response',
  status,
  body,
  size: Buffer.byteLength(body),
  truncated: false,
  ...extra,
});
const MAX = 1_048_576;

describe('classifyRun', () => {
  it('200 with an object without error is a success carrying the object and its size', () => {
    expect(classifyRun(response(200, '{"msg":"hi"}'), 1000, MAX)).toEqual({ response: { statusCode: 0, result: { msg: 'hi' }, size: 12 }, timedOut: false });
  });

  it('200 with an array is a success', () => {
    expect(classifyRun(response(200, '[1,2]'), 1000, MAX).response).toMatchObject({ statusCode: 0, result: [1, 2] });
  });

  it('200 with an error field is an application error keeping only the error value', () => {
    expect(classifyRun(response(200, '{"error":{"code":42},"other":1}'), 1000, MAX).response).toMatchObject({ statusCode: 1, result: { error: { code: 42 } } });
  });

  it('non-200 is a developer error carrying the proxy error', () => {
    expect(classifyRun(response(502, '{"error":"An error has occurred: Error: boom"}'), 1000, MAX).response).toMatchObject({
      statusCode: 2,
      result: { error: 'An error has occurred: Error: boom' },
    });
  });

  it('non-JSON or a scalar is a developer error with OpenWhisk text', () => {
    expect(classifyRun(response(200, 'nope'), 1000, MAX).response.result).toEqual({ error: 'The action did not produce a valid JSON or JSON Array response: nope' });
    expect(classifyRun(response(200, '42'), 1000, MAX).response.statusCode).toBe(2);
    expect(classifyRun(response(500, ''), 1000, MAX).response.result).toEqual({ error: 'The action did not produce a valid JSON or JSON Array response.' });
  });

  it('a body nested deeper than 1000 levels is a developer error naming the limit, whatever its status or field', () => {
    const text = 'The action did not produce a valid JSON response: it is nested deeper than 1000 levels.';
    const nest = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    for (const body of [`{"a":${nest(200_000)}}`, `{"error":${nest(1000)}}`, nest(1001)]) {
      for (const status of [200, 502]) {
        expect(classifyRun(response(status, body), 1000, MAX)).toEqual({ response: { statusCode: 2, result: { error: text }, size: body.length }, timedOut: false });
      }
    }
    expect(classifyInit(response(502, `{"error":${nest(1050)}}`), 1000)?.response.result).toEqual({ error: text });
    expect(classifyRun(response(200, `{"a":${nest(999)}}`), 1000, MAX).response.statusCode).toBe(0);
  });

  it('a truncated response is an application error with the truncation text', () => {
    const out = classifyRun(response(200, '{"a":"xx', { size: 2_000_000, truncated: true }), 1000, MAX);
    expect(out.response).toEqual({
      statusCode: 1,
      result: { error: 'The action produced a response that exceeded the allowed length: 2000000 > 1048576 bytes. The truncated response was: {"a":"xx' },
      size: 2_000_000,
    });
  });

  it('a timeout is a developer error with the timeout text and flag', () => {
    expect(classifyRun({ kind: 'timeout' }, 1000, MAX)).toEqual({
      response: { statusCode: 2, result: { error: 'The action exceeded its time limits of 1000 milliseconds.' } },
      timedOut: true,
    });
  });

  it('a crash is a developer error, OOM with its own text', () => {
    expect(classifyRun({ kind: 'crashed', oomKilled: false }, 1000, MAX).response.result).toEqual({
      error: 'The action did not produce a valid response and exited unexpectedly.',
    });
    expect(classifyRun({ kind: 'crashed', oomKilled: true }, 1000, MAX).response.result).toEqual({ error: 'The action exhausted its memory and was aborted.' });
  });
});

describe('classifyInit', () => {
  it('200 means initialised', () => {
    expect(classifyInit(response(200, '{"OK":true}'), 1000)).toBeUndefined();
  });

  it('non-200 is a developer error with the proxy error or OpenWhisk text', () => {
    expect(classifyInit(response(502, '{"error":"Initialization has failed due to: SyntaxError"}'), 1000)?.response).toMatchObject({
      statusCode: 2,
      result: { error: 'Initialization has failed due to: SyntaxError' },
    });
    expect(classifyInit(response(500, 'broken'), 1000)?.response.result).toEqual({ error: 'The action failed during initialization: broken' });
  });

  it('timeout and crash use the init texts', () => {
    expect(classifyInit({ kind: 'timeout' }, 500)).toEqual({
      response: { statusCode: 2, result: { error: 'The action exceeded its time limits of 500 milliseconds during initialization.' } },
      timedOut: true,
    });
    expect(classifyInit({ kind: 'crashed', oomKilled: false }, 500)?.response.result).toEqual({ error: 'The action did not initialize and exited unexpectedly.' });
    expect(classifyInit({ kind: 'crashed', oomKilled: true }, 500)?.response.result).toEqual({ error: 'The action exhausted its memory and was aborted.' });
  });
});
