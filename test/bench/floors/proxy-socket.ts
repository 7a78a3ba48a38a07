import * as http from 'node:http';
import { randomUUID } from 'node:crypto';

/** HTTP to one action proxy's unix socket over a keep-alive connection, as the invoker talks to it. */
export class ProxySocket {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(readonly socketPath: string) {}

  post(path: string, body: unknown): Promise<{ status: number; body: string }> {
    const payload = Buffer.from(JSON.stringify(body));
    return new Promise((resolve, reject) => {
      const req = http.request(
        { socketPath: this.socketPath, agent: this.agent, method: 'POST', path, headers: { 'content-type': 'application/json', 'content-length': payload.length, host: 'action' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.setTimeout(30_000, () => req.destroy(new Error(`${path} on ${this.socketPath} timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** One `/run` with the body the invoker sends (§7.1); throws unless 200. */
  async run(namespace: string, actionName: string): Promise<void> {
    const id = randomUUID().replace(/-/g, '');
    const r = await this.post('/run', { value: {}, namespace, action_name: actionName, action_version: '0.0.1', activation_id: id, transaction_id: id, deadline: String(Date.now() + 60_000) });
    if (r.status !== 200) throw new Error(`direct /run → ${r.status} ${r.body}`);
  }

  close(): void {
    this.agent.destroy();
  }
}
