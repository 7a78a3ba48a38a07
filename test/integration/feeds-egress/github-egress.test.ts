import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { FeedEgressError, GithubFeedProvider, type FeedConnector, type FeedSubscription, type GithubFeedConfig } from '@wisp/feeds';
import { testConnector, testEgress } from '../../../libs/feeds/src/testing/test-egress';
import { countingListener, type CountingListener } from './loopback-listener';
import { rebindingDns, type RebindingDns } from './rebinding-dns';

/** A tiny GitHub stand-in on 127.0.0.2: the hooks list redirects, to `redirectTo` or to its own `/moved` path. */
async function redirectingGithub(redirectTo?: string): Promise<{ server: Server; base: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    if (req.method === 'GET' && req.url?.startsWith('/repos/')) {
      res.writeHead(302, { location: redirectTo ?? `/moved${req.url}` }).end();
    } else if (req.method === 'GET' && req.url?.startsWith('/moved/')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    } else if (req.method === 'POST') {
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 7, active: true, events: ['push'], config: { url: 'x' } }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', () => resolve()));
  return { server, base: `http://127.0.0.2:${(server.address() as { port: number }).port}`, requests };
}

describe('GitHub feeds through the egress check', () => {
  const provider = new GithubFeedProvider({ publicUrl: 'https://wisp.example.test' });
  const servers: Server[] = [];
  const listeners: CountingListener[] = [];
  const subOf = (egress: FeedConnector, baseUrl: string): FeedSubscription<GithubFeedConfig> => ({
    id: randomUUID(),
    target: { namespace: 'it', name: 't', ownerUuid: randomUUID() },
    config: provider.validate({ repository: 'octocat/hello', accessToken: 'token', baseUrl }),
    egress,
  });

  let dns: RebindingDns | undefined;

  afterEach(async () => {
    dns?.restore();
    dns = undefined;
    for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
    for (const l of listeners.splice(0)) await l.close();
  });

  it('refuses a baseUrl outside WISP_FEED_ALLOW before any connection, and follows redirects only to vetted addresses', async () => {
    const refused = await countingListener('127.0.0.3');
    listeners.push(refused);
    const toRefused = await redirectingGithub(`http://127.0.0.3:${refused.port}/repos/octocat/hello/hooks`);
    const sameHost = await redirectingGithub();
    servers.push(toRefused.server, sameHost.server);
    const egress = testConnector({ allow: '127.0.0.2' });

    await expect(provider.create(subOf(egress, `http://127.0.0.3:${refused.port}`))).rejects.toThrow(FeedEgressError);
    await expect(provider.create(subOf(egress, toRefused.base))).rejects.toThrow(/Feeds may not connect to 127\.0\.0\.3:\d+: it is not in WISP_FEED_ALLOW/);
    expect(toRefused.requests).toEqual(['GET /repos/octocat/hello/hooks?per_page=100']);
    // DELETE of a subscription whose API root is refused succeeds without contacting it.
    await provider.delete(subOf(egress, `http://127.0.0.3:${refused.port}`));
    expect(refused.connections).toBe(0);

    const created = await provider.create(subOf(egress, sameHost.base));
    expect(created.hookId).toBe(7);
    expect(sameHost.requests).toEqual(['GET /repos/octocat/hello/hooks?per_page=100', 'GET /moved/repos/octocat/hello/hooks?per_page=100', 'POST /repos/octocat/hello/hooks']);
  });

  it('sends each request to the address it vetted: a name that rebinds to a refused address after the check reaches only the vetted one, counted', async () => {
    const seen: { request: string; open: number }[] = [];
    const egress = testEgress({ allow: '127.0.0.2', options: { resolve: (h) => dns!.resolve(h) } });
    const server = createServer((req, res) => {
      seen.push({ request: `${req.method} ${req.url}`, open: egress.openConnections('it') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', () => resolve()));
    const port = (server.address() as { port: number }).port;
    const refused = await countingListener('127.0.0.3', { reset: true, port });
    listeners.push(refused);
    dns = rebindingDns('rebind.wisp.test', '127.0.0.2', '127.0.0.3');

    const sub = subOf(egress.connectorFor('it', 100), `http://rebind.wisp.test:${port}`);
    // The list goes to 127.0.0.2, which the first answer vetted; the next request's check sees 127.0.0.3 and refuses.
    await expect(provider.create(sub)).rejects.toThrow(/Feeds may not connect to rebind\.wisp\.test:\d+ \(127\.0\.0\.3\): it is not in WISP_FEED_ALLOW/);
    expect(refused.connections).toBe(0);
    expect(seen).toEqual([{ request: 'GET /repos/octocat/hello/hooks?per_page=100', open: 1 }]);
    for (let i = 0; i < 100 && egress.openConnections('it') > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(egress.openConnections('it')).toBe(0);
  });

  it('bounds what a tenant-chosen API server can make a request cost: an endless body is cut at the byte limit, a stalled one at the deadline', async () => {
    const closed: string[] = [];
    const server = createServer((req, res) => {
      req.socket.on('close', () => closed.push(req.url ?? ''));
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url?.includes('/endless/')) {
        const chunk = Buffer.alloc(16 * 1024, 0x20);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
      } else {
        res.write('[');
      }
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', () => resolve()));
    const base = `http://127.0.0.2:${(server.address() as { port: number }).port}`;
    const egress = testEgress({ allow: '127.0.0.2', options: { fetch: { maxBodyBytes: 64 * 1024, timeoutMs: 1500 } } });
    const sub = (repository: string) => ({
      ...subOf(egress.connectorFor('it', 100), base),
      config: provider.validate({ repository, accessToken: 'token', baseUrl: base }),
    });

    await expect(provider.create(sub('endless/repo'))).rejects.toThrow(/The answer of http:\/\/127\.0\.0\.2:\d+\/repos\/endless\/repo\/hooks\?per_page=100 exceeded 65536 bytes/);
    await expect(provider.create(sub('stalled/repo'))).rejects.toThrow(/did not answer within 1500 ms/);
    // Both connections were closed by Wisp and gave back their slot.
    for (let i = 0; i < 100 && closed.length < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(closed.sort()).toEqual(['/repos/endless/repo/hooks?per_page=100', '/repos/stalled/repo/hooks?per_page=100']);
    expect(egress.openConnections('it')).toBe(0);
  });
});
