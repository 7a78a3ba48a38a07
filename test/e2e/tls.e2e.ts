import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { E2E } from '../support/e2e-env';
import { recordPid } from '../support/invokers';
import { createTestNamespace, type TestNamespace } from '../support/namespaces';
import { stackEnv, startProcess } from '../support/stack';

const run = promisify(execFile);
/** Port of an API process of the stack's that speaks HTTPS only. */
const TLS_PORT = E2E.port + 51;

/** One HTTPS request to the TLS API on 127.0.0.1; `ca` undefined uses the system's trust store. */
function get(path: string, ca: Buffer | undefined, key?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers = key ? { authorization: `Basic ${Buffer.from(key).toString('base64')}` } : {};
    const req = request({ host: '127.0.0.1', port: TLS_PORT, path, method: 'GET', ca, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Issue 14 §4: with WISP_TLS_CERT and WISP_TLS_KEY the API speaks HTTPS (a certificate made here by openssl). */
describe('HTTPS with WISP_TLS_CERT / WISP_TLS_KEY', () => {
  let dir: string;
  let cert: Buffer;
  let api: ChildProcess;
  let t: TestNamespace;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wisp-tls-'));
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]);
    cert = readFileSync(join(dir, 'cert.pem'));
    t = await createTestNamespace('tls');
    api = startProcess('api-tls', 'dist/apps/api/src/main.js', stackEnv({
      WISP_API_PORT: String(TLS_PORT),
      WISP_CONTROLLER_ID: `${E2E.controllerId}-tls`,
      WISP_TLS_CERT: join(dir, 'cert.pem'),
      WISP_TLS_KEY: join(dir, 'key.pem'),
    }));
    recordPid(api.pid!);
    const until = Date.now() + 60_000;
    for (;;) {
      if (api.exitCode !== null) throw new Error(`the TLS API exited with ${api.exitCode}; see ${E2E.logDir}/api-tls.log`);
      if ((await get('/ping', cert).catch(() => undefined))?.status === 200) break;
      if (Date.now() > until) throw new Error('the TLS API did not answer within 60 s');
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  afterAll(() => {
    api?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the API over TLS to a client that trusts the certificate, with authentication as over HTTP', async () => {
    const info = await get('/', cert);
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body)).toHaveProperty('api_paths');
    const list = await get('/api/v1/namespaces/_/actions', cert, t.key);
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body)).toEqual([]);
    expect((await get('/api/v1/namespaces/_/actions', cert, `${t.key}x`)).status).toBe(401);
  });

  it('is refused by a client that does not trust it, and does not speak plain HTTP', async () => {
    await expect(get('/ping', undefined)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    await expect(fetch(`http://127.0.0.1:${TLS_PORT}/ping`)).rejects.toThrow();
  });
});
