import { GUEST_KEY } from '../support/e2e-env';
import { http } from '../support/http';
import { createTestNamespace, owClient, wispCli } from '../support/namespaces';

describe('foundation: info, auth, errors, namespaces', () => {
  it('serves OpenWhisk info routes without auth', async () => {
    const root = await http('GET', '/');
    expect(root.status).toBe(200);
    expect(root.body.api_paths).toEqual(['/api/v1']);
    expect(root.body.runtimes.nodejs[0]).toMatchObject({ kind: 'nodejs:20', default: true });
    const v1 = await http('GET', '/api/v1');
    expect(v1.body).toMatchObject({ api_version: '1.0.0', api_version_path: 'v1' });
  });

  it('answers 401 with the Basic challenge and an OpenWhisk error body', async () => {
    const none = await http('GET', '/api/v1/namespaces');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="OpenWhisk secure realm"');
    expect(none.body).toEqual({ error: 'The resource requires authentication, which was not supplied with the request', code: none.headers.get('x-request-id') });
    const wrong = await http('GET', '/api/v1/namespaces', { key: GUEST_KEY.replace(/.$/, 'x') });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('The supplied authentication is invalid');
    const garbage = await http('GET', '/api/v1/namespaces', { headers: { authorization: 'Basic !!!' } });
    expect(garbage.status).toBe(401);
  });

  it('honours a client X-Request-ID and echoes it as the error code', async () => {
    const r = await http('GET', '/api/v1/namespaces/_/actions/nope', { key: GUEST_KEY, headers: { 'x-request-id': 'my-trace-123' } });
    expect(r.status).toBe(404);
    expect(r.headers.get('x-request-id')).toBe('my-trace-123');
    expect(r.body).toEqual({ error: 'The requested resource does not exist.', code: 'my-trace-123' });
  });

  it('sends CORS headers and answers any OPTIONS with 200', async () => {
    const r = await http('OPTIONS', '/api/v1/namespaces/_/actions');
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-allow-methods')).toBe('GET, DELETE, POST, PUT, HEAD');
  });

  it('rejects malformed JSON with 400 and the malformed-request text', async () => {
    const r = await http('PUT', '/api/v1/namespaces/_/triggers/x', { key: GUEST_KEY, rawBody: '{"a":', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/^The request content was malformed:/);
    expect(r.body.code).toBe(r.headers.get('x-request-id'));
  });

  it('answers unknown routes with 404 in OpenWhisk shape', async () => {
    const r = await http('GET', '/api/v1/nothing/here', { key: GUEST_KEY });
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('The requested resource does not exist.');
  });

  it('lists the namespaces of the key and its limits; another namespace is forbidden', async () => {
    const t = await createTestNamespace('found');
    expect(await t.ow.namespaces.list()).toEqual([t.namespace]);
    const limits = await http('GET', '/api/v1/namespaces/_/limits', { key: t.key });
    expect(limits.status).toBe(200);
    expect(limits.body).toMatchObject({ minActionMemory: 128, maxActionMemory: 512, maxActionTimeout: 300000, maxParameterSize: '1 MB' });
    const other = await http('GET', '/api/v1/namespaces/guest/limits', { key: t.key });
    expect(other.status).toBe(403);
    expect(other.body.error).toBe("The supplied authentication is not authorized to access 'guest/limits'.");
  });

  it('shows per-namespace throttles set by the admin command', async () => {
    const t = await createTestNamespace('lim');
    await wispCli('limits', 'set', t.namespace, '--invocationsPerMinute', '7', '--firesPerMinute', '9');
    const limits = await http('GET', `/api/v1/namespaces/${t.namespace}/limits`, { key: t.key });
    expect(limits.body).toMatchObject({ invocationsPerMinute: 7, firesPerMinute: 9 });
  });

  it('creates, lists and revokes keys with the admin command', async () => {
    const t = await createTestNamespace('keys');
    const listed = await wispCli('key', 'list', t.namespace);
    const uuid = t.key.split(':')[0];
    expect(listed).toContain(`${uuid}  ${t.namespace}  active`);
    expect(listed).not.toContain(t.key.split(':')[1]);
    await wispCli('key', 'revoke', uuid);
    expect(await wispCli('key', 'list', t.namespace)).toContain('revoked');
    // the API caches a verified key for at most 2 s
    await new Promise((r) => setTimeout(r, 2200));
    await expect(owClient(t.key).namespaces.list()).rejects.toMatchObject({ statusCode: 401 });
  });
});
