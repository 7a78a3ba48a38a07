import { isTextContentType } from './web-input';
import type { WebExtension } from './web-path';

/** An HTTP answer built from an action result. */
export interface WebResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | string | undefined;
}

/** OpenWhisk's texts for web-action failures. */
export const WebMessages = {
  processingError: 'There was an error processing your request.',
  notReady: 'Response not yet ready.',
  invalidHttp: "Response is not valid 'message/http'.",
  invalidJson: 'Response is not valid JSON.',
  invalidText: (ext: string) => `Response type in header did not match generated content type (expected ${ext}).`,
} as const;

const TYPES: Record<Exclude<WebExtension, 'http' | 'json'>, string> = { html: 'text/html; charset=UTF-8', svg: 'image/svg+xml', text: 'text/plain; charset=UTF-8' };
const FIELDS: Record<Exclude<WebExtension, 'http' | 'json'>, string[]> = { html: ['body', 'html'], svg: ['body', 'svg'], text: ['body', 'text'] };

function jsonAnswer(value: unknown, status = 200): WebResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** An error answer in OpenWhisk's `{error, code}` shape. */
export function webError(status: number, error: string, code: string): WebResponse {
  return jsonAnswer({ error, code }, status);
}

/** Follows `/a/b` through an object, as OpenWhisk's projection of non-http extensions does. */
export function project(value: unknown, rest: string): unknown {
  return rest
    .split('/')
    .filter(Boolean)
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
}

/** Turns an action result into the HTTP answer its extension asks for. Returns undefined when the result is unusable. */
export function transcode(ext: WebExtension, result: unknown, rest: string): WebResponse | undefined {
  if (ext === 'http') return httpAnswer(result);
  const value = rest ? project(result, rest) : result;
  if (ext === 'json') return value && typeof value === 'object' ? jsonAnswer(value) : undefined;
  const field = value && typeof value === 'object' ? FIELDS[ext].map((f) => (value as Record<string, unknown>)[f]).find((v) => v !== undefined) : value;
  return typeof field === 'string' ? { status: 200, headers: { 'content-type': TYPES[ext] }, body: field } : undefined;
}

function httpAnswer(result: unknown): WebResponse | undefined {
  if (!result || typeof result !== 'object' || Array.isArray(result)) return undefined;
  const r = result as { statusCode?: unknown; code?: unknown; headers?: unknown; body?: unknown };
  const headers: Record<string, string> = {};
  if (r.headers !== undefined) {
    if (!r.headers || typeof r.headers !== 'object' || Array.isArray(r.headers)) return undefined;
    for (const [k, v] of Object.entries(r.headers as Record<string, unknown>)) {
      if (!['string', 'number', 'boolean'].includes(typeof v) && !Array.isArray(v)) return undefined;
      headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    }
  }
  const rawStatus = r.statusCode ?? r.code;
  const status = rawStatus === undefined ? undefined : Number(rawStatus);
  if (status !== undefined && (!Number.isInteger(status) || status < 100 || status > 599)) return undefined;
  const body = r.body;
  if (body === undefined || body === null || body === '') return { status: status ?? 204, headers, body: undefined };
  if (typeof body === 'object') {
    headers['content-type'] ??= 'application/json';
    return { status: status ?? 200, headers, body: JSON.stringify(body) };
  }
  if (typeof body !== 'string') {
    headers['content-type'] ??= 'application/json';
    return { status: status ?? 200, headers, body: JSON.stringify(body) };
  }
  headers['content-type'] ??= 'text/html; charset=UTF-8';
  if (isTextContentType(headers['content-type'])) return { status: status ?? 200, headers, body };
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return undefined;
  return { status: status ?? 200, headers, body: Buffer.from(body, 'base64') };
}
