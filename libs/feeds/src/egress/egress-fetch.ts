import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { FeedEgressMessages } from '@wisp/core';
import { FeedEgressError, type FeedConnector, type VettedEndpoint } from './feed-connector';

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * `fetch` for feed providers (octokit's `request.fetch`): the URL's host is vetted, the request goes over the
 * connector's socket to the vetted address (no second resolution, counted toward the namespace's connections), TLS
 * checks the original name, and each redirect is vetted the same way before it is followed.
 */
export async function vettedFetch(connector: FeedConnector, url: string, init: RequestInit = {}, hops = 0): Promise<Response> {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FeedEgressError(FeedEgressMessages.refused(url, 'only http and https are allowed'));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const target = await connector.vet(host, Number(u.port || (u.protocol === 'https:' ? 443 : 80)));
  const res = await send(connector, u, target, init);
  const location = res.headers.location;
  if (REDIRECTS.has(res.statusCode ?? 0) && location && init.redirect !== 'manual') {
    res.resume();
    if (init.redirect === 'error' || hops >= MAX_REDIRECTS) throw new FeedEgressError(FeedEgressMessages.tooManyRedirects(url));
    const keepBody = res.statusCode === 307 || res.statusCode === 308;
    const next: RequestInit = keepBody ? init : { ...init, method: init.method === 'HEAD' ? 'HEAD' : 'GET', body: undefined };
    return vettedFetch(connector, new URL(location, u).toString(), next, hops + 1);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  const status = res.statusCode ?? 500;
  const headers = new Headers();
  for (const [k, v] of Object.entries(res.headers)) for (const one of ([] as string[]).concat(v ?? [])) headers.append(k, one);
  const body = status === 204 || status === 304 || init.method === 'HEAD' ? null : Buffer.concat(chunks);
  const response = new Response(body, { status, statusText: res.statusMessage, headers });
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

function send(connector: FeedConnector, u: URL, target: VettedEndpoint, init: RequestInit): Promise<IncomingMessage> {
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((v, k) => (headers[k] = v));
  const tls = u.protocol === 'https:';
  const request = tls ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        protocol: u.protocol,
        hostname: target.host,
        port: target.port,
        path: `${u.pathname}${u.search}`,
        method: init.method ?? 'GET',
        headers,
        agent: false,
        // The connector's socket: pinned to the vetted address, counted, TLS checked against the URL's host name.
        createConnection: () => connector.dial(target, tls ? {} : undefined) as Socket,
      },
      resolve,
    );
    req.on('error', reject);
    init.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')));
    if (init.body !== undefined && init.body !== null) req.write(typeof init.body === 'string' ? init.body : Buffer.from(init.body as ArrayBuffer));
    req.end();
  });
}
