import type { RawAnswer } from './raw-request';
import type { Probe } from './isolation-probes';

/** How one probe ended: refused, allowed as the matrix documents it, or a breach (with the reason). */
export type Verdict = { kind: 'refused' } | { kind: 'allowed' } | { kind: 'breach'; reason: string };

const REFUSALS = [401, 403, 404];

/**
 * Judges one answer to B. Anything of A's (`secret`, or a probe's forbidden texts) in the answer is a breach whatever
 * the status; a refusal must be 401/403/404 (400 for a malformed path), so a 409 "already exists" — an existence
 * oracle — or a 5xx counts as a breach too.
 */
export function judge(probe: Probe, answer: RawAnswer, secret: string): Verdict {
  const leaked = [secret, ...(probe.forbidden ?? [])].find((s) => answer.text.includes(s));
  if (leaked) return { kind: 'breach', reason: `answer contains ${leaked === secret ? "A's secret" : leaked}` };
  if (probe.expect === 'refused') {
    if (REFUSALS.includes(answer.status) || (probe.malformed && answer.status === 400)) return { kind: 'refused' };
    return { kind: 'breach', reason: `expected a refusal, got ${answer.status}` };
  }
  if (answer.status >= 500 && probe.expect !== 'own') return { kind: 'breach', reason: `status ${answer.status}` };
  if (probe.expect === 'published' && (answer.status < 200 || answer.status > 299)) return { kind: 'breach', reason: `published entity not served: ${answer.status}` };
  let body: unknown = answer.text;
  try {
    body = answer.text ? JSON.parse(answer.text) : undefined;
  } catch {
    // not JSON
  }
  const why = probe.check?.(body, answer.status);
  return why ? { kind: 'breach', reason: why } : { kind: 'allowed' };
}
