import { gzipSync } from 'node:zlib';
import { putAction } from '../support/actions';
import { expectError } from '../support/errors';
import { sendRaw, settledActivationCount, type HostileRequest } from '../support/hostile-requests';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';

/** Issue 17 finding 4 for web actions: the REST API's charset, encoding, NUL and depth rules, raw-http kept raw. */
describe('hostile bytes to web actions', () => {
  let t: TestNamespace;
  const web = (extra: { key: string; value: unknown }[] = []) => ({ annotations: [{ key: 'web-export', value: true }, ...extra] });
  const post = (path: string, headers: Record<string, string>, body: Buffer | string): HostileRequest => ({ method: 'POST', path: `/api/v1/web/${t.namespace}/default/${path}`, headers, body });

  beforeAll(async () => {
    t = await createTestNamespace('hostileweb');
    await putAction(t.key, 'merged', 'function main(p){ return { a: p.a === undefined ? null : p.a, body: p.__ow_body === undefined ? null : p.__ow_body } }', web());
    await putAction(t.key, 'raw', 'function main(p){ return { query: p.__ow_query, body: p.__ow_body } }', web([{ key: 'raw-http', value: true }]));
  });

  it('refuses bad charsets, encodings, compressed bodies, NUL, lone surrogates and deep JSON with {error, code}, running nothing', async () => {
    const before = await settledActivationCount(t.key);
    const cases: [HostileRequest, number, RegExp][] = [
      [post('merged.json', { 'content-type': 'text/plain; charset=utf-99' }, 'hi'), 415, /charset/],
      [post('raw.json', { 'content-type': 'application/octet-stream; charset=x-none' }, 'hi'), 415, /charset/],
      [post('merged.json', { 'content-type': 'application/json', 'content-encoding': 'compress' }, '{}'), 415, /content encoding/],
      [post('raw.json', { 'content-type': 'text/plain', 'content-encoding': 'gzip' }, 'not gzip'), 400, /could not be decoded/],
      [post('merged.json', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync('{"a":1}').subarray(0, 12)), 400, /could not be decoded/],
      [post('merged.json', { 'content-type': 'application/json' }, '{"a":"\\u0000"}'), 400, /NUL character/],
      [post('merged.json', { 'content-type': 'application/json' }, '{"\\ud800":1}'), 400, /lone UTF-16 surrogate/],
      [post('merged.json', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=%00'), 400, /NUL character/],
      [post('merged.json?a=%00', { 'content-type': 'text/plain' }, 'x'), 400, /NUL character/],
      [post('merged.json/rest%00', { 'content-type': 'text/plain' }, 'x'), 400, /NUL character/],
      [post('%ED%A0%80.json', { 'content-type': 'text/plain' }, 'x'), 400, /Failed to decode/],
      [post('merged.json', { 'content-type': 'application/json' }, `{"a":${'['.repeat(1000)}${']'.repeat(1000)}}`), 413, /nested deeper/],
    ];
    for (const [request, status, text] of cases) expectError(await sendRaw(request), status, text);
    expect(await settledActivationCount(t.key)).toBe(before);
  });

  it('still decodes whole compressed bodies and declared charsets', async () => {
    const gz = await sendRaw(post('merged.json', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, gzipSync('{"a":"zipped"}')));
    expect(gz.body).toEqual({ a: 'zipped', body: null });
    const latin = await sendRaw(post('merged.json', { 'content-type': 'text/plain; charset=iso-8859-1' }, Buffer.from('café', 'latin1')));
    expect(latin.body).toEqual({ a: null, body: 'café' });
  });

  it('keeps raw-http bodies and queries raw: escapes in JSON text are not parsed, so they are not refused', async () => {
    const r = await sendRaw(post('raw.json?x=1&y=%41', { 'content-type': 'application/json' }, '{"x":"\\u0000\\ud800"}'));
    expect(r.status).toBe(200);
    expect(r.body.query).toBe('x=1&y=%41');
    expect(Buffer.from(r.body.body, 'base64').toString()).toBe('{"x":"\\u0000\\ud800"}');
  });
});
