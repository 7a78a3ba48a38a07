import * as fs from 'node:fs';
import * as net from 'node:net';
import { ProxyProcess, stopAllProxies } from './proxy.harness';

describe('nodejs proxy server', () => {
  afterEach(stopAllProxies);

  it('replaces a stale socket file left by a killed process', async () => {
    const crashed = await ProxyProcess.start();
    await crashed.kill();
    expect(fs.statSync(crashed.socketPath).isSocket()).toBe(true);

    const proxy = await ProxyProcess.start({ dir: crashed.dir });
    expect(fs.statSync(proxy.socketPath).mode & 0o777).toBe(0o666);
    expect((await proxy.init({ code: 'function main() { return { fresh: true }; }' })).status).toBe(200);
    expect((await proxy.run({})).body).toEqual({ fresh: true });
  });

  it('answers unknown routes with 404 and other methods with 405', async () => {
    const proxy = await ProxyProcess.start();
    expect((await proxy.post('/nope', {})).status).toBe(404);
    expect((await proxy.request('GET', '/init')).status).toBe(405);
    expect((await proxy.post('/init?x=1', { value: { code: 'function main() { return {}; }' } })).status).toBe(200);
  });

  it('rejects a body that is not JSON', async () => {
    const proxy = await ProxyProcess.start();
    const status = await new Promise<number>((resolve, reject) => {
      const client = net.connect(proxy.socketPath);
      client.on('error', reject);
      client.on('data', (chunk) => {
        resolve(Number(chunk.toString('utf8').split(' ')[1]));
        client.destroy();
      });
      client.write('POST /init HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n{no');
    });
    expect(status).toBe(400);
  });
});
