import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { FeedEgressMessages } from '@wisp/core';
import { FeedEgressError, type FeedConnector, type VettedEndpoint } from './feed-connector';

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * `fetch` for feed providers (octokit's `request.fetch`): the URL's host is vetted, the request is sent to the
 * vetted address (a lookup that answers only it, so no second resolution happens), TLS checks the original name,
 * and each redirect is vetted the same way before it is followed.
 */
export async function vettedFetch(connector: FeedConnector, url: string, init: RequestInit = {}, hops = 0): Promise<Response> {
  const u = new URL(url);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FeedEgressError(FeedEgressMessages.refused(url, 'only http and https are allowed'));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const target = await connector.vet(host, Number(u.port || (u.protocol === 'https:' ? 443 : 80)));
  const res = await send(u, target, init);
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

function send(u: URL, target: VettedEndpoint, init: RequestInit): Promise<IncomingMessage> {
  const pinned: LookupFunction = (_name, options, callback) => {
    const family = isIP(target.address);
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family }]);
    else callback(null, target.address, family);
  };
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((v, k) => (headers[k] = v));
  const request = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      { protocol: u.protocol, hostname: target.host, port: target.port, path: `${u.pathname}${u.search}`, method: init.method ?? 'GET', headers, lookup: pinned, agent: false },
      resolve,
    );
    req.on('error', reject);
    init.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')));
    if (init.body !== undefined && init.body !== null) req.write(typeof init.body === 'string' ? init.body : Buffer.from(init.body as ArrayBuffer));
    req.end();
  });
}
