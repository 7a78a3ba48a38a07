import { verify } from '@octokit/webhooks-methods';
import type { GithubFeedConfig } from './github-feed-config';

/** Request headers of a delivery, as Node hands them over (lower-case names). */
export type GithubDeliveryHeaders = Record<string, string | string[] | undefined>;

/** What the receiver does with one POST from GitHub. */
export type GithubDeliveryVerdict =
  | { outcome: 'rejected'; status: 400 | 401; reason: string }
  | { outcome: 'ping'; delivery: string; zen?: string }
  | { outcome: 'ignored'; event: string; delivery: string }
  | { outcome: 'accepted'; event: string; delivery: string; fire: Record<string, unknown> };

/** Delivery headers the fired event carries (never the signature). */
const FORWARDED_HEADERS = [
  'x-github-event',
  'x-github-delivery',
  'x-github-hook-id',
  'x-github-hook-installation-target-id',
  'x-github-hook-installation-target-type',
  'user-agent',
];

/**
 * Decides what a delivery means for the subscription with `config`: the signature is checked first and in constant
 * time (`X-Hub-Signature-256`, HMAC-SHA256 of the raw body), so an unsigned caller learns nothing else; then the
 * body must be a JSON object (or GitHub's form encoding with a `payload` field); `ping` is answered, events the
 * subscription did not ask for are ignored, the rest fire with `event`, `delivery` and the GitHub headers added.
 */
export async function inspectGithubDelivery(config: GithubFeedConfig, headers: GithubDeliveryHeaders, body: Buffer): Promise<GithubDeliveryVerdict> {
  const signature = header(headers, 'x-hub-signature-256');
  if (!signature || !signature.startsWith('sha256=')) return { outcome: 'rejected', status: 401, reason: 'missing X-Hub-Signature-256 signature' };
  if (!config.secret || !(await signatureMatches(config.secret, body, signature))) {
    return { outcome: 'rejected', status: 401, reason: 'X-Hub-Signature-256 does not match the subscription secret' };
  }
  const event = header(headers, 'x-github-event');
  const delivery = header(headers, 'x-github-delivery');
  if (!event || !delivery) return { outcome: 'rejected', status: 400, reason: 'X-GitHub-Event and X-GitHub-Delivery headers are required' };
  const payload = parsePayload(body, header(headers, 'content-type'));
  if (!payload) return { outcome: 'rejected', status: 400, reason: 'the body is not a JSON object' };
  if (event === 'ping') return { outcome: 'ping', delivery, zen: typeof payload.zen === 'string' ? payload.zen : undefined };
  if (!config.events.includes('*') && !config.events.includes(event)) return { outcome: 'ignored', event, delivery };
  const forwarded = Object.fromEntries(FORWARDED_HEADERS.flatMap((h) => (header(headers, h) ? [[h, header(headers, h)]] : [])));
  return { outcome: 'accepted', event, delivery, fire: { ...payload, event, delivery, headers: forwarded } };
}

async function signatureMatches(secret: string, body: Buffer, signature: string): Promise<boolean> {
  if (body.length === 0) return false;
  try {
    // `verify` compares HMACs with crypto.timingSafeEqual.
    return await verify(secret, body.toString('utf8'), signature);
  } catch {
    return false; // malformed signature value: as wrong as a mismatching one
  }
}

function parsePayload(body: Buffer, contentType: string | undefined): Record<string, unknown> | undefined {
  let text = body.toString('utf8');
  if (contentType?.startsWith('application/x-www-form-urlencoded')) text = new URLSearchParams(text).get('payload') ?? '';
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function header(headers: GithubDeliveryHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
