import { BadRequestError, Messages, SystemLimits } from '@wisp/core';
import { queryFlag } from '../common/list-query';

/** How the caller wants to wait. */
export interface InvokeOptions {
  blocking: boolean;
  /** Return only `response.result`. */
  result: boolean;
  /** Longest blocking wait, ms. */
  waitMs: number;
}

/** Parses `blocking`, `result` and `timeout` with OpenWhisk's rules. @throws BadRequestError for a bad timeout. */
export function parseInvokeOptions(q: Record<string, unknown>): InvokeOptions {
  let waitMs: number = SystemLimits.maxBlockingWaitMs;
  if (q.timeout !== undefined && q.timeout !== '') {
    const t = Number(q.timeout);
    if (!Number.isInteger(t) || t <= 0 || t > SystemLimits.maxBlockingWaitMs) throw new BadRequestError(Messages.badTimeout);
    waitMs = t;
  }
  return { blocking: queryFlag(q.blocking), result: queryFlag(q.result), waitMs };
}
