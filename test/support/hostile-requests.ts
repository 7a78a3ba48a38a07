import { E2E } from './e2e-env';
import { http, type RawResponse } from './http';

/** One raw request: bytes and headers exactly as given (no JSON encoding, no default content type). */
export interface HostileRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** Sends `r` to the e2e API as `key` (none for web actions when `key` is undefined). */
export async function sendRaw(r: HostileRequest, key?: string): Promise<RawResponse> {
  const headers: Record<string, string> = { ...r.headers };
  if (key) headers.authorization = `Basic ${Buffer.from(key).toString('base64')}`;
  const res = await fetch(`${E2E.apihost}${r.path}`, { method: r.method, headers, body: r.body });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body };
}

/** True when `r` is an OpenWhisk error answer: `{error: string, code: <the response's request id>}` and nothing else. */
export function isErrorShape(r: RawResponse): boolean {
  const b = r.body as Record<string, unknown> | undefined;
  return !!b && typeof b === 'object' && Object.keys(b).sort().join() === 'code,error' && typeof b.error === 'string' && b.code === r.headers.get('x-request-id');
}

/** How many activations the namespace of `key` has stored. */
export async function activationCount(key: string): Promise<number> {
  const r = await http('GET', '/api/v1/namespaces/_/activations?count=true', { key });
  if (r.status !== 200) throw new Error(`count activations → ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.activations as number;
}

/** The activation count once it stopped moving (records of earlier work are written in batches, a little later). */
export async function settledActivationCount(key: string, quietMs = 400): Promise<number> {
  let last = await activationCount(key);
  for (;;) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = await activationCount(key);
    if (now === last) return now;
    last = now;
  }
}
