import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import { FeedEgressMessages } from '@wisp/core';
import { FeedValidationError } from '../feed-provider';
import { FeedEgressError, type FeedConnector, type VettedEndpoint } from './feed-connector';
import type { FeedFetchLimits } from './feed-egress.options';

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** A feed request that went past its time or body bound; nothing more is read from the server. */
export class FeedFetchError extends FeedValidationError {}

/**
 * If Node ever dialled by itself (an agent, not `createConnection`), this is the lookup it would use: it fails,
 * so no request can reach a second resolution of a tenant's host name.
 */
const noSecondLookup: LookupFunction = (host, _options, callback) =>
  process.nextTick(() => callback(new FeedEgressError(FeedEgressMessages.refused(host, 'feed sockets are dialled only to vetted addresses')), '', 4));

/**
 * `fetch` for feed providers (octokit's `request.fetch`): the URL's host is vetted, the request goes over the
 * connector's socket to the vetted address (no second resolution, counted toward the namespace's connections), TLS
 * checks the original name, and each redirect is vetted the same way before it is followed. A tenant picks the
 * server, so the whole exchange, redirects and body included, is bounded by `limits`.
 */
export async function vettedFetch(connector: FeedConnector, limits: FeedFetchLimits, url: string, init: RequestInit = {}): Promise<Response> {
  const deadline = Date.now() + limits.timeoutMs;
  let current = url;
  let request = init;
  for (let hops = 0; ; hops++) {
    const u = new URL(current);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new FeedEgressError(FeedEgressMessages.refused(current, 'only http and https are allowed'));
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const target = await connector.vet(host, Number(u.port || (u.protocol === 'https:' ? 443 : 80)));
    const bounded = new Bounded(current, limits, deadline);
    try {
      const res = await bounded.run(send(connector, u, target, request, bounded));
      const location = res.headers.location;
      if (REDIRECTS.has(res.statusCode ?? 0) && location && request.redirect !== 'manual') {
        res.destroy();
        if (request.redirect === 'error' || hops >= MAX_REDIRECTS) throw new FeedEgressError(FeedEgressMessages.tooManyRedirects(url));
        const keepBody = res.statusCode === 307 || res.statusCode === 308;
        request = keepBody ? request : { ...request, method: request.method === 'HEAD' ? 'HEAD' : 'GET', body: undefined };
        current = new URL(location, u).toString();
        continue;
      }
      const body = await bounded.run(readBody(res, limits.maxBodyBytes, current));
      return toResponse(res, body, request, url);
    } finally {
      bounded.done();
    }
  }
}

/** One request's deadline: a timer that destroys the request, and a race for each await on it. */
class Bounded {
  private timer?: NodeJS.Timeout;
  private readonly expired: Promise<never>;
  private abort: (e: Error) => void = () => undefined;
  onExpiry: () => void = () => undefined;

  constructor(url: string, limits: FeedFetchLimits, deadline: number) {
    this.expired = new Promise<never>((_, reject) => {
      this.abort = reject;
      this.timer = setTimeout(() => {
        reject(new FeedFetchError(FeedEgressMessages.requestTimedOut(url, limits.timeoutMs)));
        this.onExpiry();
      }, Math.max(0, deadline - Date.now()));
    });
    this.expired.catch(() => undefined);
  }

  run<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.expired]);
  }

  done(): void {
    clearTimeout(this.timer);
    this.abort(new Error('done'));
    this.onExpiry();
  }
}

async function readBody(res: IncomingMessage, maxBytes: number, url: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      res.destroy();
      throw new FeedFetchError(FeedEgressMessages.responseTooLarge(url, maxBytes));
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toResponse(res: IncomingMessage, chunks: Buffer, init: RequestInit, url: string): Response {
  const status = res.statusCode ?? 500;
  const headers = new Headers();
  for (const [k, v] of Object.entries(res.headers)) for (const one of ([] as string[]).concat(v ?? [])) headers.append(k, one);
  const body = status === 204 || status === 304 || init.method === 'HEAD' ? null : chunks;
  const response = new Response(body, { status, statusText: res.statusMessage, headers });
  Object.defineProperty(response, 'url', { value: url });
  return response;
}

function send(connector: FeedConnector, u: URL, target: VettedEndpoint, init: RequestInit, bounded: Bounded): Promise<IncomingMessage> {
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
        // No agent: with none, Node uses createConnection (an agent, even `agent: false`'s, would dial by itself).
        createConnection: () => connector.dial(target, tls ? {} : undefined) as Socket,
        lookup: noSecondLookup,
      },
      resolve,
    );
    // Whatever ends the exchange (done, expiry) closes the socket, which frees the namespace's connection slot.
    bounded.onExpiry = () => req.destroy();
    req.on('error', reject);
    init.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')));
    if (init.body !== undefined && init.body !== null) req.write(typeof init.body === 'string' ? init.body : Buffer.from(init.body as ArrayBuffer));
    req.end();
  });
}
