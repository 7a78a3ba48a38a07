import { BadRequestError, type KeyValue, Messages, valueOf } from '@wisp/core';

/** Which outcomes a rule's delivery retries. */
export type RetryableOutcome = 'internal' | 'developer' | 'application';

/**
 * A rule's `delivery` annotation: how often and how fast to retry a fired activation that failed, before the event
 * lands in the dead letters. Modelled on Knative's delivery spec.
 */
export interface DeliveryPolicy {
  /** Retries after the first attempt (0–10). */
  retry: number;
  backoffPolicy: 'linear' | 'exponential';
  /** Delay before the first retry, ms. */
  backoffDelayMs: number;
  /** Upper bound of any delay, ms. */
  maxBackoffMs: number;
  /** Outcomes that are retried; internal errors only by default. */
  retryOn: RetryableOutcome[];
}

const OUTCOME_CODE: Record<RetryableOutcome, number> = { application: 1, developer: 2, internal: 3 };

function invalid(detail: string): BadRequestError {
  return new BadRequestError(Messages.malformedRequest(`annotation 'delivery' is not valid: ${detail}`));
}

function intIn(v: unknown, name: string, min: number, max: number, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalid(`'${name}' must be an integer from ${min} to ${max}`);
  return v;
}

/** Validates a delivery annotation value. @throws BadRequestError naming the field. */
export function parseDeliveryPolicy(value: unknown): DeliveryPolicy {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid('it must be an object');
  const v = value as Record<string, unknown>;
  const backoffPolicy = v.backoffPolicy ?? 'exponential';
  if (backoffPolicy !== 'linear' && backoffPolicy !== 'exponential') throw invalid("'backoffPolicy' must be linear or exponential");
  const retryOn = v.retryOn ?? ['internal'];
  if (!Array.isArray(retryOn) || retryOn.length === 0 || !retryOn.every((o) => o in OUTCOME_CODE)) throw invalid("'retryOn' must list internal, developer and/or application");
  return {
    retry: intIn(v.retry, 'retry', 0, 10, 3),
    backoffPolicy,
    backoffDelayMs: intIn(v.backoffDelayMs, 'backoffDelayMs', 0, 600_000, 1000),
    maxBackoffMs: intIn(v.maxBackoffMs, 'maxBackoffMs', 0, 3_600_000, 60_000),
    retryOn: retryOn as RetryableOutcome[],
  };
}

/** The delivery policy in a rule's annotations, or undefined. */
export function deliveryPolicyOf(annotations: readonly KeyValue[]): DeliveryPolicy | undefined {
  const v = valueOf(annotations, 'delivery');
  return v === undefined || v === null ? undefined : parseDeliveryPolicy(v);
}

/** Delay before retry number `attempt` (1-based), ms. */
export function backoffDelay(p: DeliveryPolicy, attempt: number): number {
  const raw = p.backoffPolicy === 'linear' ? p.backoffDelayMs * attempt : p.backoffDelayMs * 2 ** (attempt - 1);
  return Math.min(raw, p.maxBackoffMs);
}

/** True when an outcome status code is one the policy retries. */
export function isRetryable(p: DeliveryPolicy, statusCode: number): boolean {
  return p.retryOn.some((o) => OUTCOME_CODE[o] === statusCode);
}
