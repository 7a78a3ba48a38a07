import { E2E } from './e2e-env';

/** A raw HTTP answer: status, headers and parsed JSON body (or text). */
export interface RawResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** Plain HTTP against the e2e API (or another stack's `apihost`), for what the `openwhisk` client hides (status codes, headers, error bodies). */
export async function http(method: string, path: string, opts: { key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string>; apihost?: string } = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.key) headers.authorization = `Basic ${Buffer.from(opts.key).toString('base64')}`;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${opts.apihost ?? E2E.apihost}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
