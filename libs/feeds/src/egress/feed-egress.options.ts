import { lookup } from 'node:dns/promises';

/** Resolves a host name to every address it has (as text); rejects when it does not resolve. */
export type HostResolver = (host: string) => Promise<string[]>;

/** Bounds on one `fetch` of a feed provider (a tenant-chosen server answers it). */
export interface FeedFetchLimits {
  /** Bytes of a response body read before the request is aborted. */
  maxBodyBytes: number;
  /** Milliseconds one request may take, redirects and body included, before it is aborted. */
  timeoutMs: number;
}

/** Bounds on one feed connection's bytes received while it is not yet trusted (see `FeedConnector.socket`). */
export interface FeedReceiveLimits {
  /** Bytes a socket may receive before its connection is released from the cap (pg: before the identity check). */
  untrustedBytes: number;
}

/** What {@link FeedEgress} uses besides the config; tests inject a resolver and smaller limits. */
export interface FeedEgressOptions {
  resolve: HostResolver;
  fetch: FeedFetchLimits;
  receive: FeedReceiveLimits;
}

/** Injection token for partial {@link FeedEgressOptions}. */
export const FEED_EGRESS_OPTIONS = Symbol('FEED_EGRESS_OPTIONS');

/** The system's resolver: one query, every address, in the order the resolver gives them. */
export const systemResolver: HostResolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Defaults: a GitHub hooks answer is a few kB, so 1 MiB is generous and still bounds an endless body; 10 s
 * answers a waiting user; 64 kB is far more than a server's greeting, authentication and identity row.
 */
export const DEFAULT_FEED_EGRESS_OPTIONS: FeedEgressOptions = {
  resolve: systemResolver,
  fetch: { maxBodyBytes: 1024 * 1024, timeoutMs: 10_000 },
  receive: { untrustedBytes: 64 * 1024 },
};
