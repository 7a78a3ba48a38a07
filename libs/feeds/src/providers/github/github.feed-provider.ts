import { randomBytes } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import { WISP_CONFIG, type WispConfig } from '@wisp/core';
import { FeedProviderKind } from '../../feed-provider.decorator';
import type { FeedDetails, FeedEmitter, FeedEndpoint, FeedEventMeta, FeedProvider, FeedSubscription } from '../../feed-provider';
import { FeedValidationError } from '../../feed-provider';
import { FeedEgressError } from '../../egress/feed-connector';
import { githubHookUrl, isLoopbackUrl, parseGithubFeedConfig, type GithubFeedConfig } from './github-feed-config';
import { GithubApiError, GithubHooksClient, type GithubHookSpec } from './github-hooks.client';

const GITHUB_API_URL = 'https://api.github.com';

/**
 * `github` feeds (hook pattern): GitHub posts deliveries to `POST /api/v1/feeds/github/{subscriptionId}`, whose
 * receiver checks them against the stored config and fires. With an `accessToken` the provider manages the
 * repository hook itself; without one, READ returns the URL and secret to enter in the repository's settings.
 * `start`/`stop` only remember the runner's emitter: any API replica may receive a delivery, and {@link deliver}
 * fires through the emitter when the subscription is started in this process (the feed runner's claim and retry
 * path), otherwise the receiver fires it directly. The receiver reads the subscription's status before firing, so
 * `pause`/`resume` hold nothing either.
 */
@FeedProviderKind('github')
export class GithubFeedProvider implements FeedProvider<GithubFeedConfig> {
  readonly kind = 'github';
  readonly secretFields = { secret: 'token', accessToken: 'token' } as const;
  private readonly logger = new Logger(GithubFeedProvider.name);
  private readonly emitters = new Map<string, FeedEmitter>();

  constructor(@Inject(WISP_CONFIG) private readonly config: Pick<WispConfig, 'publicUrl'>) {}

  validate(params: Record<string, unknown>): GithubFeedConfig {
    return parseGithubFeedConfig(params);
  }

  /** Generates the secret when absent; with a token registers the hook, or reuses (and updates) one with our URL. */
  async create(sub: FeedSubscription<GithubFeedConfig>): Promise<GithubFeedConfig> {
    const config: GithubFeedConfig = { ...sub.config, secret: sub.config.secret ?? randomBytes(32).toString('hex') };
    if (!config.accessToken) return config;
    this.warnIfUnreachable(`the GitHub feed ${sub.target.namespace}/${sub.target.name} registers a webhook`);
    return { ...config, hookId: await this.ensureHook(sub, config) };
  }

  /** A hook registered by hand needs the secret in GitHub's settings; a hook Wisp manages needs it nowhere. */
  revealOnRead(config: GithubFeedConfig): Record<string, string> {
    return !config.accessToken && config.secret ? { secret: config.secret } : {};
  }

  async read(sub: FeedSubscription<GithubFeedConfig>): Promise<FeedDetails> {
    const details: FeedDetails = { webhookUrl: this.hookUrl(sub.id), contentType: 'application/json', events: sub.config.events };
    if (!sub.config.accessToken || sub.config.hookId === undefined) return details;
    try {
      details.hook = (await this.client(sub, sub.config).get(sub.config.hookId)) ?? null;
      if (details.hook === null) details.hookError = `hook ${sub.config.hookId} no longer exists on ${sub.config.repository}`;
    } catch (e) {
      details.hookError = (e as Error).message;
    }
    return details;
  }

  /** Keeps the secret unless a new one is given; moves or updates the hook when the repository or events change. */
  async update(sub: FeedSubscription<GithubFeedConfig>, next: GithubFeedConfig): Promise<GithubFeedConfig> {
    const config: GithubFeedConfig = { ...next, secret: next.secret ?? sub.config.secret ?? randomBytes(32).toString('hex') };
    delete config.hookId;
    const sameHookPlace = sub.config.repository === config.repository && sub.config.baseUrl === config.baseUrl && sub.config.accessToken === config.accessToken;
    if (sub.config.accessToken && !sameHookPlace) await this.removeHooks(sub, sub.config);
    if (!config.accessToken) return config;
    return { ...config, hookId: await this.ensureHook(sub, config) };
  }

  /** Removes every hook of the repository pointing at this subscription (also one a failed CREATE left behind). */
  async delete(sub: FeedSubscription<GithubFeedConfig>): Promise<void> {
    if (sub.config.accessToken) await this.removeHooks(sub, sub.config);
  }

  async pause(): Promise<void> {}

  async resume(): Promise<void> {}

  async start(sub: FeedSubscription<GithubFeedConfig>, emit: FeedEmitter): Promise<void> {
    this.emitters.set(sub.id, emit);
  }

  async stop(sub: FeedSubscription<GithubFeedConfig>): Promise<void> {
    this.emitters.delete(sub.id);
  }

  /**
   * Hands a verified delivery to the subscription's emitter when it is started in this process; resolves false
   * (nothing fired) when it runs elsewhere or not at all. @throws when the emitter refused the event
   */
  async deliver(subscriptionId: string, event: Record<string, unknown>, meta?: FeedEventMeta): Promise<boolean> {
    const emit = this.emitters.get(subscriptionId);
    if (!emit) return false;
    await emit(event, meta);
    return true;
  }

  /** The API root the hooks are managed through, when the subscription manages its hook. */
  endpoints(config: GithubFeedConfig): FeedEndpoint[] {
    if (!config.accessToken) return [];
    const u = new URL(config.baseUrl ?? GITHUB_API_URL);
    return [{ host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)) }];
  }

  /**
   * Warns (log) when `WISP_PUBLIC_URL` is a loopback address while `what` needs GitHub to reach it: the hook is
   * registered, but GitHub can never deliver to it.
   */
  warnIfUnreachable(what: string): boolean {
    if (!isLoopbackUrl(this.config.publicUrl)) return false;
    this.logger.warn(`${what}, but WISP_PUBLIC_URL (${this.config.publicUrl}) is a loopback address GitHub cannot reach: set WISP_PUBLIC_URL to the address GitHub sees (e.g. your reverse proxy's https URL)`);
    return true;
  }

  /** URL GitHub delivers this subscription's events to. */
  hookUrl(subscriptionId: string): string {
    return githubHookUrl(this.config.publicUrl, subscriptionId);
  }

  private async ensureHook(sub: FeedSubscription<GithubFeedConfig>, config: GithubFeedConfig): Promise<number> {
    const subscriptionId = sub.id;
    const client = this.client(sub, config);
    const spec: GithubHookSpec = { url: this.hookUrl(subscriptionId), secret: config.secret!, events: config.events };
    try {
      const existing = (await client.list()).find((h) => h.url === spec.url);
      return existing ? (await client.update(existing.id, spec)).id : (await client.create(spec)).id;
    } catch (e) {
      throw e instanceof GithubApiError ? new FeedValidationError(e.message) : e;
    }
  }

  private async removeHooks(sub: FeedSubscription<GithubFeedConfig>, config: GithubFeedConfig): Promise<void> {
    const subscriptionId = sub.id;
    const client = this.client(sub, config);
    const url = this.hookUrl(subscriptionId);
    let ids: number[];
    try {
      ids = (await client.list()).filter((h) => h.url === url).map((h) => h.id);
    } catch (e) {
      if (e instanceof FeedEgressError) {
        // The policy refuses the API root: Wisp never calls it on the tenant's behalf, so there is nothing to remove.
        this.logger.warn(`subscription ${subscriptionId}: hook on ${config.repository} not removed: ${e.message}`);
        return;
      }
      // The repository is gone or the token lost its rights: there is nothing left Wisp could remove.
      if (e instanceof GithubApiError && [401, 403, 404].includes(e.status ?? 0)) {
        this.logger.warn(`subscription ${subscriptionId}: cannot remove its hook from ${config.repository}: ${e.message}`);
        return;
      }
      throw e;
    }
    if (config.hookId !== undefined && !ids.includes(config.hookId)) ids.push(config.hookId);
    for (const id of ids) await client.delete(id);
  }

  private client(sub: FeedSubscription<GithubFeedConfig>, config: GithubFeedConfig): GithubHooksClient {
    return new GithubHooksClient(config.repository, config.accessToken!, config.baseUrl ?? GITHUB_API_URL, (url, init) => sub.egress.fetch(url, init));
  }
}
