import * as http from 'node:http';
import { BENCH } from './config';

/** An API answer: status and parsed JSON body. */
export interface ApiResponse {
  status: number;
  body: any;
}

/** Plain HTTP to the bench API over keep-alive connections (a client the size of the load, never the bottleneck). */
export class Api {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly auth: string;

  /** The namespace's API key (`uuid:secret`), for feed lifecycle calls that carry it as `authKey`. */
  constructor(readonly key: string) {
    this.auth = `Basic ${Buffer.from(key).toString('base64')}`;
  }

  request(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: BENCH.port,
          method,
          path,
          agent: this.agent,
          headers: { authorization: this.auth, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              // not JSON
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(120_000, () => req.destroy(new Error(`${method} ${path} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Creates or replaces a nodejs:20 action; `memory` in MB. */
  async putAction(name: string, code: string, memory: number): Promise<void> {
    const r = await this.request('PUT', `/api/v1/namespaces/_/actions/${name}?overwrite=true`, { exec: { kind: 'nodejs:20', code }, limits: { memory } });
    if (r.status !== 200) throw new Error(`PUT action ${name} → ${r.status} ${JSON.stringify(r.body)}`);
  }

  /** Blocking invoke; throws unless the activation succeeded. */
  async invoke(name: string, params: Record<string, unknown> = {}): Promise<any> {
    const r = await this.request('POST', `/api/v1/namespaces/_/actions/${name}?blocking=true`, params);
    if (r.status !== 200) throw new Error(`invoke ${name} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }

  async putTrigger(name: string): Promise<void> {
    const r = await this.request('PUT', `/api/v1/namespaces/_/triggers/${name}?overwrite=true`, {});
    if (r.status !== 200) throw new Error(`PUT trigger ${name} → ${r.status} ${JSON.stringify(r.body)}`);
  }

  async putRule(name: string, trigger: string, action: string): Promise<void> {
    const r = await this.request('PUT', `/api/v1/namespaces/_/rules/${name}?overwrite=true`, { trigger, action });
    if (r.status !== 200) throw new Error(`PUT rule ${name} → ${r.status} ${JSON.stringify(r.body)}`);
  }

  /** Fires a trigger; returns the trigger activation id (202), or throws. */
  async fire(name: string, event: Record<string, unknown>): Promise<string> {
    const r = await this.request('POST', `/api/v1/namespaces/_/triggers/${name}`, event);
    if (r.status !== 202) throw new Error(`fire ${name} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.activationId;
  }

  close(): void {
    this.agent.destroy();
  }
}
