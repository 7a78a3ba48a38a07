import { request } from 'node:http';
import { E2E } from '../e2e-env';

/** What the API answered to a raw request: status and the body as text. */
export interface RawAnswer {
  status: number;
  text: string;
}

/**
 * Sends `method path` to the e2e API exactly as written: unlike `fetch`, node's http client does not resolve `..`,
 * `%2e%2e` or other dot segments, so traversal forms reach the server as an attacker would send them.
 */
export function rawRequest(method: string, path: string, opts: { key?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization = `Basic ${Buffer.from(opts.key).toString('base64')}`;
  const body = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
  if (body) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(body.length);
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: E2E.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
