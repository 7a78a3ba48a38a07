import { E2E } from '../support/e2e-env';
import { putAction } from '../support/actions';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';

describe('web actions', () => {
  let t: TestNamespace;
  const url = (path: string) => `${E2E.apihost}/api/v1/web/${t.namespace}/default/${path}`;
  const web = (extra: { key: string; value: unknown }[] = []) => ({ annotations: [{ key: 'web-export', value: true }, ...extra] });

  beforeAll(async () => {
    t = await createTestNamespace('web');
    await putAction(t.key, 'info', 'function main(p){ return { method: p.__ow_method, path: p.__ow_path, q: p.q, a: p.a, user: p.__ow_user || null, ua: p.__ow_headers["x-test"] } }', web());
    await putAction(t.key, 'page', 'function main(p){ return { statusCode: 201, headers: { "X-Made-By": "wisp", "Content-Type": "text/plain" }, body: "made " + (p.name || "?") + p.__ow_path } }', web());
    await putAction(t.key, 'raw', 'function main(p){ return { query: p.__ow_query, body: Buffer.from(p.__ow_body || "", "base64").toString() } }', web([{ key: 'raw-http', value: true }]));
    await putAction(t.key, 'guarded', 'function main(){ return { body: "secret stuff" } }', web([{ key: 'require-whisk-auth', value: 's3cret' }]));
    await putAction(t.key, 'locked', 'function main(p){ return { who: p.who } }', { ...web([{ key: 'final', value: true }]), parameters: [{ key: 'who', value: 'owner' }] });
    await putAction(t.key, 'hidden', 'function main(){ return {} }');
    await putAction(t.key, 'keyleak', 'function main(){ return { key: process.env.__OW_API_KEY || null, env: Object.keys(process.env).filter(k => k.startsWith("__OW_")) } }', {
      annotations: [{ key: 'web-export', value: true }, { key: 'provide-api-key', value: true }],
    });
  });

  it('serves .json with the request context and no API key', async () => {
    const r = await fetch(`${url('info.json')}?q=1`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test': 'yes' }, body: JSON.stringify({ a: 2 }) });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-openwhisk-activation-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(await r.json()).toEqual({ method: 'post', path: '', q: '1', a: 2, user: null, ua: 'yes' });
  });

  it('projects the rest of the path into a .json result', async () => {
    const r = await fetch(`${url('info.json')}/method`, { method: 'PUT' });
    expect(r.status).toBe(400);
    await putAction(t.key, 'nested', 'function main(p){ return { deep: { inner: { v: 1 } }, path: p.__ow_path } }', web());
    expect(await (await fetch(`${url('nested.json')}/deep/inner`)).json()).toEqual({ v: 1 });
  });

  it('sets __ow_user when the caller authenticates', async () => {
    const r = await fetch(url('info.json'), { headers: { authorization: `Basic ${Buffer.from(t.key).toString('base64')}` } });
    expect(((await r.json()) as any).user).toBe(t.namespace);
  });

  it('lets .http results choose status, headers and body', async () => {
    const r = await fetch(`${url('page.http')}?name=Ada`);
    expect(r.status).toBe(201);
    expect(r.headers.get('x-made-by')).toBe('wisp');
    expect(r.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await r.text()).toBe('made Ada');
    expect(await (await fetch(`${url('page.http')}/sub/dir`)).text()).toBe('made ?/sub/dir');
    const noExt = await fetch(url('page'));
    expect(noExt.status).toBe(201);
  });

  it('passes the raw query and body under raw-http', async () => {
    const r = await fetch(`${url('raw.json')}?x=1&y=two`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"raw":true}' });
    expect(await r.json()).toEqual({ query: 'x=1&y=two', body: '{"raw":true}' });
  });

  it('enforces require-whisk-auth with the secret header', async () => {
    const denied = await fetch(url('guarded.text'));
    expect(denied.status).toBe(401);
    const body = await denied.json();
    expect(body).toEqual({ error: expect.any(String), code: denied.headers.get('x-request-id') });
    const allowed = await fetch(url('guarded.text'), { headers: { 'X-Require-Whisk-Auth': 's3cret' } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toBe('secret stuff');
  });

  it('protects final parameters and hides actions that are not exported', async () => {
    const override = await fetch(`${url('locked.json')}?who=intruder`);
    expect(override.status).toBe(400);
    expect(((await override.json()) as any).error).toBe('Request defines parameters that are not allowed (e.g., reserved properties).');
    expect(await (await fetch(url('locked.json'))).json()).toEqual({ who: 'owner' });
    expect((await fetch(url('hidden.json'))).status).toBe(404);
    expect((await fetch(`${E2E.apihost}/api/v1/web/${t.namespace}/default/nothere.json`)).status).toBe(404);
  });

  it('answers CORS preflight itself', async () => {
    const r = await fetch(url('info.json'), { method: 'OPTIONS', headers: { 'access-control-request-headers': 'x-custom' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-allow-headers')).toBe('x-custom');
    expect(r.headers.get('access-control-allow-methods')).toContain('PATCH');
  });

  it('never hands the owner key to a web action, even with provide-api-key', async () => {
    const r = await fetch(url('keyleak.json'));
    const body = (await r.json()) as { key: string | null };
    expect(body.key).toBeNull();
    const text = JSON.stringify(body) + JSON.stringify([...r.headers.entries()]);
    expect(text).not.toContain(t.key.split(':')[1]);
  });
});
