import { StoreUnavailableError } from '@wisp/core';
import type { RuleLogLine } from './trigger-activation';

/**
 * Turns the settled rule activations of one fire into log lines. A rule whose activation RabbitMQ refused (see
 * `ActivationEnqueuer`) rejects with {@link StoreUnavailableError}. When no rule started an activation and at least one
 * was refused, the whole fire is refused: that error is thrown, no trigger record is written, nothing runs, and the
 * client may fire again. Otherwise the refused rules become failed lines beside the accepted ones, which is what ran.
 */
export function ruleLinesOrRefusal(settled: PromiseSettledResult<RuleLogLine>[], rules: { rule: string; action: string }[]): RuleLogLine[] {
  const refusal = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const started = settled.some((s) => s.status === 'fulfilled' && s.value.activationId !== undefined);
  if (refusal && !started) throw refusal.reason;
  return settled.map((s, i) => {
    if (s.status === 'fulfilled') return s.value;
    if (!(s.reason instanceof StoreUnavailableError)) throw s.reason;
    return { statusCode: 3, success: false, error: s.reason.message, ...rules[i] };
  });
}
