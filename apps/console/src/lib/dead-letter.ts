import { outcomeOf, type Outcome } from './outcome';
import type { DeadLetterDoc } from './types';

/** A dead letter as a list row. */
export interface DeadLetterRow {
  id: string;
  created: number;
  rule: string;
  trigger: string;
  action: string;
  attempts: number;
  /** Outcome of the last attempt, when it left a response. */
  lastOutcome?: Outcome;
  lastError?: string;
  triggerActivationId?: string;
}

/** Maps the API's dead letter (rule/trigger/action paths, attempts, lastResponse) to a row. */
export function deadLetterRow(d: DeadLetterDoc): DeadLetterRow {
  const created = typeof d.created === 'number' ? d.created : Date.parse(String(d.created));
  const last = d.lastResponse as { statusCode?: number; result?: { error?: unknown } } | null | undefined;
  const error = last?.result?.error;
  return {
    id: d.id,
    created,
    rule: String(d.rule ?? ''),
    trigger: String(d.trigger ?? ''),
    action: String(d.action ?? ''),
    attempts: Array.isArray(d.attempts) ? d.attempts.length : 0,
    ...(last ? { lastOutcome: outcomeOf({ activationId: '', name: '', namespace: '', start: 0, statusCode: last.statusCode ?? 1 }) } : {}),
    ...(error !== undefined ? { lastError: typeof error === 'string' ? error : JSON.stringify(error) } : {}),
    ...(typeof d.triggerActivationId === 'string' ? { triggerActivationId: d.triggerActivationId } : {}),
  };
}
