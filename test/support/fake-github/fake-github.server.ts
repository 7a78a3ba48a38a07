import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A repository hook as the fake keeps it (the secret is never answered, as on GitHub). */
export interface FakeHook {
  id: number;
  repository: string;
  active: boolean;
  events: string[];
  config: { url: string; content_type: string; secret?: string; insecure_ssl?: string };
  created_at: string;
  updated_at: string;
}

/** One delivery the fake made to a hook URL, and what it got back. */
export interface FakeDelivery {
  id: string;
  event: string;
  hookId: number;
  status: number;
  body: string;
}

/**
 * A local stand-in for GitHub (api.github.com cannot be reached here): the repository hooks endpoints of the REST API
 * (`GET/POST /repos/{owner}/{repo}/hooks`, `GET/PATCH/DELETE /repos/{owner}/{repo}/hooks/{id}`) for octokit's
 * `baseUrl`, and deliveries to the registered hooks signed with their secrets (`X-Hub-Signature-256`), including the
 * `ping` GitHub sends when a hook is created.
 */
export class FakeGithub {
  readonly hooks = new Map<number, FakeHook>();
  readonly deliveries: FakeDelivery[] = [];
  /** Requests received, as `METHOD path`. */
  readonly requests: string[] = [];
  /** Repositories answered with 404. */
  readonly missingRepositories = new Set<string>();
  /** Send a `ping` to a hook's URL when it is created, as GitHub does. */
  pingOnCreate = false;
  private nextId = 1000;
  private server?: Server;
  private pending: Promise<unknown>[] = [];

  constructor(readonly token = 'ghp_fake_token') {}

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.pending);
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  hooksOf(repository: string): FakeHook[] {
    return [...this.hooks.values()].filter((h) => h.repository === repository);
  }

  /**
   * Delivers `payload` as `event` to every active hook of `repository` subscribed to it, as GitHub would, and returns
   * the deliveries. `deliveryId` reuses an id (a redelivery).
   */
  async deliver(repository: string, event: string, payload: unknown, deliveryId: string = randomUUID()): Promise<FakeDelivery[]> {
    const hooks = this.hooksOf(repository).filter((h) => h.active && (event === 'ping' || h.events.includes(event) || h.events.includes('*')));
    return Promise.all(hooks.map((h) => this.post(h, event, payload, deliveryId)));
  }

  private async post(hook: FakeHook, event: string, payload: unknown, deliveryId: string): Promise<FakeDelivery> {
    const body = JSON.stringify(payload);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/fake',
      'x-github-event': event,
      'x-github-delivery': deliveryId,
      'x-github-hook-id': String(hook.id),
      'x-github-hook-installation-target-type': 'repository',
      'x-github-hook-installation-target-id': '1296269',
    };
    if (hook.config.secret) headers['x-hub-signature-256'] = `sha256=${createHmac('sha256', hook.config.secret).update(body).digest('hex')}`;
    const res = await fetch(hook.config.url, { method: 'POST', headers, body });
    const delivery = { id: deliveryId, event, hookId: hook.id, status: res.status, body: await res.text() };
    this.deliveries.push(delivery);
    return delivery;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push(`${req.method} ${url.pathname}`);
    const body = await readJson(req);
    const auth = req.headers.authorization ?? '';
    if (auth !== `token ${this.token}` && auth !== `Bearer ${this.token}`) return send(res, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    const m = /^\/repos\/([^/]+)\/([^/]+)\/hooks(?:\/(\d+))?$/.exec(url.pathname);
    if (!m) return send(res, 404, { message: 'Not Found' });
    const repository = `${m[1]}/${m[2]}`;
    if (this.missingRepositories.has(repository)) return send(res, 404, { message: 'Not Found' });
    const id = m[3] ? Number(m[3]) : undefined;
    if (id === undefined) {
      if (req.method === 'GET') return send(res, 200, this.hooksOf(repository).map((h) => this.view(h)));
      if (req.method === 'POST') return this.create(res, repository, body);
      return send(res, 405, { message: 'Method Not Allowed' });
    }
    const hook = this.hooks.get(id);
    if (!hook || hook.repository !== repository) return send(res, 404, { message: 'Not Found' });
    if (req.method === 'GET') return send(res, 200, this.view(hook));
    if (req.method === 'PATCH') {
      if (Array.isArray(body.events)) hook.events = body.events as string[];
      if (typeof body.active === 'boolean') hook.active = body.active;
      if (body.config) hook.config = { ...hook.config, ...(body.config as FakeHook['config']) };
      hook.updated_at = new Date().toISOString();
      return send(res, 200, this.view(hook));
    }
    if (req.method === 'DELETE') {
      this.hooks.delete(id);
      res.writeHead(204).end();
      return;
    }
    send(res, 405, { message: 'Method Not Allowed' });
  }

  private create(res: ServerResponse, repository: string, body: Record<string, unknown>): void {
    const config = body.config as FakeHook['config'] | undefined;
    if (!config?.url) return send(res, 422, { message: 'Validation Failed', errors: [{ resource: 'Hook', code: 'custom', message: 'Hook url is required' }] });
    const duplicate = this.hooksOf(repository).find((h) => h.config.url === config.url);
    if (duplicate) return send(res, 422, { message: 'Validation Failed', errors: [{ resource: 'Hook', code: 'custom', message: 'Hook already exists on this repository' }] });
    const now = new Date().toISOString();
    const hook: FakeHook = { id: this.nextId++, repository, active: body.active !== false, events: (body.events as string[]) ?? ['push'], config, created_at: now, updated_at: now };
    this.hooks.set(hook.id, hook);
    send(res, 201, this.view(hook));
    if (this.pingOnCreate) {
      const ping = { zen: 'Keep it logically awesome.', hook_id: hook.id, hook: this.view(hook), repository: { full_name: repository } };
      this.pending.push(this.post(hook, 'ping', ping, randomUUID()).catch(() => undefined));
    }
  }

  private view(h: FakeHook): Record<string, unknown> {
    const [owner, repo] = h.repository.split('/');
    const url = `${this.baseUrl}/repos/${owner}/${repo}/hooks/${h.id}`;
    return {
      type: 'Repository',
      id: h.id,
      name: 'web',
      active: h.active,
      events: h.events,
      config: { url: h.config.url, content_type: h.config.content_type, insecure_ssl: h.config.insecure_ssl ?? '0', ...(h.config.secret ? { secret: '********' } : {}) },
      updated_at: h.updated_at,
      created_at: h.created_at,
      url,
      test_url: `${url}/test`,
      ping_url: `${url}/pings`,
      deliveries_url: `${url}/deliveries`,
      last_response: { code: null, status: 'unused', message: null },
    };
  }
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {});
      } catch {
        resolve({});
      }
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
