import { buildWebInput } from './web-input';
import { parseWebPath } from './web-path';
import { project, transcode } from './web-response';

describe('web action paths', () => {
  it('splits namespace, package, action, extension and rest', () => {
    expect(parseWebPath('guest/default/hello.json')).toEqual({ namespace: 'guest', package: undefined, name: 'hello', extension: 'json', rest: '' });
    expect(parseWebPath('guest/pkg/hello/a/b')).toEqual({ namespace: 'guest', package: 'pkg', name: 'hello', extension: 'http', rest: '/a/b' });
    expect(parseWebPath('guest/default/v1.2')).toMatchObject({ name: 'v1.2', extension: 'http' });
    expect(() => parseWebPath('guest/hello')).toThrow('The requested resource does not exist.');
  });
});

describe('web action input', () => {
  const base = { method: 'POST', headers: { 'content-type': 'application/json' }, query: { q: '1' }, rawQuery: 'q=1', path: '/x', contentType: 'application/json' };

  it('merges query and JSON body with the __ow_ context', () => {
    const input = buildWebInput({ ...base, body: Buffer.from('{"a":2}') }, [], {});
    expect(input).toEqual({ q: '1', a: 2, __ow_method: 'post', __ow_headers: base.headers, __ow_path: '/x' });
  });

  it('passes form bodies as parameters and other bodies as __ow_body', () => {
    expect(buildWebInput({ ...base, contentType: 'application/x-www-form-urlencoded', body: Buffer.from('a=1&b=two') }, [], {})).toMatchObject({ a: '1', b: 'two' });
    expect(buildWebInput({ ...base, contentType: 'text/plain', body: Buffer.from('hi') }, [], {}).__ow_body).toBe('hi');
    expect(buildWebInput({ ...base, contentType: 'image/png', body: Buffer.from([1, 2, 3]) }, [], {}).__ow_body).toBe('AQID');
  });

  it('keeps the raw query and body under raw-http', () => {
    const input = buildWebInput({ ...base, body: Buffer.from('{"a":2}') }, [{ key: 'raw-http', value: true }], {});
    expect(input).toMatchObject({ __ow_query: 'q=1', __ow_body: Buffer.from('{"a":2}').toString('base64') });
    expect(input).not.toHaveProperty('a');
  });

  it('refuses request keys that shadow __ow_ fields or final parameters', () => {
    expect(() => buildWebInput({ ...base, query: { __ow_user: 'x' }, body: undefined }, [], {})).toThrow('reserved properties');
    expect(() => buildWebInput({ ...base, query: { secret: 'x' }, body: undefined }, [{ key: 'final', value: true }], { secret: 's' })).toThrow('reserved properties');
    expect(buildWebInput({ ...base, query: { secret: 'x' }, body: undefined }, [], { secret: 's' })).toMatchObject({ secret: 'x' });
  });
});

describe('web action responses', () => {
  it('builds .http answers from statusCode, headers and body', () => {
    expect(transcode('http', { statusCode: 201, headers: { 'X-A': 1 }, body: 'made' }, '')).toEqual({ status: 201, headers: { 'x-a': '1', 'content-type': 'text/html; charset=UTF-8' }, body: 'made' });
    expect(transcode('http', { body: { a: 1 } }, '')).toEqual({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(transcode('http', {}, '')).toEqual({ status: 204, headers: {}, body: undefined });
    expect(transcode('http', { headers: { 'content-type': 'image/png' }, body: 'AQID' }, '')!.body).toEqual(Buffer.from([1, 2, 3]));
  });

  it('rejects results that are not valid message/http', () => {
    expect(transcode('http', 'text', '')).toBeUndefined();
    expect(transcode('http', { statusCode: 'abc' }, '')).toBeUndefined();
    expect(transcode('http', { headers: { a: { nested: 1 } } }, '')).toBeUndefined();
    expect(transcode('http', { headers: { 'content-type': 'image/png' }, body: 'not base64!' }, '')).toBeUndefined();
  });

  it('serves .json, .text, .html and projections', () => {
    expect(transcode('json', { a: { b: 1 } }, '/a')).toEqual({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"b":1}' });
    expect(transcode('text', { text: 'plain' }, '')!.body).toBe('plain');
    expect(transcode('html', { html: '<p>x</p>' }, '')!.headers['content-type']).toMatch(/^text\/html/);
    expect(transcode('json', 'str', '')).toBeUndefined();
    expect(project({ a: { b: { c: 3 } } }, '/a/b/c')).toBe(3);
  });
});
