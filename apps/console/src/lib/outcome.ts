import type { ActivationDoc } from './types';

/** The closed set of activation outcomes, plus `running` for a record with no end yet. */
export type Outcome = 'success' | 'application error' | 'developer error' | 'internal error' | 'running';

/** Every outcome, in the order the filter offers them. */
export const OUTCOMES: readonly Outcome[] = ['success', 'application error', 'developer error', 'internal error', 'running'];

const BY_CODE: Record<number, Outcome> = { 0: 'success', 1: 'application error', 2: 'developer error', 3: 'internal error' };
const BY_TEXT: Record<string, Outcome> = {
  success: 'success',
  'application error': 'application error',
  'action developer error': 'developer error',
  'whisk internal error': 'internal error',
};

/** The outcome of a list item (`statusCode`) or of a whole record (`response`). */
export function outcomeOf(a: ActivationDoc): Outcome {
  const code = a.response?.statusCode ?? a.statusCode;
  if (code !== undefined && BY_CODE[code]) return BY_CODE[code];
  if (a.response?.status && BY_TEXT[a.response.status]) return BY_TEXT[a.response.status];
  if (a.response) return a.response.success ? 'success' : 'application error';
  return isInstant(a) ? 'success' : 'running';
}

/**
 * A trigger's record: an instant with no end and no runtime `kind` (OpenWhisk stores fires with end 0, and a list
 * shows them without a status code; the record itself is always a success). An action's record without an end is
 * still running.
 */
export function isInstant(a: ActivationDoc): boolean {
  return !a.end && a.duration === undefined && !a.annotations?.some((x) => x.key === 'kind');
}

/** A CSS class name for an outcome (colours live in the stylesheet). */
export function outcomeClass(o: Outcome): string {
  return `outcome-${o.replace(/\s+/g, '-')}`;
}
