import { Octokit } from '@octokit/rest';
import { FeedEgressError } from '../../egress/feed-connector';

/** A repository webhook as Wisp needs to see it. */
export interface GithubHook {
  id: number;
  url: string;
  events: string[];
  active: boolean;
  lastResponse?: { code: number | null; status: string | null; message: string | null };
}

/** What Wisp registers: a JSON web hook posting to `url`, signed with `secret`. */
export interface GithubHookSpec {
  url: string;
  secret: string;
  events: string[];
}

/** A GitHub REST failure with the HTTP status it came with. */
export class GithubApiError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

/**
 * Adapter over octokit for the repository hooks endpoints (`/repos/{owner}/{repo}/hooks`). Every request goes
 * through `fetch`, the feed connector's (vetted addresses, vetted redirects); a refusal surfaces as the
 * {@link FeedEgressError} it was, not as a GitHub failure.
 */
export class GithubHooksClient {
  private readonly octokit: Octokit;
  private readonly owner: string;
  private readonly repo: string;
  private refused?: FeedEgressError;

  constructor(repository: string, accessToken: string, baseUrl: string, fetch: (url: string, init?: RequestInit) => Promise<Response>) {
    [this.owner, this.repo] = repository.split('/');
    const vetted = (url: string, init?: RequestInit) =>
      fetch(url, init).catch((e: Error) => {
        if (e instanceof FeedEgressError) this.refused = e;
        throw e;
      });
    // No retries or throttling plugins: lifecycle calls answer a user who is waiting.
    this.octokit = new Octokit({ auth: accessToken, baseUrl, userAgent: 'wisp-feeds', request: { retries: 0, fetch: vetted } });
  }

  /** Every hook of the repository. */
  async list(): Promise<GithubHook[]> {
    const hooks = await this.call('list the hooks of', () =>
      this.octokit.paginate(this.octokit.rest.repos.listWebhooks, { owner: this.owner, repo: this.repo, per_page: 100 }),
    );
    return hooks.map(toHook);
  }

  /** The hook with `id`, or undefined when GitHub no longer has it. */
  async get(id: number): Promise<GithubHook | undefined> {
    try {
      const { data } = await this.call('read a hook of', () => this.octokit.rest.repos.getWebhook({ owner: this.owner, repo: this.repo, hook_id: id }));
      return toHook(data);
    } catch (e) {
      if (e instanceof GithubApiError && e.status === 404) return undefined;
      throw e;
    }
  }

  async create(spec: GithubHookSpec): Promise<GithubHook> {
    const { data } = await this.call('register a hook on', () =>
      this.octokit.rest.repos.createWebhook({ owner: this.owner, repo: this.repo, name: 'web', active: true, events: spec.events, config: hookConfig(spec) }),
    );
    return toHook(data);
  }

  async update(id: number, spec: GithubHookSpec): Promise<GithubHook> {
    const { data } = await this.call('update a hook of', () =>
      this.octokit.rest.repos.updateWebhook({ owner: this.owner, repo: this.repo, hook_id: id, active: true, events: spec.events, config: hookConfig(spec) }),
    );
    return toHook(data);
  }

  /** Removes the hook; a hook that is already gone counts as removed. */
  async delete(id: number): Promise<void> {
    try {
      await this.call('remove a hook from', () => this.octokit.rest.repos.deleteWebhook({ owner: this.owner, repo: this.repo, hook_id: id }));
    } catch (e) {
      if (!(e instanceof GithubApiError && e.status === 404)) throw e;
    }
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (this.refused) throw this.refused;
      const status = (e as { status?: number }).status;
      const reason = status ? `HTTP ${status}: ${(e as Error).message}` : (e as Error).message;
      throw new GithubApiError(`GitHub refused to ${what} ${this.owner}/${this.repo} (${reason})`, status);
    }
  }
}

function hookConfig(spec: GithubHookSpec) {
  return { url: spec.url, content_type: 'json', secret: spec.secret, insecure_ssl: '0' };
}

interface RawHook {
  id: number;
  active: boolean;
  events: string[];
  config: { url?: string };
  last_response?: { code: number | null; status: string | null; message?: string | null };
}

function toHook(raw: RawHook): GithubHook {
  const hook: GithubHook = { id: raw.id, url: raw.config.url ?? '', events: raw.events, active: raw.active };
  if (raw.last_response) hook.lastResponse = { code: raw.last_response.code, status: raw.last_response.status, message: raw.last_response.message ?? null };
  return hook;
}
