import * as net from 'node:net';
import { ProxyProcess, stopAllProxies } from './proxy.harness';

function connectError(path: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('nodejs proxy server', () => {
  afterEach(stopAllProxies);

  it('connects out with its token and hides the token and the socket path from action code', async () => {
    const proxy = await ProxyProcess.start({ token: 'secret-token' });
    const code = 'function main() { return { token: process.env.WISP_PROXY_TOKEN ?? null, socket: process.env.WISP_PROXY_SOCKET ?? null }; }';
    expect((await proxy.init({ code })).status).toBe(200);
    expect((await proxy.run({})).body).toEqual({ token: null, socket: null });
  });

  it('is turned away with a wrong token, and then exits', async () => {
    await expect(ProxyProcess.start({ token: 'expected', sentToken: 'forged' })).rejects.toThrow(/exited early \(70\)/);
  });

  it('leaves nothing to connect to once it is connected', async () => {
    const proxy = await ProxyProcess.start();
    expect(await connectError(proxy.socketPath)).toBe('ENOENT');
  });

  it('answers unknown request codes with 404 and keeps serving', async () => {
    const proxy = await ProxyProcess.start();
    expect(await proxy.send(99, {})).toMatchObject({ status: 404, body: { error: 'No such request code: 99' } });
    expect((await proxy.init({ code: 'function main() { return {}; }' })).status).toBe(200);
  });

  it('exits when the invoker drops its connection (it never reconnects)', async () => {
    const proxy = await ProxyProcess.start();
    proxy.channel.close();
    await proxy.waitForExit();
    expect(proxy.exitCode).toBe(70);
  });

  it('exits when action code destroys the connection, and that run fails', async () => {
    const proxy = await ProxyProcess.start();
    const code = `function main() {
      for (const h of process._getActiveHandles()) if (h instanceof require('net').Socket && h !== process.stdout && h !== process.stderr) h.destroy();
      return new Promise(() => {});
    }`;
    expect((await proxy.init({ code })).status).toBe(200);
    await expect(proxy.run({})).rejects.toThrow(/closed/);
    await proxy.waitForExit();
    expect(proxy.exitCode).toBe(70);
  });
});
