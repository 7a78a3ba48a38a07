import { entityUrl, splitPath } from '../lib/names';
import { feedInvocation } from '../lib/feed';
import type { ActionDoc, ActivationDoc, CatalogPackage, DeadLetterDoc, FeedRead, RuleDoc, TriggerDoc } from '../lib/types';
import { ApiError, errorText } from './api-error';

type Query = Record<string, string | undefined>;

/** The REST API v1 as the console uses it: every call is a public route, made with the signed-in user's key. */
export class ApiClient {
  private readonly auth: string;

  constructor(
    private readonly key: string,
    readonly namespace: string,
  ) {
    this.auth = `Basic ${btoa(key)}`;
  }

  /** One request; a non-2xx answer throws an {@link ApiError} with the API's text. */
  async request<T>(method: string, path: string, opts: { query?: Query; body?: unknown; allow?: number[] } = {}): Promise<T> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) qs.set(k, v);
    const url = `${path}${qs.size ? `?${qs}` : ''}`;
    const headers: Record<string, string> = { Authorization: this.auth, Accept: 'application/json' };
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    // credentials 'omit': the key travels only in this header, and a 401 never opens the browser's own login prompt.
    const res = await fetch(url, { method, headers, credentials: 'omit', cache: 'no-store', ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    if (!res.ok && !(opts.allow ?? []).includes(res.status)) {
      const e = errorText(res.status, body);
      throw new ApiError(res.status, e.message, e.code);
    }
    return body as T;
  }

  private ns(): string {
    return `/api/v1/namespaces/${encodeURIComponent(this.namespace)}`;
  }

  private path(name: string) {
    return splitPath(name, this.namespace);
  }

  namespaces(): Promise<string[]> {
    return this.request('GET', '/api/v1/namespaces');
  }

  catalog(): Promise<{ packages: CatalogPackage[] }> {
    return this.request('GET', '/api/v1/catalog');
  }

  /** GET / (no key needed): the runtime kinds this Wisp offers. */
  async kinds(): Promise<string[]> {
    const info = await this.request<{ runtimes?: Record<string, { kind: string }[]> }>('GET', '/');
    return Object.values(info.runtimes ?? {}).flat().map((r) => r.kind);
  }

  packages(page: { skip: number; limit: number }): Promise<{ name: string; namespace: string; binding?: unknown }[]> {
    return this.request('GET', `${this.ns()}/packages`, { query: { skip: String(page.skip), limit: String(page.limit) } });
  }

  bindPackage(name: string, source: string, parameters: Record<string, unknown>): Promise<unknown> {
    const src = splitPath(source);
    return this.request('PUT', entityUrl('packages', { namespace: this.namespace, name }), {
      body: { binding: { namespace: src.namespace, name: src.name }, parameters: Object.entries(parameters).map(([key, value]) => ({ key, value })) },
    });
  }

  actions(page: { skip: number; limit: number }): Promise<ActionDoc[]> {
    return this.request('GET', `${this.ns()}/actions`, { query: { skip: String(page.skip), limit: String(page.limit) } });
  }

  action(name: string): Promise<ActionDoc> {
    return this.request('GET', entityUrl('actions', this.path(name)), { query: { code: 'true' } });
  }

  putAction(name: string, body: Record<string, unknown>, overwrite: boolean): Promise<ActionDoc> {
    return this.request('PUT', entityUrl('actions', this.path(name)), { body, query: { overwrite: String(overwrite) } });
  }

  deleteAction(name: string): Promise<unknown> {
    return this.request('DELETE', entityUrl('actions', this.path(name)));
  }

  /** A blocking invoke: the whole activation (also for an application error, which the API answers with 502). */
  invoke(name: string, params: Record<string, unknown>): Promise<ActivationDoc | { activationId: string }> {
    return this.request('POST', entityUrl('actions', this.path(name)), { body: params, query: { blocking: 'true' }, allow: [502] });
  }

  triggers(page: { skip: number; limit: number }): Promise<TriggerDoc[]> {
    return this.request('GET', `${this.ns()}/triggers`, { query: { skip: String(page.skip), limit: String(page.limit) } });
  }

  trigger(name: string): Promise<TriggerDoc> {
    return this.request('GET', entityUrl('triggers', this.path(name)));
  }

  putTrigger(name: string, body: Record<string, unknown>, overwrite = false): Promise<TriggerDoc> {
    return this.request('PUT', entityUrl('triggers', this.path(name)), { body, query: { overwrite: String(overwrite) } });
  }

  deleteTrigger(name: string): Promise<unknown> {
    return this.request('DELETE', entityUrl('triggers', this.path(name)));
  }

  /** Fires a trigger: `{activationId}`, or nothing (204) when no rule is active. */
  fire(name: string, payload: Record<string, unknown>): Promise<{ activationId?: string } | undefined> {
    return this.request('POST', entityUrl('triggers', this.path(name)), { body: payload });
  }

  rules(page: { skip: number; limit: number }): Promise<RuleDoc[]> {
    return this.request('GET', `${this.ns()}/rules`, { query: { skip: String(page.skip), limit: String(page.limit) } });
  }

  putRule(name: string, trigger: string, action: string): Promise<RuleDoc> {
    return this.request('PUT', entityUrl('rules', this.path(name)), { body: { trigger, action } });
  }

  setRuleStatus(name: string, status: 'active' | 'inactive'): Promise<unknown> {
    return this.request('POST', entityUrl('rules', this.path(name)), { body: { status } });
  }

  deleteRule(name: string): Promise<unknown> {
    return this.request('DELETE', entityUrl('rules', this.path(name)));
  }

  /** Runs one lifecycle event of a feed action (as `wsk trigger create --feed` does) and returns its result. */
  async feed<T = Record<string, unknown>>(feedAction: string, event: 'CREATE' | 'READ' | 'DELETE' | 'PAUSE' | 'UNPAUSE' | 'UPDATE', trigger: string, params: Record<string, unknown> = {}): Promise<T> {
    const t = this.path(trigger);
    const activation = await this.request<ActivationDoc>('POST', entityUrl('actions', splitPath(feedAction)), {
      body: feedInvocation(event, `/${t.namespace}/${t.name}`, this.key, params),
      query: { blocking: 'true' },
    });
    return (activation.response?.result ?? {}) as T;
  }

  readFeed(feedAction: string, trigger: string): Promise<FeedRead> {
    return this.feed<FeedRead>(feedAction, 'READ', trigger);
  }

  activations(query: Record<string, string>): Promise<ActivationDoc[]> {
    return this.request('GET', `${this.ns()}/activations`, { query });
  }

  activation(id: string): Promise<ActivationDoc> {
    return this.request('GET', `${this.ns()}/activations/${encodeURIComponent(id)}`);
  }

  children(id: string): Promise<ActivationDoc[]> {
    return this.request('GET', `${this.ns()}/activations`, { query: { cause: id, limit: '50', docs: 'false' } });
  }

  deadLetters(page: { skip: number; limit: number }): Promise<DeadLetterDoc[]> {
    return this.request('GET', `${this.ns()}/deadletters`, { query: { skip: String(page.skip), limit: String(page.limit) } });
  }

  deadLetter(id: string): Promise<DeadLetterDoc> {
    return this.request('GET', `${this.ns()}/deadletters/${encodeURIComponent(id)}`);
  }

  deleteDeadLetter(id: string): Promise<DeadLetterDoc> {
    return this.request('DELETE', `${this.ns()}/deadletters/${encodeURIComponent(id)}`);
  }
}
